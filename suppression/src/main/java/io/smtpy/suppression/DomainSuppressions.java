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
 * Immutable.
 */
final class DomainSuppressions {
    static final DomainSuppressions NONE = new DomainSuppressions(Map.of(), true);

    /** The suppression ending last of each alias and destination. */
    private final Map<Entry, Suppression> lastEnding;
    private final boolean held;

    private DomainSuppressions(Map<Entry, Suppression> lastEnding, boolean held) {
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
        Map<Entry, Suppression> lastEnding = new HashMap<>();
        for (Suppression suppression : inForce) {
            lastEnding.merge(new Entry(suppression.alias(), suppression.destination()), suppression,
                (one, other) -> one.until().isAfter(other.until()) ? one : other);
        }
        return new DomainSuppressions(Map.copyOf(lastEnding), true);
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
        return Optional.ofNullable(lastEnding.get(new Entry(alias, destination)))
            .filter(suppression -> suppression.activeAt(now));
    }

    private static final class Entry {
        private final LocalPart alias;
        private final Destination destination;

        Entry(LocalPart alias, Destination destination) {
            this.alias = alias;
            this.destination = destination;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Entry && ((Entry) o).alias.equals(alias) && ((Entry) o).destination.equals(destination);
        }

        @Override
        public int hashCode() {
            return 31 * alias.hashCode() + destination.hashCode();
        }
    }
}
