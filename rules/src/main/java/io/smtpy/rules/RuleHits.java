package io.smtpy.rules;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** How often a rule matched, and when it last did. */
public final class RuleHits {
    public static final RuleHits NONE = new RuleHits(0, Optional.empty());

    private final long count;
    private final Optional<Instant> lastHit;

    public RuleHits(long count, Optional<Instant> lastHit) {
        if (count < 0) {
            throw new IllegalArgumentException("a hit count cannot be negative: " + count);
        }
        this.count = count;
        this.lastHit = Objects.requireNonNull(lastHit);
    }

    /** One hit at {@code at}. */
    public static RuleHits one(Instant at) {
        return new RuleHits(1, Optional.of(at));
    }

    public long count() {
        return count;
    }

    public Optional<Instant> lastHit() {
        return lastHit;
    }

    /** Counts added, the later of the two last hits. */
    public RuleHits plus(RuleHits other) {
        Optional<Instant> later = lastHit.isEmpty() ? other.lastHit
            : other.lastHit.isEmpty() || lastHit.get().isAfter(other.lastHit.get()) ? lastHit : other.lastHit;
        return new RuleHits(count + other.count, later);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RuleHits && ((RuleHits) o).count == count && ((RuleHits) o).lastHit.equals(lastHit);
    }

    @Override
    public int hashCode() {
        return Objects.hash(count, lastHit);
    }

    @Override
    public String toString() {
        return count + " hits" + lastHit.map(at -> ", last at " + at).orElse("");
    }
}
