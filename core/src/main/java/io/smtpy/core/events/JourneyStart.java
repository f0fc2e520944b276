package io.smtpy.core.events;

import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;

/**
 * A journey as a list of journeys orders it: its id and the instant of its first event that passed the list's
 * filters. Lists go newest start first (ties: the greater id first), and a page's last start is the cursor of the
 * next: journeys that start later never move the pages behind it.
 */
public final class JourneyStart {
    /** Newest first, then the greater journey id first: the order of {@link MailEventRepository#journeys}. */
    public static final Comparator<JourneyStart> NEWEST_FIRST = Comparator.comparing(JourneyStart::firstAt)
        .thenComparing(JourneyStart::journeyId)
        .reversed();

    private final String journeyId;
    private final Instant firstAt;

    public JourneyStart(String journeyId, Instant firstAt) {
        this.journeyId = Objects.requireNonNull(journeyId, "journeyId");
        this.firstAt = Objects.requireNonNull(firstAt, "firstAt");
    }

    public String journeyId() {
        return journeyId;
    }

    public Instant firstAt() {
        return firstAt;
    }

    /** Whether this journey comes after the cursor in {@link #NEWEST_FIRST} order. */
    public boolean isAfter(JourneyStart cursor) {
        return NEWEST_FIRST.compare(this, cursor) > 0;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof JourneyStart)) {
            return false;
        }
        JourneyStart other = (JourneyStart) o;
        return journeyId.equals(other.journeyId) && firstAt.equals(other.firstAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(journeyId, firstAt);
    }

    @Override
    public String toString() {
        return journeyId + " from " + firstAt;
    }
}
