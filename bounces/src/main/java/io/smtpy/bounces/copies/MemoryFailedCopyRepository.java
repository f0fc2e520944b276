package io.smtpy.bounces.copies;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.smtpy.core.model.DomainName;

/** {@link FailedCopyRepository} in a map, for tests and the in-memory server. */
public class MemoryFailedCopyRepository implements FailedCopyRepository {
    private final Map<String, FailedCopy> copies = new ConcurrentHashMap<>();

    private static String key(DomainName domain, String journeyId) {
        return domain.asString() + " " + journeyId;
    }

    @Override
    public void keep(FailedCopy copy) {
        copies.put(key(copy.domain(), copy.journeyId()), copy);
    }

    @Override
    public Optional<FailedCopy> find(DomainName domain, String journeyId) {
        return Optional.ofNullable(copies.get(key(domain, journeyId)));
    }

    @Override
    public Optional<Instant> keptUntil(DomainName domain, String journeyId) {
        return find(domain, journeyId).map(FailedCopy::keptUntil);
    }

    @Override
    public int purgeExpired(Instant now, Set<DomainName> held) {
        int[] purged = {0};
        copies.values().removeIf(copy -> {
            boolean expired = !copy.keptUntil().isAfter(now) && !held.contains(copy.domain());
            if (expired) {
                purged[0]++;
            }
            return expired;
        });
        return purged[0];
    }
}
