package io.smtpy.core.directory;

/**
 * What a node's in-memory alias index holds: aliases resident now (each resident domain counting at least one), and
 * since the start how many domains' aliases were read from storage on first use and how many were let go to stay
 * within the {@link IndexBudget}. Under an unbounded budget the last two stay 0.
 */
public final class IndexUsage {
    private final long residentAliases;
    private final long loads;
    private final long evictions;

    IndexUsage(long residentAliases, long loads, long evictions) {
        this.residentAliases = residentAliases;
        this.loads = loads;
        this.evictions = evictions;
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
