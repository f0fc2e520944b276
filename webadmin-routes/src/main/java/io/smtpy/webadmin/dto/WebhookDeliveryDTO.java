package io.smtpy.webadmin.dto;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import io.smtpy.webhooks.DeliveryAttempt;
import io.smtpy.webhooks.WebhookDelivery;

/** One delivery of the log: the message (id, event type and time), where it stands and every attempt. */
public class WebhookDeliveryDTO {
    public final String id;
    /** The {@code webhook-id} the receiver saw. */
    public final String messageId;
    public final String eventType;
    public final Instant eventAt;
    public final Instant createdAt;
    /** {@code pending}, {@code delivered} or {@code failed}. */
    public final String state;
    /** When a pending delivery is tried next. */
    public final Optional<Instant> nextAttemptAt;
    public final List<Attempt> attempts;

    public WebhookDeliveryDTO(WebhookDelivery delivery) {
        this.id = delivery.id().asString();
        this.messageId = delivery.messageId();
        this.eventType = delivery.eventType();
        this.eventAt = delivery.eventAt();
        this.createdAt = delivery.createdAt();
        this.state = delivery.state().asString();
        this.nextAttemptAt = delivery.state() == io.smtpy.webhooks.DeliveryState.PENDING
            ? Optional.of(delivery.nextAttemptAt()) : Optional.empty();
        this.attempts = delivery.attempts().stream().map(Attempt::new).collect(Collectors.toList());
    }

    /** One POST: when, the receiver's status (absent when none came), how long, what happened. */
    public static class Attempt {
        public final Instant at;
        public final Optional<Integer> status;
        public final long durationMillis;
        public final String outcome;

        Attempt(DeliveryAttempt attempt) {
            this.at = attempt.at();
            this.status = attempt.status();
            this.durationMillis = attempt.durationMillis();
            this.outcome = attempt.outcome();
        }
    }
}
