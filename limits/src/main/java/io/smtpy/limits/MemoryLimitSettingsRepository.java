package io.smtpy.limits;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import io.smtpy.core.model.DomainName;

/** Limit sets in a map: for tests and the memory storage flavour. */
public class MemoryLimitSettingsRepository implements LimitSettingsRepository {
    private final Map<List<Object>, LimitSet> sets = new ConcurrentHashMap<>();

    private static List<Object> key(LimitSubject subject, LimitDirection direction) {
        return List.of(subject, direction);
    }

    @Override
    public void put(LimitSet set) {
        sets.put(key(set.subject(), set.direction()), set);
    }

    @Override
    public Optional<LimitSet> find(LimitSubject subject, LimitDirection direction) {
        return Optional.ofNullable(sets.get(key(subject, direction)));
    }

    @Override
    public List<LimitSet> list(DomainName domain) {
        return sets.values().stream().filter(set -> set.subject().domain().equals(domain)).sorted(LimitSet.ORDER)
            .collect(Collectors.toList());
    }

    @Override
    public boolean remove(LimitSubject subject, LimitDirection direction) {
        return sets.remove(key(subject, direction)) != null;
    }
}
