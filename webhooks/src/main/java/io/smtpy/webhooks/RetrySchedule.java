package io.smtpy.webhooks;

import java.time.Duration;
import java.util.Objects;
import java.util.function.DoubleSupplier;

/**
 * When a failed delivery is tried again: exponential backoff from {@code first} (doubling per attempt, capped at
 * {@code max}), each delay scaled by a jitter factor in [0.8, 1.2) so that many deliveries failing together do not
 * come back together; a delivery is given up once {@code giveUpAfter} has passed since it was queued.
 * The defaults (30 s, 1 h, 25 h) try a dead receiver about 30 times over more than a day.
 */
public final class RetrySchedule {
    public static final RetrySchedule DEFAULT = new RetrySchedule(Duration.ofSeconds(30), Duration.ofHours(1), Duration.ofHours(25));

    private final Duration first;
    private final Duration max;
    private final Duration giveUpAfter;

    public RetrySchedule(Duration first, Duration max, Duration giveUpAfter) {
        this.first = Objects.requireNonNull(first);
        this.max = Objects.requireNonNull(max);
        this.giveUpAfter = Objects.requireNonNull(giveUpAfter);
        if (first.isNegative() || first.isZero() || max.compareTo(first) < 0) {
            throw new IllegalArgumentException("retry delays must be positive, the first no longer than the longest");
        }
    }

    /** The delay after the {@code attempts}-th failed attempt (1 for the first), jittered by {@code random} in [0, 1). */
    public Duration delayAfter(int attempts, DoubleSupplier random) {
        long millis = first.toMillis();
        for (int i = 1; i < attempts && millis < max.toMillis(); i++) {
            millis *= 2;
        }
        millis = Math.min(millis, max.toMillis());
        return Duration.ofMillis((long) (millis * (0.8 + 0.4 * random.getAsDouble())));
    }

    public Duration giveUpAfter() {
        return giveUpAfter;
    }

    @Override
    public String toString() {
        return "RetrySchedule[" + first + " doubling to " + max + ", given up after " + giveUpAfter + "]";
    }
}
