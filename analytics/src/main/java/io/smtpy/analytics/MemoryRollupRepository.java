package io.smtpy.analytics;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.stream.Collectors;

import io.smtpy.core.model.DomainName;

/** Roll-ups in memory, for tests and the memory storage flavour. */
public class MemoryRollupRepository implements RollupRepository {
    private final ConcurrentSkipListMap<String, Rollup> rollups = new ConcurrentSkipListMap<>();

    @Override
    public synchronized void add(Collection<Rollup> added) {
        for (Rollup rollup : added) {
            rollups.merge(sortKey(rollup.key()), rollup, Rollup::plus);
        }
    }

    @Override
    public List<Rollup> find(DomainName domain, String alias, Instant from, Instant to) {
        if (!from.isBefore(to)) {
            return List.of();
        }
        return rollups.subMap(sortKey(domain, alias, from), true, sortKey(domain, alias, to), false).values().stream()
            .collect(Collectors.toList());
    }

    @Override
    public void deleteDomain(DomainName domain) {
        rollups.values().removeIf(rollup -> rollup.key().domain().equals(domain));
    }

    @Override
    public int deleteBefore(Instant hour) {
        int before = rollups.size();
        rollups.values().removeIf(rollup -> rollup.key().hour().isBefore(hour));
        return before - rollups.size();
    }

    private static String sortKey(RollupKey key) {
        return sortKey(key.domain(), key.alias(), key.hour());
    }

    /** Domain and alias cannot hold a space; epoch seconds padded so that text order is time order. */
    private static String sortKey(DomainName domain, String alias, Instant at) {
        return domain.asString() + " " + alias + " " + String.format("%015d", at.getEpochSecond());
    }
}
