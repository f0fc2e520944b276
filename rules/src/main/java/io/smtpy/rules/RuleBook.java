package io.smtpy.rules;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import javax.inject.Inject;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.common.collect.ImmutableMap;

import io.smtpy.core.cluster.ChangeListeners;
import io.smtpy.core.cluster.SharedIndex;
import io.smtpy.core.cluster.Topic;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.InvalidFieldException;
import io.smtpy.core.model.LocalPart;

/**
 * The one way to owners' rules. Lists are validated and compiled when stored, and kept compiled in memory; evaluation
 * (on every mail, from many SMTP threads) reads only that index, never storage. The domain's rules run before the
 * alias's; a {@code stop} ends both.
 *
 * <p>In a cluster each node has its own index: a list changed through a node is published on the change feed under
 * {@link #TOPIC} with its scope, and every node {@link #reload}s that scope (within the feed's poll, 250 ms by default).
 *
 * <p>Hits of matched rules are counted in memory and written by {@link #flushHits()}, which the wiring calls every
 * 30 seconds and at stop: a counter is not worth a database write per mail.
 */
public class RuleBook implements SharedIndex<RuleScope> {
    /** A scope's list was stored, replaced or deleted; the key is {@link RuleScope#asString()}. */
    public static final Topic<RuleScope> TOPIC = Topic.of("rules", RuleScope::asString, RuleScope::parse);
    private static final Logger LOGGER = LoggerFactory.getLogger(RuleBook.class);

    private final RuleRepository repository;
    private final Clock clock;
    private final RuleLimits limits;
    /** Per domain, an immutable snapshot of its compiled lists, replaced whole on change. */
    private final ConcurrentHashMap<DomainName, DomainRules> index = new ConcurrentHashMap<>();
    /** Writes and reloads, so that a reload never puts back what a write just replaced. */
    private final Object writes = new Object();
    private final ChangeListeners<RuleScope> changes = new ChangeListeners<>();
    /** Counting takes the read side, flushing swaps the pending map under the write side: no increment is lost. */
    private final ReadWriteLock hitsLock = new ReentrantReadWriteLock();
    private volatile ConcurrentHashMap<RuleScope, ConcurrentHashMap<String, RuleHits>> pending = new ConcurrentHashMap<>();

    @Inject
    public RuleBook(RuleRepository repository, Clock clock, RuleLimits limits) {
        this.repository = Objects.requireNonNull(repository);
        this.clock = Objects.requireNonNull(clock);
        this.limits = Objects.requireNonNull(limits);
        readAll();
    }

    /** A stored list, compiled; null when it is invalid (logged). */
    private static CompiledRules stored(RuleScope scope, RuleSet set) {
        try {
            // Stored lists were accepted, perhaps under other limits: reading them back must not lose them.
            return CompiledRules.compile(set, RuleLimits.lenient()).in(scope);
        } catch (InvalidFieldException e) {
            LOGGER.error("the stored rules of {} are invalid ({}: {}); they are not applied until replaced", scope.asString(),
                e.field(), e.getMessage());
            return null;
        }
    }

    @Override
    public Topic<RuleScope> topic() {
        return TOPIC;
    }

    @Override
    public void onChange(Consumer<RuleScope> listener) {
        changes.add(listener);
    }

    /** Reads the scope's list again from storage: it replaces the one evaluated, or goes when storage has none. */
    @Override
    public void reload(RuleScope scope) {
        synchronized (writes) {
            index(index, scope, repository.find(scope).map(set -> stored(scope, set)).orElse(null));
        }
    }

    /** Reads every list again: each domain's lists are replaced at once, a domain storage no longer has goes. */
    @Override
    public void reloadAll() {
        readAll();
    }

    private void readAll() {
        synchronized (writes) {
            Map<DomainName, DomainRules> fresh = new HashMap<>();
            repository.all().forEach((scope, set) -> index(fresh, scope, stored(scope, set)));
            index.putAll(fresh);
            index.keySet().retainAll(fresh.keySet());
        }
    }

    /** The scope's list; empty when it has none. */
    public RuleSet get(RuleScope scope) {
        return compiled(scope.domain(), scope.alias()).source();
    }

    /**
     * Validates and stores the scope's list, then makes it the one evaluated. An empty list is stored as such.
     *
     * @throws InvalidFieldException naming the JSON path of the first problem, e.g. {@code rules[1].actions[0].to}
     */
    public void put(RuleScope scope, RuleSet set) {
        CompiledRules compiled = CompiledRules.compile(set, limits).in(scope);
        synchronized (writes) {
            repository.put(scope, set);
            index(index, scope, compiled);
        }
        changes.tell(scope);
    }

    /** Removes the scope's list and its counters (the pending ones too). */
    public void delete(RuleScope scope) {
        synchronized (writes) {
            repository.delete(scope);
            index(index, scope, null);
        }
        dropPending(scope);
        changes.tell(scope);
    }

    /** Removes the lists of the domain and of all its aliases, with their counters. */
    public void deleteDomain(DomainName domain) {
        List<RuleScope> deleted = new ArrayList<>();
        deleted.add(RuleScope.domain(domain));
        synchronized (writes) {
            repository.deleteDomain(domain);
            DomainRules removed = index.remove(domain);
            if (removed != null) {
                removed.aliases.keySet().forEach(alias -> deleted.add(RuleScope.alias(domain, alias)));
            }
        }
        withHitsWriteLock(() -> pending.keySet().removeIf(scope -> scope.domain().equals(domain)));
        deleted.forEach(changes::tell);
    }

    /** Whether the domain or any of its aliases has a rule list at all: lets the mail path skip a domain without any. */
    public boolean hasAnyRules(DomainName domain) {
        return index.containsKey(domain);
    }

    /**
     * True when an enabled rule of the domain or of the alias applies: asked for every recipient, so it allocates
     * nothing. When false, {@link #evaluate} would change nothing and need not be called.
     */
    public boolean hasRules(DomainName domain, Optional<LocalPart> alias) {
        DomainRules rules = index.get(domain);
        if (rules == null) {
            return false;
        }
        if (rules.domain.hasEnabledRules()) {
            return true;
        }
        if (alias.isEmpty()) {
            return false;
        }
        CompiledRules aliasRules = rules.aliases.get(alias.get());
        return aliasRules != null && aliasRules.hasEnabledRules();
    }

    /** Evaluates the domain's then the alias's rules for one mail, and counts a hit for each rule that matched. */
    public RuleEvaluation evaluate(DomainName domain, Optional<LocalPart> alias, MessageView message) {
        List<RuleRef> matched = new ArrayList<>(2);
        RuleEvaluation evaluation = run(domain, alias, message, matched);
        if (!matched.isEmpty()) {
            count(matched, clock.instant());
        }
        return evaluation;
    }

    /** Evaluates like {@link #evaluate} but counts nothing: for trying rules out on a sample message. */
    public RuleEvaluation trace(DomainName domain, Optional<LocalPart> alias, MessageView message) {
        return run(domain, alias, message, new ArrayList<>(2));
    }

    /** Stored counters plus those not yet flushed, by rule name. */
    public Map<String, RuleHits> hits(RuleScope scope) {
        Map<String, RuleHits> hits = new HashMap<>(repository.hits(scope));
        Map<String, RuleHits> unflushed = pending.get(scope);
        if (unflushed != null) {
            unflushed.forEach((name, increment) -> hits.merge(name, increment, RuleHits::plus));
        }
        // Pending counts of a rule renamed or removed since are not shown (storage drops them too).
        Set<String> names = get(scope).rules().stream().map(Rule::name).collect(Collectors.toSet());
        hits.keySet().retainAll(names);
        return ImmutableMap.copyOf(hits);
    }

    /** Writes the counters counted since the last flush. Those a failing write could not store are kept for the next. */
    public void flushHits() {
        ConcurrentHashMap<RuleScope, ConcurrentHashMap<String, RuleHits>> flushing = new ConcurrentHashMap<>();
        withHitsWriteLock(() -> {
            flushing.putAll(pending);
            pending = new ConcurrentHashMap<>();
        });
        for (Map.Entry<RuleScope, ConcurrentHashMap<String, RuleHits>> entry : flushing.entrySet()) {
            try {
                repository.addHits(entry.getKey(), entry.getValue());
            } catch (RuntimeException e) {
                LOGGER.warn("cannot store the rule hits of {}; keeping them for the next flush", entry.getKey().asString(), e);
                entry.getValue().forEach((name, hits) -> record(entry.getKey(), name, hits));
            }
        }
    }

    private RuleEvaluation run(DomainName domain, Optional<LocalPart> alias, MessageView message, List<RuleRef> matched) {
        DomainRules rules = index.get(domain);
        if (rules == null) {
            return RuleEvaluation.nothing();
        }
        RuleEvaluation.Builder result = new RuleEvaluation.Builder();
        boolean goOn = rules.domain.evaluate(message, result, matched);
        if (alias.isPresent()) {
            CompiledRules aliasRules = rules.aliases.get(alias.get());
            if (aliasRules != null) {
                if (goOn) {
                    aliasRules.evaluate(message, result, matched);
                } else {
                    aliasRules.skip(result);
                }
            }
        }
        return result.build();
    }

    private void count(List<RuleRef> matched, Instant at) {
        RuleHits one = RuleHits.one(at);
        hitsLock.readLock().lock();
        try {
            for (RuleRef rule : matched) {
                pending.computeIfAbsent(rule.scope(), any -> new ConcurrentHashMap<>()).merge(rule.name(), one, RuleHits::plus);
            }
        } finally {
            hitsLock.readLock().unlock();
        }
    }

    private void record(RuleScope scope, String name, RuleHits hits) {
        hitsLock.readLock().lock();
        try {
            pending.computeIfAbsent(scope, any -> new ConcurrentHashMap<>()).merge(name, hits, RuleHits::plus);
        } finally {
            hitsLock.readLock().unlock();
        }
    }

    private void dropPending(RuleScope scope) {
        withHitsWriteLock(() -> pending.remove(scope));
    }

    private void withHitsWriteLock(Runnable action) {
        hitsLock.writeLock().lock();
        try {
            action.run();
        } finally {
            hitsLock.writeLock().unlock();
        }
    }

    private CompiledRules compiled(DomainName domain, Optional<LocalPart> alias) {
        DomainRules rules = index.get(domain);
        if (rules == null) {
            return CompiledRules.EMPTY;
        }
        if (alias.isEmpty()) {
            return rules.domain;
        }
        return rules.aliases.getOrDefault(alias.get(), CompiledRules.EMPTY);
    }

    /** Replaces (or with {@code null}, removes) one scope's compiled list in its domain's snapshot in {@code into}. */
    private static void index(Map<DomainName, DomainRules> into, RuleScope scope, CompiledRules compiled) {
        into.compute(scope.domain(), (domain, current) -> {
            DomainRules base = current == null ? DomainRules.NONE : current;
            DomainRules next = scope.alias().isEmpty()
                ? base.withDomain(compiled == null ? CompiledRules.EMPTY : compiled)
                : base.withAlias(scope.alias().get(), compiled);
            return next.isEmpty() ? null : next;
        });
    }

    /** One domain's compiled lists: its own and its aliases'. Immutable. */
    private static final class DomainRules {
        static final DomainRules NONE = new DomainRules(CompiledRules.EMPTY, Map.of());

        final CompiledRules domain;
        final Map<LocalPart, CompiledRules> aliases;

        DomainRules(CompiledRules domain, Map<LocalPart, CompiledRules> aliases) {
            this.domain = domain;
            this.aliases = aliases;
        }

        DomainRules withDomain(CompiledRules compiled) {
            return new DomainRules(compiled, aliases);
        }

        DomainRules withAlias(LocalPart alias, CompiledRules compiled) {
            Map<LocalPart, CompiledRules> copy = new HashMap<>(aliases);
            if (compiled == null) {
                copy.remove(alias);
            } else {
                copy.put(alias, compiled);
            }
            return new DomainRules(domain, Map.copyOf(copy));
        }

        boolean isEmpty() {
            return domain.source().isEmpty() && domain.source().timeZone().equals(RuleSet.empty().timeZone()) && aliases.isEmpty();
        }
    }
}
