package io.smtpy.sending.reverse;

import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.apache.james.core.MailAddress;

import io.smtpy.access.AccessId;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.LocalPart;

/** In-memory {@link ReverseAliasRepository}, for tests and the memory storage flavour. */
public class MemoryReverseAliasRepository implements ReverseAliasRepository {
    private static final Comparator<ReverseAlias> ORDER = Comparator.comparing(ReverseAlias::createdAt)
        .thenComparing(reverse -> reverse.id().asString());

    private final Map<AccessId, ReverseAlias> byId = new LinkedHashMap<>();
    private final Map<DomainName, Boolean> domainSettings = new HashMap<>();
    private final Map<DomainName, Map<LocalPart, Boolean>> aliasSettings = new HashMap<>();

    @Override
    public synchronized ReverseAlias addOrGet(ReverseAlias candidate) {
        Optional<ReverseAlias> existing = find(candidate.domain(), candidate.alias(), candidate.original());
        if (existing.isPresent()) {
            return existing.get();
        }
        byId.put(candidate.id(), candidate);
        return candidate;
    }

    @Override
    public synchronized Optional<ReverseAlias> find(DomainName domain, AccessId id) {
        return Optional.ofNullable(byId.get(id)).filter(reverse -> reverse.domain().equals(domain));
    }

    @Override
    public synchronized Optional<ReverseAlias> findByToken(ReverseAliasToken token) {
        return byId.values().stream().filter(reverse -> reverse.token().equals(token)).findFirst();
    }

    @Override
    public synchronized Optional<ReverseAlias> find(DomainName domain, LocalPart alias, MailAddress original) {
        String key = lowered(original);
        return byId.values().stream()
            .filter(reverse -> reverse.domain().equals(domain) && reverse.alias().equals(alias) && lowered(reverse.original()).equals(key))
            .findFirst();
    }

    static String lowered(MailAddress address) {
        return address.asString().toLowerCase(Locale.ROOT);
    }

    @Override
    public synchronized List<ReverseAlias> list(DomainName domain, Optional<LocalPart> alias, int limit, int offset) {
        return byId.values().stream()
            .filter(reverse -> reverse.domain().equals(domain) && alias.map(reverse.alias()::equals).orElse(true))
            .sorted(ORDER)
            .skip(offset)
            .limit(limit)
            .collect(Collectors.toList());
    }

    @Override
    public synchronized boolean setEnabled(DomainName domain, AccessId id, boolean enabled) {
        Optional<ReverseAlias> found = find(domain, id);
        found.ifPresent(reverse -> byId.put(id, reverse.withEnabled(enabled)));
        return found.isPresent();
    }

    @Override
    public synchronized void used(DomainName domain, AccessId id, Instant at) {
        find(domain, id).ifPresent(reverse -> byId.put(id, reverse.usedAt(at)));
    }

    @Override
    public synchronized boolean remove(DomainName domain, AccessId id) {
        return find(domain, id).map(reverse -> byId.remove(id) != null).orElse(false);
    }

    @Override
    public synchronized int removeAll(DomainName domain) {
        List<AccessId> ids = byId.values().stream().filter(reverse -> reverse.domain().equals(domain))
            .map(ReverseAlias::id).collect(Collectors.toList());
        ids.forEach(byId::remove);
        domainSettings.remove(domain);
        aliasSettings.remove(domain);
        return ids.size();
    }

    @Override
    public synchronized ReplySettings settings(DomainName domain) {
        return new ReplySettings(domainSettings.getOrDefault(domain, false), aliasSettings.getOrDefault(domain, Map.of()));
    }

    @Override
    public synchronized void setting(DomainName domain, Optional<LocalPart> alias, Optional<Boolean> replyThroughAlias) {
        if (alias.isEmpty()) {
            domainSettings.put(domain, replyThroughAlias.orElse(false));
            return;
        }
        Map<LocalPart, Boolean> aliases = aliasSettings.computeIfAbsent(domain, d -> new HashMap<>());
        if (replyThroughAlias.isPresent()) {
            aliases.put(alias.get(), replyThroughAlias.get());
        } else {
            aliases.remove(alias.get());
        }
    }
}
