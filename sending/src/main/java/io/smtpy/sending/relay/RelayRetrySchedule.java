package io.smtpy.sending.relay;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * When a copy the relay did not take is tried again, as RemoteDelivery's {@code delayTime} and {@code maxRetries}: the
 * n-th retry waits the n-th delay (the last one once the list is used up), and after {@code maxRetries} retries the copy
 * bounces.
 */
public final class RelayRetrySchedule {
    private final List<Duration> delays;
    private final int maxRetries;

    public RelayRetrySchedule(List<Duration> delays, int maxRetries) {
        if (delays.isEmpty() || delays.stream().anyMatch(delay -> delay.isNegative())) {
            throw new IllegalArgumentException("a retry schedule needs at least one delay, none negative");
        }
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must not be negative");
        }
        this.delays = List.copyOf(delays);
        this.maxRetries = maxRetries;
    }

    /**
     * @param failedAttempts attempts made so far, all failed (1 after the first)
     * @return how long to wait before the next attempt, or empty when the copy has had all its retries
     */
    public Optional<Duration> next(int failedAttempts) {
        if (failedAttempts > maxRetries) {
            return Optional.empty();
        }
        return Optional.of(delays.get(Math.min(failedAttempts, delays.size()) - 1));
    }

    public int maxRetries() {
        return maxRetries;
    }
}
