package io.smtpy.rules;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import com.google.common.collect.ImmutableMap;

import io.smtpy.core.model.DomainName;

/** Rule lists in maps: for tests and for a throw-away server ({@code storage=memory}). */
public class MemoryRuleRepository implements RuleRepository {
    private final Map<RuleScope, RuleSet> sets = new HashMap<>();
    private final Map<RuleScope, Map<String, RuleHits>> hits = new HashMap<>();

    @Override
    public synchronized Optional<RuleSet> find(RuleScope scope) {
        return Optional.ofNullable(sets.get(scope));
    }

    @Override
    public synchronized void put(RuleScope scope, RuleSet rules) {
        sets.put(scope, rules);
        Map<String, RuleHits> counters = hits.get(scope);
        if (counters != null) {
            Set<String> names = rules.rules().stream().map(Rule::name).collect(Collectors.toSet());
            counters.keySet().retainAll(names);
        }
    }

    @Override
    public synchronized boolean delete(RuleScope scope) {
        hits.remove(scope);
        return sets.remove(scope) != null;
    }

    @Override
    public synchronized void deleteDomain(DomainName domain) {
        sets.keySet().removeIf(scope -> scope.domain().equals(domain));
        hits.keySet().removeIf(scope -> scope.domain().equals(domain));
    }

    @Override
    public synchronized Map<RuleScope, RuleSet> all() {
        return ImmutableMap.copyOf(sets);
    }

    @Override
    public synchronized Map<String, RuleHits> hits(RuleScope scope) {
        return ImmutableMap.copyOf(hits.getOrDefault(scope, Map.of()));
    }

    @Override
    public synchronized void addHits(RuleScope scope, Map<String, RuleHits> increments) {
        RuleSet set = sets.get(scope);
        if (set == null) {
            return;
        }
        Set<String> names = set.rules().stream().map(Rule::name).collect(Collectors.toSet());
        Map<String, RuleHits> counters = hits.computeIfAbsent(scope, any -> new HashMap<>());
        increments.forEach((name, increment) -> {
            if (names.contains(name)) {
                counters.merge(name, increment, RuleHits::plus);
            }
        });
    }
}
