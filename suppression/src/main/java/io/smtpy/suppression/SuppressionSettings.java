package io.smtpy.suppression;

import java.time.Duration;

/** How long a destination stays suppressed when nothing lifts it first: {@code suppression.days} in smtpy.properties. */
public final class SuppressionSettings {
    public static final int DEFAULT_DAYS = 30;
    /** Ten years: longer is no longer "for a while", and an owner can lift it any time. */
    public static final int MAX_DAYS = 3650;
    public static final SuppressionSettings DEFAULT = new SuppressionSettings(DEFAULT_DAYS);

    private final int days;

    private SuppressionSettings(int days) {
        this.days = days;
    }

    /** @throws IllegalArgumentException outside 1..{@value #MAX_DAYS} */
    public static SuppressionSettings ofDays(int days) {
        checkDays("suppression.days", days);
        return new SuppressionSettings(days);
    }

    /** @throws io.smtpy.core.model.InvalidFieldException naming {@code field} when the days are outside 1..{@value #MAX_DAYS} */
    static void checkDays(String field, int days) {
        if (days < 1 || days > MAX_DAYS) {
            throw new io.smtpy.core.model.InvalidFieldException(field, field + " must be between 1 and " + MAX_DAYS + " days, got " + days);
        }
    }

    public int days() {
        return days;
    }

    public Duration period() {
        return Duration.ofDays(days);
    }
}
