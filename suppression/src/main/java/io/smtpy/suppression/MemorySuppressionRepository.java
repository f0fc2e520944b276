package io.smtpy.suppression;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.Destination;
import io.smtpy.core.model.LocalPart;
import io.smtpy.core.store.AlreadyExistsException;

/** Suppressions in a map, for tests and the memory storage flavour. */
public class MemorySuppressionRepository implements SuppressionRepository {
    private final Map<SuppressionId, Suppression> suppressions = new ConcurrentHashMap<>();

    @Override
    public void add(Suppression suppression) {
        if (suppressions.putIfAbsent(suppression.id(), suppression) != null) {
            throw new AlreadyExistsException("suppression " + suppression.id() + " already exists");
        }
    }

    @Override
    public Optional<Suppression> find(DomainName domain, SuppressionId id) {
        return Optional.ofNullable(suppressions.get(id)).filter(suppression -> suppression.domain().equals(domain));
    }

    @Override
    public Optional<Suppression> active(DomainName domain, LocalPart alias, Destination destination, Instant now) {
        return suppressions.values().stream()
            .filter(suppression -> suppression.domain().equals(domain) && suppression.concerns(alias, destination)
                && suppression.activeAt(now))
            .max(Comparator.comparing(Suppression::until));
    }

    @Override
    public SuppressionPage list(SuppressionQuery query) {
        List<Suppression> sorted = suppressions.values().stream()
            .filter(query::matches)
            .filter(suppression -> query.after().map(cursor -> cursor.precedes(suppression)).orElse(true))
            .sorted(SuppressionCursor.ORDER)
            .limit(query.limit() + 1L)
            .collect(Collectors.toList());
        return SuppressionPage.of(sorted, query.limit());
    }

    @Override
    public boolean remove(DomainName domain, SuppressionId id) {
        return find(domain, id).map(found -> suppressions.remove(id, found)).orElse(false);
    }

    @Override
    public List<Suppression> ended(Instant now, int limit) {
        return suppressions.values().stream()
            .filter(suppression -> !suppression.activeAt(now))
            .sorted(Comparator.comparing(Suppression::until))
            .limit(limit)
            .collect(Collectors.toList());
    }
}
