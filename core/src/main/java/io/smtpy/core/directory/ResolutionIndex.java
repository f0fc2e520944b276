package io.smtpy.core.directory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import java.util.concurrent.locks.ReentrantLock;

import io.smtpy.core.model.Alias;
import io.smtpy.core.model.AliasAddress;
import io.smtpy.core.model.Domain;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.LocalPart;

/**
 * The in-memory copy of everything resolution reads: domains with their settings and, per domain, an
 * {@link AliasTable} of compact {@link AliasRecord}s. Lookups cost the same with a thousand aliases or a million.
 *
 * <p>Domains are keyed by their ASCII form ({@link DomainName#asString()}) so the resolver can look a
 * recipient's domain up as James hands it over, and parse it into a {@code DomainName} only when that fails.
 *
 * <p>Kept in step by {@link AliasDirectory}, which changes it only after storage accepted a write and while
 * holding the domain's write lock: a reader never sees anything storage did not accept. A single write is seen
 * whole or not at all; while a batch (an import) is being applied a reader may see part of it.
 *
 * <p><b>Resident tables.</b> Every domain's entry stays; its alias table is <em>resident</em> or not. Under an
 * {@link IndexBudget#UNBOUNDED unbounded} budget every table is resident from the start and lookups never touch
 * storage. Under a bounded one a table is read on first use through the {@link Loader} (which holds the domain's write
 * lock, so a load never misses a write made meanwhile), and when the aliases resident pass the budget the tables used
 * least recently are dropped until a tenth of the budget is free. Dropping needs no lock: a writer that still puts into
 * a dropped table changes nothing anybody reads, and storage, where the next load reads, has its write.
 */
final class ResolutionIndex {
    /** Reads from storage what the index does not hold. */
    interface Loader {
        /** Reads one domain's aliases into a resident table, under the domain's write lock. */
        AliasTable load(DomainName domain);

        /** One alias's record read from storage at once, or null: the mail path's answer while its domain loads. */
        byte[] lookup(DomainName domain, String lowerCaseLocalPart);

        /** Has {@link #load} run soon, off the caller's thread (at most once at a time per domain). */
        void loadLater(DomainName domain);
    }

    private static final AtomicReferenceFieldUpdater<Entry, AliasTable> TABLE =
        AtomicReferenceFieldUpdater.newUpdater(Entry.class, AliasTable.class, "aliases");

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final IndexBudget budget;
    private final Loader loader;
    /** Aliases in resident tables (each table counts at least one); exact after each eviction, kept up between. */
    private final AtomicLong resident = new AtomicLong();
    private final ReentrantLock evicting = new ReentrantLock();
    private final AtomicLong loads = new AtomicLong();
    private final AtomicLong evictions = new AtomicLong();

    ResolutionIndex(IndexBudget budget, Loader loader) {
        this.budget = budget;
        this.loader = loader;
    }

    final class Entry {
        private volatile Domain domain;
        /** null when not resident (only under a bounded budget). */
        private volatile AliasTable aliases;
        /** When the table was last read ({@link System#nanoTime}); written without ordering, read only to evict. */
        private long lastUse;

        private Entry(Domain domain, AliasTable aliases) {
            this.domain = domain;
            this.aliases = aliases;
        }

        Domain domain() {
            return domain;
        }

        /** The resident table, read from storage first when it is not. */
        private AliasTable table() {
            AliasTable table = aliases;
            if (table == null) {
                table = loader.load(domain.name());
            }
            if (budget.bounded()) {
                lastUse = System.nanoTime();
            }
            return table;
        }

        /**
         * The mail path's lookup. When the domain's table is not resident it does not wait for the whole domain: the
         * one alias is read from storage (a single-row read) and the table is loaded in the background for the next.
         *
         * @param lowerCaseLocalPart any string; only a lower-case local part of an alias finds one
         * @return the alias's {@link AliasRecord}, or null
         */
        byte[] record(String lowerCaseLocalPart) {
            AliasTable table = aliases;
            if (table == null) {
                loader.loadLater(domain.name());
                return loader.lookup(domain.name(), lowerCaseLocalPart);
            }
            if (budget.bounded()) {
                lastUse = System.nanoTime();
            }
            return table.get(lowerCaseLocalPart);
        }

        boolean hasAlias(LocalPart localPart) {
            return table().get(localPart.asString()) != null;
        }

        Optional<Instant> aliasCreatedAt(LocalPart localPart) {
            return Optional.ofNullable(table().get(localPart.asString())).map(AliasRecord::createdAt);
        }

        int aliasCount() {
            return table().size();
        }
    }

    Optional<Entry> entry(DomainName name) {
        return Optional.ofNullable(entries.get(name.asString()));
    }

    /**
     * @param asciiName a domain name as {@link DomainName#asString()} gives it; any other string finds nothing
     * @return the domain's entry, or null
     */
    Entry entry(String asciiName) {
        return entries.get(asciiName);
    }

    /** Puts or updates the domain's settings; a new domain starts with an empty resident table (it has no aliases). */
    void putDomain(Domain domain) {
        Entry existing = entries.get(domain.name().asString());
        if (existing == null) {
            install(new Entry(domain, new AliasTable()));
        } else {
            existing.domain = domain;
        }
    }

    /** Puts the domain's settings alone, its aliases to be read when first needed (start under a bounded budget). */
    void putDomainOnly(Domain domain) {
        Entry replaced = entries.put(domain.name().asString(), new Entry(domain, null));
        dropped(replaced);
    }

    /** Puts the domain with exactly these aliases in one step: readers see the old entry or the new, never none. */
    void replaceDomain(Domain domain, Collection<Alias> aliases) {
        install(new Entry(domain, table(aliases)));
    }

    /** Whether the domain's table is resident (a reload reads the aliases again only then). */
    boolean resident(DomainName name) {
        Entry entry = entries.get(name.asString());
        return entry != null && entry.aliases != null;
    }

    /**
     * Makes the table of the domain's current entry resident with these aliases, unless it already is: called by the
     * {@link Loader} under the domain's write lock.
     *
     * @return the resident table, or an empty one when the domain has left the index meanwhile
     */
    AliasTable makeResident(DomainName name, Collection<Alias> aliases) {
        Entry entry = entries.get(name.asString());
        if (entry == null) {
            return new AliasTable();
        }
        AliasTable current = entry.aliases;
        if (current != null) {
            return current;
        }
        AliasTable table = table(aliases);
        entry.aliases = table;
        loads.incrementAndGet();
        added(weight(table));
        return table;
    }

    private static AliasTable table(Collection<Alias> aliases) {
        AliasTable table = new AliasTable();
        aliases.forEach(alias -> table.put(AliasRecord.of(alias)));
        return table;
    }

    private void install(Entry entry) {
        if (budget.bounded()) {
            entry.lastUse = System.nanoTime();
        }
        Entry replaced = entries.put(entry.domain.name().asString(), entry);
        dropped(replaced);
        added(weight(entry.aliases));
    }

    /** The domains the index holds. */
    java.util.Set<DomainName> domainNames() {
        java.util.Set<DomainName> names = new java.util.HashSet<>();
        entries.values().forEach(entry -> names.add(entry.domain().name()));
        return names;
    }

    void removeDomain(DomainName name) {
        dropped(entries.remove(name.asString()));
    }

    void putAliases(DomainName domain, Collection<Alias> aliases) {
        Entry entry = entries.get(domain.asString());
        if (entry != null) {
            aliases.forEach(alias -> put(entry, alias));
        }
    }

    void putAlias(Alias alias) {
        entry(alias.address().domain()).ifPresent(entry -> put(entry, alias));
    }

    /** A table that is not resident stays so: its next load reads the alias from storage. */
    private void put(Entry entry, Alias alias) {
        AliasTable table = entry.aliases;
        if (table != null) {
            int before = table.size();
            table.put(AliasRecord.of(alias));
            resident.addAndGet(table.size() - before);
        }
    }

    void removeAlias(AliasAddress address) {
        entry(address.domain()).ifPresent(entry -> {
            AliasTable table = entry.aliases;
            if (table != null && table.remove(address.localPart().asString())) {
                resident.decrementAndGet();
            }
        });
    }

    /** Aliases held in resident tables (each table counting at least one). */
    long residentAliases() {
        return resident.get();
    }

    /** How many tables were read from storage after the start, and how many were dropped. */
    long loads() {
        return loads.get();
    }

    long evictions() {
        return evictions.get();
    }

    private static long weight(AliasTable table) {
        return table == null ? 0 : Math.max(1, table.size());
    }

    private void dropped(Entry entry) {
        if (entry != null) {
            resident.addAndGet(-weight(entry.aliases));
        }
    }

    private void added(long weight) {
        if (resident.addAndGet(weight) > budget.maxResidentAliases()) {
            evict();
        }
    }

    /**
     * Drops the tables used least recently until the aliases resident are at {@link IndexBudget#lowWater}; one thread
     * at a time, the others go on (they find the work done or do it next time).
     */
    private void evict() {
        if (!evicting.tryLock()) {
            return;
        }
        try {
            // Each entry's last use as it was at this moment: readers keep changing it, and a sort must see fixed keys.
            List<Entry> held = new ArrayList<>();
            List<long[]> uses = new ArrayList<>();
            long total = 0;
            for (Entry entry : entries.values()) {
                AliasTable table = entry.aliases;
                if (table != null) {
                    uses.add(new long[] {entry.lastUse, held.size()});
                    held.add(entry);
                    total += weight(table);
                }
            }
            if (total > budget.maxResidentAliases()) {
                uses.sort(Comparator.comparingLong(use -> use[0]));
                for (long[] use : uses) {
                    if (total <= budget.lowWater()) {
                        break;
                    }
                    Entry entry = held.get((int) use[1]);
                    AliasTable table = entry.aliases;
                    if (table != null && TABLE.compareAndSet(entry, table, null)) {
                        total -= weight(table);
                        evictions.incrementAndGet();
                    }
                }
            }
            resident.set(total);
        } finally {
            evicting.unlock();
        }
    }
}
