package io.smtpy.core.directory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.Lock;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import javax.inject.Inject;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.common.util.concurrent.Striped;

import io.smtpy.core.model.Alias;
import io.smtpy.core.model.AliasAddress;
import io.smtpy.core.model.CatchAll;
import io.smtpy.core.model.Domain;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.InvalidFieldException;
import io.smtpy.core.model.Limits;
import io.smtpy.core.model.LocalPart;
import io.smtpy.core.model.RegexAlias;
import io.smtpy.core.store.AliasPage;
import io.smtpy.core.store.AliasQuery;
import io.smtpy.core.store.AliasRepository;
import io.smtpy.core.store.AlreadyExistsException;
import io.smtpy.core.store.ConcurrentChangeException;
import io.smtpy.core.store.DomainRepository;
import io.smtpy.core.store.NotFoundException;

/**
 * The one way to read and change domains and aliases. It validates against the installation's {@link Limits},
 * stamps times from the injected {@link Clock}, writes through the storage ports and then updates the
 * {@link ResolutionIndex} that {@link AliasResolver} reads.
 *
 * <p>Writes to one domain are serialised by a per-domain lock: read-modify-write updates (PATCH) cannot lose
 * each other's changes, and the index never runs ahead of or behind storage.
 */
public class AliasDirectory {
    private static final Logger LOGGER = LoggerFactory.getLogger(AliasDirectory.class);
    /** Tries at a change another node keeps overtaking. */
    static final int CHANGE_TRIES = 10;
    private final DomainRepository domains;
    private final AliasRepository aliases;
    private final Clock clock;
    private final Limits limits;
    private final IndexBudget budget;
    private final java.util.concurrent.atomic.AtomicLong misses = new java.util.concurrent.atomic.AtomicLong();
    private final ResolutionIndex index;
    private final Striped<Lock> writeLocks = Striped.lock(64);
    private final List<Consumer<DomainName>> deletionListeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<Consumer<DomainName>> changeListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Every alias in memory ({@link IndexBudget#UNBOUNDED}). */
    public AliasDirectory(DomainRepository domains, AliasRepository aliases, Clock clock, Limits limits) {
        this(domains, aliases, clock, limits, IndexBudget.UNBOUNDED);
    }

    /**
     * Reads every domain into the index; under an unbounded budget every alias too, under a bounded one a domain's
     * aliases when a lookup first needs them.
     */
    @Inject
    public AliasDirectory(DomainRepository domains, AliasRepository aliases, Clock clock, Limits limits, IndexBudget budget) {
        this(domains, aliases, clock, limits, budget, budget.bounded() ? backgroundLoads() : Runnable::run);
    }

    /** @param loads where a bounded index reads a domain its mail path missed ({@code Runnable::run}: at once, in tests) */
    AliasDirectory(DomainRepository domains, AliasRepository aliases, Clock clock, Limits limits, IndexBudget budget, Executor loads) {
        this.domains = domains;
        this.aliases = aliases;
        this.clock = clock;
        this.limits = limits;
        this.budget = budget;
        this.index = new ResolutionIndex(budget, new StorageLoader(loads));
        for (Domain domain : domains.list()) {
            if (budget.bounded()) {
                index.putDomainOnly(domain);
            } else {
                index.replaceDomain(domain, aliases.all(domain.name()));
            }
        }
    }

    /** What the index does not hold, from storage: whole domains under their write lock, single aliases at once. */
    private final class StorageLoader implements ResolutionIndex.Loader {
        private final Executor background;
        private final java.util.Set<DomainName> pending = java.util.concurrent.ConcurrentHashMap.newKeySet();

        StorageLoader(Executor background) {
            this.background = background;
        }

        /** Under the domain's write lock: no write lands between the read and the table it fills. */
        @Override
        public AliasTable load(DomainName name) {
            return underLock(name, () -> index.makeResident(name, aliases.all(name)));
        }

        @Override
        public byte[] lookup(DomainName domain, String lowerCaseLocalPart) {
            misses.incrementAndGet();
            LocalPart localPart;
            try {
                localPart = LocalPart.of(lowerCaseLocalPart);
            } catch (IllegalArgumentException notAnAliasName) {
                return null;
            }
            return aliases.find(AliasAddress.of(domain, localPart)).map(AliasRecord::of).orElse(null);
        }

        /** A domain already waiting is not queued twice; a load refused or failed is tried again by the next miss. */
        @Override
        public void loadLater(DomainName name) {
            if (!pending.add(name)) {
                return;
            }
            try {
                background.execute(() -> {
                    try {
                        load(name);
                    } catch (RuntimeException e) {
                        LOGGER.warn("Could not read the aliases of {} into memory: its next recipient tries again", name, e);
                    } finally {
                        pending.remove(name);
                    }
                });
            } catch (java.util.concurrent.RejectedExecutionException busy) {
                pending.remove(name);
            }
        }
    }

    /** At most one daemon thread reading domains into a bounded index, its queue bounded too (a full queue skips the load). */
    private static Executor backgroundLoads() {
        java.util.concurrent.ThreadPoolExecutor executor = new java.util.concurrent.ThreadPoolExecutor(1, 1, 30,
            java.util.concurrent.TimeUnit.SECONDS, new java.util.concurrent.ArrayBlockingQueue<>(10_000), runnable -> {
                Thread thread = new Thread(runnable, "smtpy-alias-index-loads");
                thread.setDaemon(true);
                return thread;
            }, new java.util.concurrent.ThreadPoolExecutor.AbortPolicy());
        // Idle, the thread ends: a node whose budget holds what its mail uses keeps none.
        executor.allowCoreThreadTimeOut(true);
        return executor;
    }

    ResolutionIndex index() {
        return index;
    }

    public Clock clock() {
        return clock;
    }

    public Limits limits() {
        return limits;
    }

    public IndexBudget budget() {
        return budget;
    }

    /** Aliases the index holds now, how many domains' aliases it read since the start and how many it let go. */
    public IndexUsage indexUsage() {
        return new IndexUsage(index.residentAliases(), index.loads(), index.evictions(), misses.get());
    }

    // ---- domains

    public List<Domain> domains() {
        return domains.list();
    }

    public Optional<Domain> domain(DomainName name) {
        return domains.find(name);
    }

    /**
     * The domain as the in-memory index holds it, without a storage read: what the mail path (SMTP hooks, mailets)
     * asks for every mail. The index follows every change made through this directory.
     */
    public Optional<Domain> indexedDomain(DomainName name) {
        return index.entry(name).map(ResolutionIndex.Entry::domain);
    }

    /** How many aliases the domain has, from the index (no storage read). */
    public int aliasCount(DomainName name) {
        return index.entry(name).map(ResolutionIndex.Entry::aliasCount).orElse(0);
    }

    /**
     * @param settings applied to a builder holding the defaults (enabled, tags not kept, no catch-all)
     * @throws AlreadyExistsException when the domain exists
     */
    public Domain createDomain(DomainName name, UnaryOperator<Domain.Builder> settings) {
        return underLock(name, () -> {
            Instant now = clock.instant();
            Domain domain = settings.apply(Domain.builder(name)).createdAt(now).updatedAt(now).build();
            domains.create(domain);
            index.putDomain(domain);
            changed(name);
            return domain;
        });
    }

    /**
     * Applies {@code change} to the domain as stored; like {@link #updateAlias}, a change another node made meanwhile is
     * read again rather than undone.
     *
     * @throws NotFoundException when the domain does not exist
     */
    public Domain updateDomain(DomainName name, UnaryOperator<Domain.Builder> change) {
        return underLock(name, () -> {
            for (int attempt = 1; ; attempt++) {
                Domain current = requireDomain(name);
                Domain updated = change.apply(current.toBuilder()).updatedAt(clock.instant()).build();
                try {
                    domains.update(updated, current.updatedAt());
                } catch (ConcurrentChangeException e) {
                    if (attempt < CHANGE_TRIES) {
                        continue;
                    }
                    throw e;
                }
                index.putDomain(updated);
                changed(name);
                return updated;
            }
        });
    }

    public Domain setCatchAll(DomainName name, Optional<CatchAll> catchAll) {
        catchAll.ifPresent(c -> c.validate(limits));
        return updateDomain(name, builder -> builder.catchAll(catchAll));
    }

    public Domain setRegexAliases(DomainName name, List<RegexAlias> regexAliases) {
        if (regexAliases.size() > limits.maxRegexAliases()) {
            throw new InvalidFieldException("regexAliases", "a domain may have at most " + limits.maxRegexAliases()
                + " regex aliases, got " + regexAliases.size());
        }
        return updateDomain(name, builder -> builder.regexAliases(regexAliases));
    }

    /**
     * Deletes the domain and all its aliases. Aliases go first: should the process die in between, the domain
     * is left empty rather than its aliases left behind to reappear with a domain of the same name.
     *
     * @return whether the domain existed
     */
    public boolean deleteDomain(DomainName name) {
        return underLock(name, () -> {
            if (domains.find(name).isEmpty()) {
                return false;
            }
            aliases.deleteAll(name);
            boolean deleted = domains.delete(name);
            index.removeDomain(name);
            changed(name);
            for (Consumer<DomainName> listener : deletionListeners) {
                listener.accept(name);
            }
            return deleted;
        });
    }

    /**
     * {@code listener} is told of each domain deleted, after its aliases and settings are gone: what other concerns
     * keep per domain (rules, lists, quarantine) goes with it.
     */
    public void onDomainDeleted(Consumer<DomainName> listener) {
        deletionListeners.add(listener);
    }

    /**
     * {@code listener} is told of each domain whose settings or aliases this directory changed (created, updated,
     * deleted), after storage and the index: what tells the other nodes of a cluster to {@link #reload} it.
     */
    public void onChange(Consumer<DomainName> listener) {
        changeListeners.add(listener);
    }

    /**
     * Reads the domain and its aliases again from storage into the index (another node changed them): the domain
     * comes back as stored, or leaves the index when storage no longer has it.
     */
    public void reload(DomainName name) {
        underLock(name, () -> {
            reload(name, domains.find(name));
            return null;
        });
    }

    /** Under the domain's lock. A domain whose aliases are not in memory gets its settings alone: nothing reads them. */
    private void reload(DomainName name, Optional<Domain> stored) {
        if (stored.isEmpty()) {
            index.removeDomain(name);
        } else if (!budget.bounded() || index.resident(name)) {
            index.replaceDomain(stored.get(), aliases.all(name));
        } else {
            index.putDomainOnly(stored.get());
        }
    }

    /**
     * Reads every domain again (the periodic reconcile of a cluster node, which catches a change its feed missed).
     *
     * @return how many domains the index holds now
     */
    public int reloadAll() {
        java.util.Set<DomainName> indexed = new java.util.HashSet<>(index.domainNames());
        List<Domain> stored = domains.list();
        for (Domain domain : stored) {
            indexed.remove(domain.name());
            // Read again under the lock: the listed settings may be older than a write this node made since.
            reload(domain.name());
        }
        indexed.forEach(this::reload);
        return stored.size();
    }

    private void changed(DomainName name) {
        for (Consumer<DomainName> listener : changeListeners) {
            listener.accept(name);
        }
    }

    // ---- aliases

    public Optional<Alias> alias(AliasAddress address) {
        return aliases.find(address);
    }

    /**
     * @throws NotFoundException when the domain does not exist
     */
    public AliasPage aliases(AliasQuery query) {
        requireDomain(query.domain());
        return aliases.list(query);
    }

    /** Every alias of the domain, sorted by local part (for export). */
    public List<Alias> allAliases(DomainName domain) {
        requireDomain(domain);
        return aliases.all(domain);
    }

    /**
     * @param fields applied to a builder holding the defaults (enabled, no description, no tags, no expiry)
     * @throws NotFoundException when the domain does not exist
     * @throws AlreadyExistsException when the alias exists
     * @throws InvalidFieldException when the alias breaks a limit
     */
    public Alias createAlias(AliasAddress address, UnaryOperator<Alias.Builder> fields) {
        return underLock(address.domain(), () -> {
            requireDomain(address.domain());
            Instant now = clock.instant();
            Alias alias = fields.apply(Alias.builder(address)).createdAt(now).updatedAt(now).build().validate(limits);
            aliases.create(alias);
            index.putAlias(alias);
            changed(address.domain());
            return alias;
        });
    }

    /**
     * Applies {@code change} to the alias as stored. The lock keeps this node's writers apart; another node's are kept
     * apart by a conditional write: when the alias changed since it was read, it is read again and {@code change}
     * applied to that (at most {@value #CHANGE_TRIES} times), so a PATCH never undoes another node's.
     *
     * @throws NotFoundException when the domain or the alias does not exist
     * @throws InvalidFieldException when the change breaks a limit
     * @throws ConcurrentChangeException when the alias kept changing under every try
     */
    public Alias updateAlias(AliasAddress address, UnaryOperator<Alias.Builder> change) {
        return underLock(address.domain(), () -> {
            requireDomain(address.domain());
            for (int attempt = 1; ; attempt++) {
                Alias current = aliases.find(address)
                    .orElseThrow(() -> new NotFoundException("alias " + address + " does not exist"));
                Alias updated = change.apply(current.toBuilder()).updatedAt(clock.instant()).build().validate(limits);
                try {
                    aliases.update(updated, current.updatedAt());
                } catch (ConcurrentChangeException e) {
                    if (attempt < CHANGE_TRIES) {
                        continue;
                    }
                    throw e;
                }
                index.putAlias(updated);
                changed(address.domain());
                return updated;
            }
        });
    }

    public boolean deleteAlias(AliasAddress address) {
        return underLock(address.domain(), () -> {
            boolean deleted = aliases.delete(address);
            index.removeAlias(address);
            changed(address.domain());
            return deleted;
        });
    }

    /**
     * Creates or replaces the given aliases of one domain, all or none. Replaced aliases keep their creation
     * time; every alias gets the current time as its update time.
     *
     * @return how many aliases existed before (replaced); the rest were created
     * @throws NotFoundException when the domain does not exist
     * @throws InvalidFieldException when an alias breaks a limit (nothing is written)
     */
    public int saveAliases(DomainName domain, Collection<Alias> batch) {
        return underLock(domain, () -> {
            ResolutionIndex.Entry entry = index.entry(domain)
                .orElseThrow(() -> new NotFoundException("domain " + domain + " does not exist"));
            Instant now = clock.instant();
            List<Alias> stamped = new ArrayList<>(batch.size());
            int replaced = 0;
            for (Alias alias : batch) {
                if (!alias.address().domain().equals(domain)) {
                    throw new IllegalArgumentException("alias " + alias.address() + " is not on domain " + domain);
                }
                Optional<Instant> existingCreatedAt = entry.aliasCreatedAt(alias.address().localPart());
                if (existingCreatedAt.isPresent()) {
                    replaced++;
                }
                stamped.add(alias.toBuilder()
                    .createdAt(existingCreatedAt.orElse(now))
                    .updatedAt(now)
                    .build()
                    .validate(limits));
            }
            aliases.saveAll(stamped);
            index.putAliases(domain, stamped);
            changed(domain);
            return replaced;
        });
    }

    /** Whether the alias exists, from the index (no storage read). */
    public boolean aliasExists(AliasAddress address) {
        return index.entry(address.domain()).map(entry -> entry.hasAlias(address.localPart())).orElse(false);
    }

    private Domain requireDomain(DomainName name) {
        return domains.find(name).orElseThrow(() -> new NotFoundException("domain " + name + " does not exist"));
    }

    private <T> T underLock(DomainName domain, Supplier<T> write) {
        Lock lock = writeLocks.get(domain);
        lock.lock();
        try {
            return write.get();
        } finally {
            lock.unlock();
        }
    }

}
