package io.smtpy.webhooks;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import com.google.common.collect.ImmutableList;


/**
 * One message for one endpoint in the outbox: the signed body is made of {@link #messageId()} (the
 * {@code webhook-id}, the same on every attempt and replay, so receivers can drop duplicates), the attempt's time and
 * {@link #payload()}. Pending until an attempt gets a 2xx answer (delivered) or retries run out (failed).
 */
public final class WebhookDelivery {
    private final WebhookDeliveryId id;
    private final WebhookId endpoint;
    private final WebhookScope scope;
    private final String messageId;
    private final String eventType;
    private final Instant eventAt;
    private final String payload;
    private final Instant createdAt;
    private final DeliveryState state;
    private final Instant nextAttemptAt;
    private final List<DeliveryAttempt> attempts;

    public WebhookDelivery(WebhookDeliveryId id, WebhookId endpoint, WebhookScope scope, String messageId, String eventType,
                           Instant eventAt, String payload, Instant createdAt, DeliveryState state, Instant nextAttemptAt,
                           List<DeliveryAttempt> attempts) {
        this.id = Objects.requireNonNull(id, "id");
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.scope = Objects.requireNonNull(scope, "scope");
        this.messageId = Objects.requireNonNull(messageId, "messageId");
        this.eventType = Objects.requireNonNull(eventType, "eventType");
        this.eventAt = Objects.requireNonNull(eventAt, "eventAt");
        this.payload = Objects.requireNonNull(payload, "payload");
        this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
        this.state = Objects.requireNonNull(state, "state");
        this.nextAttemptAt = Objects.requireNonNull(nextAttemptAt, "nextAttemptAt");
        this.attempts = ImmutableList.copyOf(attempts);
    }

    /** A pending delivery due at once. */
    public static WebhookDelivery pending(WebhookId endpoint, WebhookScope scope, String messageId, String eventType,
                                          Instant eventAt, String payload, Instant now) {
        return new WebhookDelivery(WebhookDeliveryId.random(), endpoint, scope, messageId, eventType, eventAt, payload,
            now, DeliveryState.PENDING, now, List.of());
    }

    public WebhookDeliveryId id() {
        return id;
    }

    public WebhookId endpoint() {
        return endpoint;
    }

    /** The endpoint's scope (an account endpoint's deliveries carry events of several domains). */
    public WebhookScope scope() {
        return scope;
    }

    /** The {@code webhook-id} header: {@code msg_} and the mail event's id. */
    public String messageId() {
        return messageId;
    }

    public String eventType() {
        return eventType;
    }

    public Instant eventAt() {
        return eventAt;
    }

    /** The JSON body ({@link WebhookPayload}). */
    public String payload() {
        return payload;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public DeliveryState state() {
        return state;
    }

    public Instant nextAttemptAt() {
        return nextAttemptAt;
    }

    public List<DeliveryAttempt> attempts() {
        return attempts;
    }

    /** With one more attempt, in {@code state}, next tried at {@code nextAttemptAt}. */
    public WebhookDelivery attempted(DeliveryAttempt attempt, DeliveryState state, Instant nextAttemptAt) {
        List<DeliveryAttempt> more = new ArrayList<>(attempts);
        more.add(attempt);
        return new WebhookDelivery(id, endpoint, scope, messageId, eventType, eventAt, payload, createdAt, state,
            nextAttemptAt, more);
    }

    /** The same pending delivery, first tried at {@code at} (a batch's delay). */
    public WebhookDelivery dueAt(Instant at) {
        return new WebhookDelivery(id, endpoint, scope, messageId, eventType, eventAt, payload, createdAt, state, at, attempts);
    }

    /** A new pending delivery of the same message (same {@code webhook-id}), due at {@code now}. */
    public WebhookDelivery replay(Instant now) {
        return pending(endpoint, scope, messageId, eventType, eventAt, payload, now);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof WebhookDelivery)) {
            return false;
        }
        WebhookDelivery other = (WebhookDelivery) o;
        return id.equals(other.id) && endpoint.equals(other.endpoint) && scope.equals(other.scope)
            && messageId.equals(other.messageId) && eventType.equals(other.eventType) && eventAt.equals(other.eventAt)
            && payload.equals(other.payload) && createdAt.equals(other.createdAt) && state == other.state
            && nextAttemptAt.equals(other.nextAttemptAt) && attempts.equals(other.attempts);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, endpoint, scope, messageId, eventType, eventAt, payload, createdAt, state, nextAttemptAt, attempts);
    }

    @Override
    public String toString() {
        return "WebhookDelivery{" + id + " " + messageId + " (" + eventType + ") to " + endpoint + ", " + state.asString()
            + " after " + attempts.size() + " attempt(s)}";
    }
}
