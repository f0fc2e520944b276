package io.smtpy.core.directory;

/**
 * How many aliases a node keeps in its in-memory index ({@code directory.maxResidentAliases} in smtpy.properties).
 *
 * <p>{@link #UNBOUNDED} (the default, right for one machine): every alias is read at start and stays in memory, so
 * no RCPT ever waits for storage. Bounded (a node of a cluster whose store holds more aliases than one node's heap
 * should): every domain's settings stay in memory, but a domain's aliases are read from storage when a recipient of
 * the domain first needs them, and the domains used least recently leave memory when the aliases held pass the
 * budget. A domain counts at least one alias, so the budget also bounds how many domains' tables are held.
 */
public final class IndexBudget {
    public static final IndexBudget UNBOUNDED = new IndexBudget(Long.MAX_VALUE);
    /** Evicting goes down to this share of the budget, so that it runs once per tenth of the budget read, not per miss. */
    static final double LOW_WATER = 0.9;

    private final long maxResidentAliases;

    private IndexBudget(long maxResidentAliases) {
        this.maxResidentAliases = maxResidentAliases;
    }

    /**
     * @throws IllegalArgumentException when {@code maxResidentAliases} is below 1
     */
    public static IndexBudget of(long maxResidentAliases) {
        if (maxResidentAliases < 1) {
            throw new IllegalArgumentException("the alias budget must be at least 1, got " + maxResidentAliases);
        }
        return new IndexBudget(maxResidentAliases);
    }

    public boolean bounded() {
        return maxResidentAliases != Long.MAX_VALUE;
    }

    public long maxResidentAliases() {
        return maxResidentAliases;
    }

    long lowWater() {
        return (long) (maxResidentAliases * LOW_WATER);
    }

    @Override
    public String toString() {
        return bounded() ? "at most " + maxResidentAliases + " aliases in memory" : "every alias in memory";
    }
}
