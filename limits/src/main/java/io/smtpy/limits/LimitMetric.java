package io.smtpy.limits;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Optional;

/**
 * What a limit counts, and over which window. Windows are fixed UTC clock hours and UTC days (not sliding): a
 * refused client is told exactly when the window ends, and a counter is one number per window.
 */
public enum LimitMetric {
    MESSAGES_PER_HOUR("messagesPerHour", ChronoUnit.HOURS, 10_000_000L, "messages per hour"),
    MESSAGES_PER_DAY("messagesPerDay", ChronoUnit.DAYS, 100_000_000L, "messages per day"),
    /** Counted per SMTP transaction, not over a window. */
    RECIPIENTS_PER_MESSAGE("recipientsPerMessage", null, 100_000L, "recipients per message"),
    BYTES_PER_DAY("bytesPerDay", ChronoUnit.DAYS, 1_000_000_000_000_000L, "bytes per day"),
    /** Outbound only: messages per hour to any one recipient domain. */
    PER_RECIPIENT_DOMAIN_PER_HOUR("perRecipientDomainPerHour", ChronoUnit.HOURS, 10_000_000L, "messages per hour to one recipient domain");

    private final String field;
    private final ChronoUnit window;
    private final long max;
    private final String words;

    LimitMetric(String field, ChronoUnit window, long max, String words) {
        this.field = field;
        this.window = window;
        this.max = max;
        this.words = words;
    }

    /** The JSON field and the name in the API ({@code messagesPerHour}). */
    public String field() {
        return field;
    }

    /** The window counted over; empty for {@link #RECIPIENTS_PER_MESSAGE}. */
    public Optional<ChronoUnit> window() {
        return Optional.ofNullable(window);
    }

    /** The largest value a limit of this metric may have. */
    public long max() {
        return max;
    }

    /** The limit in words, after its number ({@code 10 messages per hour}). */
    public String words() {
        return words;
    }

    public boolean outboundOnly() {
        return this == PER_RECIPIENT_DOMAIN_PER_HOUR;
    }

    /** The start of the window holding {@code at} (UTC). */
    public Instant windowStart(Instant at) {
        return at.atOffset(ZoneOffset.UTC).truncatedTo(window).toInstant();
    }

    /** The end of the window holding {@code at}: when a client refused by this limit may try again. */
    public Instant windowEnd(Instant at) {
        return windowStart(at).plus(1, window);
    }

    /** @return empty for an unknown field name */
    public static Optional<LimitMetric> ofField(String field) {
        return Arrays.stream(values()).filter(metric -> metric.field.equals(field)).findFirst();
    }
}
