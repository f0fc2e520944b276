package io.smtpy.suppression;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.smtpy.core.model.Destination;
import io.smtpy.core.model.LocalPart;

/**
 * What a node holds in memory of one domain's suppressions, read at once from storage: those in force when read, by
 * alias and destination, or, for a domain with more than it holds, nothing ({@link #held()} false: the store is asked).
 * Not changed once made.
 */
final class DomainSuppressions {
    static final DomainSuppressions NONE = new DomainSuppressions(Map.of(), true);

    /** The suppression ending last of each alias and destination. */
    private final Map<LocalPart, Map<Destination, Suppression>> lastEnding;
    private final boolean held;

    private DomainSuppressions(Map<LocalPart, Map<Destination, Suppression>> lastEnding, boolean held) {
        this.lastEnding = lastEnding;
        this.held = held;
    }

    /**
     * @param inForce the domain's suppressions in force, up to {@code max} + 1 of them
     * @param max how many a domain's suppressions may be to be held
     */
    static DomainSuppressions of(List<Suppression> inForce, int max) {
        if (inForce.size() > max) {
            return new DomainSuppressions(Map.of(), false);
        }
        if (inForce.isEmpty()) {
            return NONE;
        }
        Map<LocalPart, Map<Destination, Suppression>> lastEnding = new HashMap<>();
        for (Suppression suppression : inForce) {
            lastEnding.computeIfAbsent(suppression.alias(), alias -> new HashMap<>()).merge(suppression.destination(),
                suppression, (one, other) -> one.until().isAfter(other.until()) ? one : other);
        }
        return new DomainSuppressions(lastEnding, true);
    }

    /** Whether the domain's suppressions are all here; false for a domain with too many, whose lookups go to the store. */
    boolean held() {
        return held;
    }

    /**
     * The suppression of the alias and destination in force at {@code now}, as {@link SuppressionRepository#active}
     * answers: when the one ending last has ended, so have the others. Only for a domain {@link #held()}.
     */
    Optional<Suppression> active(LocalPart alias, Destination destination, Instant now) {
        return Optional.ofNullable(lastEnding.getOrDefault(alias, Map.of()).get(destination))
            .filter(suppression -> suppression.activeAt(now));
    }
}
