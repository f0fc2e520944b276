package io.smtpy.webhooks;

import java.time.Instant;
import java.util.List;
import java.util.Optional;


/**
 * The durable outbox of webhook deliveries: a delivery is added before anything is sent and updated after each
 * attempt, so a delivery added survives a crash (SIGKILL included) and is sent after restart, at least once.
 * Implementations: memory, embedded (SQLite); every one passes {@code WebhookOutboxContract}.
 */
public interface WebhookOutbox {
    /** Kept when this returns (durably, for a durable backend). */
    void add(WebhookDelivery delivery);

    /** @throws io.smtpy.core.store.NotFoundException when the delivery is not stored */
    void update(WebhookDelivery delivery);

    Optional<WebhookDelivery> find(WebhookScope scope, WebhookDeliveryId id);

    /** Pending deliveries whose next attempt is at or before {@code now}, earliest first, at most {@code limit}. */
    List<WebhookDelivery> due(Instant now, int limit);

    /**
     * What a batch of an endpoint sent at {@code now} carries: its pending deliveries that are due, or never tried yet
     * (still waiting for their batch's delay), earliest next attempt first (then oldest first), at most {@code limit}.
     * A retry not yet due is left out, so new events do not hurry a failing endpoint's backoff.
     */
    List<WebhookDelivery> batchable(WebhookScope scope, WebhookId endpoint, Instant now, int limit);

    /** An endpoint's deliveries, newest first, at most {@code limit}. */
    List<WebhookDelivery> list(WebhookScope scope, WebhookId endpoint, int limit);

    /** An endpoint's deliveries of events that happened in {@code [from, to)}, oldest event first, at most {@code limit}. */
    List<WebhookDelivery> ofEvents(WebhookScope scope, WebhookId endpoint, Instant from, Instant to, int limit);

    /** An endpoint's deliveries of one message ({@link WebhookDelivery#messageId()}), newest first. */
    List<WebhookDelivery> ofMessage(WebhookScope scope, WebhookId endpoint, String messageId);

    /** Forgets delivered and failed deliveries created before {@code before}. @return how many */
    int purgeFinishedBefore(Instant before);

    /** Forgets an endpoint's deliveries (the endpoint was deleted). */
    void deleteEndpoint(WebhookScope scope, WebhookId endpoint);
}
