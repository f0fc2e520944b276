package io.smtpy.analytics;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/** The width of one bucket of an analytics series: a UTC hour or a UTC day. */
public enum Interval {
    HOUR(ChronoUnit.HOURS, Duration.ofHours(24), Duration.ofDays(31)),
    DAY(ChronoUnit.DAYS, Duration.ofDays(30), Duration.ofDays(366));

    private final ChronoUnit unit;
    private final Duration defaultSpan;
    private final Duration maxSpan;

    Interval(ChronoUnit unit, Duration defaultSpan, Duration maxSpan) {
        this.unit = unit;
        this.defaultSpan = defaultSpan;
        this.maxSpan = maxSpan;
    }

    public String asString() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException unless {@code hour} or {@code day} (any case) */
    public static Interval parse(String value) {
        for (Interval interval : values()) {
            if (interval.asString().equalsIgnoreCase(value.trim())) {
                return interval;
            }
        }
        throw new IllegalArgumentException("'" + value + "' is not an interval (known: hour, day)");
    }

    /** The start of the bucket {@code at} falls in. */
    public Instant bucket(Instant at) {
        return at.truncatedTo(unit);
    }

    public Duration width() {
        return unit.getDuration();
    }

    /** What a query without {@code from} covers: the last 24 hours, or the last 30 days. */
    public Duration defaultSpan() {
        return defaultSpan;
    }

    /** The longest span one query may cover: 31 days of hours, 366 days of days. */
    public Duration maxSpan() {
        return maxSpan;
    }
}
