package io.smtpy.webhooks;

import java.time.Duration;
import java.util.Objects;

import io.smtpy.core.model.InvalidFieldException;

/**
 * An endpoint's batching: its events wait until the oldest has waited {@link #maxDelay()}, then go together as one
 * signed POST whose body is a JSON array of the single messages ({@link WebhookPayload#batch}), at most
 * {@link #maxEvents()} per POST (more waiting: several POSTs at once). Each event stays its own outbox entry, so a
 * batch is as durable as single deliveries.
 */
public final class WebhookBatch {
    public static final int MAX_EVENTS = 1000;
    public static final int MAX_DELAY_SECONDS = 3600;

    private final int maxEvents;
    private final Duration maxDelay;

    private WebhookBatch(int maxEvents, Duration maxDelay) {
        this.maxEvents = maxEvents;
        this.maxDelay = maxDelay;
    }

    /** @throws InvalidFieldException ({@code batch.maxEvents}, {@code batch.maxDelaySeconds}) out of range */
    public static WebhookBatch of(int maxEvents, int maxDelaySeconds) {
        if (maxEvents < 1 || maxEvents > MAX_EVENTS) {
            throw new InvalidFieldException("batch.maxEvents", "must be between 1 and " + MAX_EVENTS + ", got " + maxEvents);
        }
        if (maxDelaySeconds < 1 || maxDelaySeconds > MAX_DELAY_SECONDS) {
            throw new InvalidFieldException("batch.maxDelaySeconds", "must be between 1 and " + MAX_DELAY_SECONDS
                + ", got " + maxDelaySeconds);
        }
        return new WebhookBatch(maxEvents, Duration.ofSeconds(maxDelaySeconds));
    }

    public int maxEvents() {
        return maxEvents;
    }

    public Duration maxDelay() {
        return maxDelay;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof WebhookBatch)) {
            return false;
        }
        WebhookBatch other = (WebhookBatch) o;
        return maxEvents == other.maxEvents && maxDelay.equals(other.maxDelay);
    }

    @Override
    public int hashCode() {
        return Objects.hash(maxEvents, maxDelay);
    }

    @Override
    public String toString() {
        return "batches of at most " + maxEvents + " after " + maxDelay.getSeconds() + " s";
    }
}
