package io.smtpy.core.model;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * How long a domain's mail events are kept: {@code days} (1 to {@value #MAX_DAYS}, default {@value #DEFAULT_DAYS}),
 * after which the background purge deletes them, unless the domain is under a legal hold, which stops the purge
 * until it is lifted.
 */
public final class EventRetention {
    public static final int DEFAULT_DAYS = 30;
    public static final int MAX_DAYS = 3650;
    public static final EventRetention DEFAULT = new EventRetention(DEFAULT_DAYS, false);

    private final int days;
    private final boolean legalHold;

    /** @throws IllegalArgumentException for days outside 1 to {@value #MAX_DAYS} */
    public EventRetention(int days, boolean legalHold) {
        if (days < 1 || days > MAX_DAYS) {
            throw new IllegalArgumentException("event retention must be between 1 and " + MAX_DAYS + " days, got " + days);
        }
        this.days = days;
        this.legalHold = legalHold;
    }

    public int days() {
        return days;
    }

    public boolean legalHold() {
        return legalHold;
    }

    /** The instant before which events may go, seen at {@code now}; empty under a legal hold. */
    public Optional<Instant> purgeBefore(Instant now) {
        return legalHold ? Optional.empty() : Optional.of(now.minus(Duration.ofDays(days)));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EventRetention && ((EventRetention) o).days == days && ((EventRetention) o).legalHold == legalHold;
    }

    @Override
    public int hashCode() {
        return Objects.hash(days, legalHold);
    }

    @Override
    public String toString() {
        return "events kept " + days + " days" + (legalHold ? ", on legal hold" : "");
    }
}
