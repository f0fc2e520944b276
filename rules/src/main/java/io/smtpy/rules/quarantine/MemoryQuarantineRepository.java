package io.smtpy.rules.quarantine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import io.smtpy.core.model.DomainName;
import io.smtpy.core.store.AlreadyExistsException;
import io.smtpy.core.store.NotFoundException;

/** The quarantine in the heap, for tests and {@code storage=memory}. */
public class MemoryQuarantineRepository implements QuarantineRepository {
    /** A mail, its bytes, and its place in the order of putting (which breaks ties between mails of one instant). */
    private static final class Stored {
        private final long sequence;
        private final QuarantinedMail mail;
        private final byte[] message;

        Stored(long sequence, QuarantinedMail mail, byte[] message) {
            this.sequence = sequence;
            this.mail = mail;
            this.message = message;
        }
    }

    private static final Comparator<Stored> NEWEST_FIRST = Comparator.<Stored, Instant>comparing(stored -> stored.mail.receivedAt())
        .thenComparingLong(stored -> stored.sequence)
        .reversed();

    /** By domain, then id. Guarded by {@code this}. */
    private final Map<DomainName, Map<QuarantineId, Stored>> byDomain = new LinkedHashMap<>();
    private long sequence;

    @Override
    public synchronized void put(QuarantinedMail mail, byte[] message) {
        Map<QuarantineId, Stored> mails = byDomain.computeIfAbsent(mail.domain(), any -> new LinkedHashMap<>());
        if (mails.containsKey(mail.id())) {
            throw new AlreadyExistsException("quarantined mail " + mail.id() + " of " + mail.domain() + " already exists");
        }
        mails.put(mail.id(), new Stored(sequence++, mail, message.clone()));
    }

    @Override
    public synchronized Optional<QuarantinedMail> find(DomainName domain, QuarantineId id) {
        return stored(domain, id).map(stored -> stored.mail);
    }

    @Override
    public synchronized Optional<byte[]> message(DomainName domain, QuarantineId id) {
        return stored(domain, id).map(stored -> stored.message.clone());
    }

    private Optional<Stored> stored(DomainName domain, QuarantineId id) {
        return Optional.ofNullable(byDomain.getOrDefault(domain, Map.of()).get(id));
    }

    @Override
    public synchronized QuarantinePage list(QuarantineQuery query) {
        List<Stored> passing = byDomain.getOrDefault(query.domain(), Map.of()).values().stream()
            .filter(stored -> query.test(stored.mail))
            .sorted(NEWEST_FIRST)
            .collect(Collectors.toList());
        return new QuarantinePage(passing.stream().skip(query.offset()).limit(query.limit()).map(stored -> stored.mail)
            .collect(Collectors.toList()), passing.size());
    }

    @Override
    public synchronized void update(QuarantinedMail mail) {
        Stored stored = stored(mail.domain(), mail.id())
            .orElseThrow(() -> new NotFoundException("quarantined mail " + mail.id() + " of " + mail.domain() + " is not stored"));
        byDomain.get(mail.domain()).put(mail.id(), new Stored(stored.sequence, mail, stored.message));
    }

    @Override
    public synchronized boolean delete(DomainName domain, QuarantineId id) {
        Map<QuarantineId, Stored> mails = byDomain.get(domain);
        return mails != null && mails.remove(id) != null;
    }

    @Override
    public synchronized List<QuarantinedMail> expired(Instant now, int limit) {
        List<QuarantinedMail> expired = new ArrayList<>();
        byDomain.values().forEach(mails -> mails.values().stream()
            .filter(stored -> !stored.mail.expiresAt().isAfter(now))
            .forEach(stored -> expired.add(stored.mail)));
        expired.sort(Comparator.comparing(QuarantinedMail::expiresAt));
        return expired.stream().limit(limit).collect(Collectors.toList());
    }

    @Override
    public synchronized void deleteDomain(DomainName domain) {
        byDomain.remove(domain);
    }
}
