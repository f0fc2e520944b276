package io.smtpy.store.embedded;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Instants as fixed-width UTC text, {@code 2026-01-01T00:00:00.000000000Z}.
 *
 * <p>Why text and not epoch milliseconds: the model keeps nanoseconds ({@code Instant.now()} has microseconds
 * on Linux) and a stored alias must come back {@code equals()} to what was written. Why fixed width: the expiry
 * filter compares instants in SQL, and nine fraction digits make text order the same as time order. It also
 * reads well in the {@code sqlite3} shell. The cost is the range: years 0000 to 9999.
 */
public final class StoredInstant {
    private static final Instant MIN = Instant.parse("0000-01-01T00:00:00Z");
    private static final Instant MAX = Instant.parse("9999-12-31T23:59:59.999999999Z");
    private static final int LENGTH = "0000-01-01T00:00:00.000000000Z".length();

    private StoredInstant() {
    }

    /**
     * @throws IllegalArgumentException for an instant outside the years 0000 to 9999
     */
    public static String format(Instant instant) {
        if (instant.isBefore(MIN) || instant.isAfter(MAX)) {
            throw new IllegalArgumentException("instant " + instant + " is outside the years 0000 to 9999 the store can keep");
        }
        // Hand-formatted: a million-alias import formats three million instants, DateTimeFormatter is slow at that.
        LocalDateTime utc = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), instant.getNano(), ZoneOffset.UTC);
        StringBuilder text = new StringBuilder(LENGTH);
        pad(text, utc.getYear(), 4).append('-');
        pad(text, utc.getMonthValue(), 2).append('-');
        pad(text, utc.getDayOfMonth(), 2).append('T');
        pad(text, utc.getHour(), 2).append(':');
        pad(text, utc.getMinute(), 2).append(':');
        pad(text, utc.getSecond(), 2).append('.');
        pad(text, utc.getNano(), 9).append('Z');
        return text.toString();
    }

    private static StringBuilder pad(StringBuilder text, int value, int width) {
        String digits = Integer.toString(value);
        for (int i = digits.length(); i < width; i++) {
            text.append('0');
        }
        return text.append(digits);
    }

    /**
     * @throws IllegalArgumentException when the text was not written by {@link #format(Instant)}
     */
    public static Instant parse(String text) {
        if (text.length() != LENGTH || text.charAt(LENGTH - 1) != 'Z') {
            throw new IllegalArgumentException("'" + text + "' is not a stored instant");
        }
        LocalDateTime utc = LocalDateTime.of(
            number(text, 0, 4), number(text, 5, 7), number(text, 8, 10),
            number(text, 11, 13), number(text, 14, 16), number(text, 17, 19), number(text, 20, 29));
        return utc.toInstant(ZoneOffset.UTC);
    }

    private static int number(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char digit = text.charAt(i);
            if (digit < '0' || digit > '9') {
                throw new IllegalArgumentException("'" + text + "' is not a stored instant");
            }
            value = value * 10 + (digit - '0');
        }
        return value;
    }
}
