package io.smtpy.analytics;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

import io.smtpy.core.model.DomainName;

/** Where hourly roll-ups are kept once {@link Rollups} flushes them. */
public interface RollupRepository {
    /** Adds each roll-up to the stored one of its key (counts summed, top values merged), storing it when there is none. */
    void add(Collection<Rollup> rollups);

    /**
     * The stored roll-ups of one domain and alias ({@link RollupKey#ALL_ALIASES} for the whole domain) whose hour starts
     * in {@code [from, to)}, oldest first.
     */
    List<Rollup> find(DomainName domain, String alias, Instant from, Instant to);

    /** Forgets every roll-up of the domain. */
    void deleteDomain(DomainName domain);

    /** Forgets the roll-ups of hours that start before {@code hour}, of every domain; returns how many. */
    int deleteBefore(Instant hour);
}
