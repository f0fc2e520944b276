package io.smtpy.core.directory;

/**
 * What a node's in-memory alias index holds: aliases resident now (each resident domain counting at least one), and
 * since the start how many domains' aliases were read from storage on first use and how many were let go to stay
 * within the {@link IndexBudget}, and how many mail-path lookups had to read their alias from storage. Under an
 * unbounded budget the last three stay 0.
 */
public final class IndexUsage {
    private final long residentAliases;
    private final long loads;
    private final long evictions;
    private final long misses;

    IndexUsage(long residentAliases, long loads, long evictions, long misses) {
        this.residentAliases = residentAliases;
        this.loads = loads;
        this.evictions = evictions;
        this.misses = misses;
    }

    /** Mail-path lookups answered by a single-alias read from storage because their domain was not held. */
    public long misses() {
        return misses;
    }

    public long residentAliases() {
        return residentAliases;
    }

    public long loads() {
        return loads;
    }

    public long evictions() {
        return evictions;
    }
}
