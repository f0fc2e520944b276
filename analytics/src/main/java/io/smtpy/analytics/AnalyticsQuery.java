package io.smtpy.analytics;

import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;

import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.InvalidFieldException;
import io.smtpy.core.model.LocalPart;

/**
 * What series to make: a domain, optionally one alias, an interval, and the span {@code [from, to)} rounded out to
 * whole buckets. Built from the API's text parameters by {@link #parse}, which names the parameter on every refusal.
 */
public final class AnalyticsQuery {
    private final DomainName domain;
    private final Optional<LocalPart> alias;
    private final Interval interval;
    private final Instant from;
    private final Instant to;

    private AnalyticsQuery(DomainName domain, Optional<LocalPart> alias, Interval interval, Instant from, Instant to) {
        this.domain = Objects.requireNonNull(domain, "domain");
        this.alias = Objects.requireNonNull(alias, "alias");
        this.interval = Objects.requireNonNull(interval, "interval");
        this.from = interval.bucket(from);
        Instant end = interval.bucket(to);
        this.to = end.equals(to) ? end : end.plus(interval.width());
        if (!this.from.isBefore(this.to)) {
            throw new InvalidFieldException("from", "'from' (" + from + ") must be before 'to' (" + to + ")");
        }
        if (this.from.plus(interval.maxSpan()).isBefore(this.to)) {
            throw new InvalidFieldException("to", "one query covers at most " + interval.maxSpan().toDays() + " days of "
                + interval.asString() + "s; from " + from + " to " + to + " is longer");
        }
    }

    /**
     * Reads the API's parameters; absent or empty ones take their defaults: interval {@code hour}, {@code to} the end of
     * the current bucket, {@code from} the interval's {@linkplain Interval#defaultSpan() default span} before {@code to}.
     *
     * @throws InvalidFieldException naming {@code interval}, {@code from}, {@code to} or {@code alias}
     */
    public static AnalyticsQuery parse(DomainName domain, Optional<String> alias, Optional<String> interval,
                                       Optional<String> from, Optional<String> to, Clock clock) {
        Interval width = nonEmpty(interval).map(value -> {
            try {
                return Interval.parse(value);
            } catch (IllegalArgumentException e) {
                throw new InvalidFieldException("interval", e.getMessage());
            }
        }).orElse(Interval.HOUR);
        Optional<LocalPart> aliasPart = nonEmpty(alias).map(value -> {
            try {
                return LocalPart.of(value);
            } catch (IllegalArgumentException e) {
                throw new InvalidFieldException("alias", e.getMessage());
            }
        });
        Instant end = nonEmpty(to).map(value -> instant("to", value))
            .orElseGet(() -> width.bucket(clock.instant()).plus(width.width()));
        Instant start = nonEmpty(from).map(value -> instant("from", value)).orElseGet(() -> end.minus(width.defaultSpan()));
        return new AnalyticsQuery(domain, aliasPart, width, start, end);
    }

    public static AnalyticsQuery of(DomainName domain, Optional<LocalPart> alias, Interval interval, Instant from, Instant to) {
        return new AnalyticsQuery(domain, alias, interval, from, to);
    }

    private static Optional<String> nonEmpty(Optional<String> value) {
        return value.map(String::trim).filter(text -> !text.isEmpty());
    }

    private static Instant instant(String field, String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new InvalidFieldException(field, "'" + field + "' must be an ISO-8601 instant such as 2026-12-04T10:00:00Z, got '"
                + value + "'");
        }
    }

    public DomainName domain() {
        return domain;
    }

    public Optional<LocalPart> alias() {
        return alias;
    }

    public Interval interval() {
        return interval;
    }

    /** The start of the first bucket. */
    public Instant from() {
        return from;
    }

    /** The end of the last bucket (exclusive). */
    public Instant to() {
        return to;
    }
}
