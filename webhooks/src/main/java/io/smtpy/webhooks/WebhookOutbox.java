package io.smtpy.webhooks;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.smtpy.core.model.DomainName;

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

    Optional<WebhookDelivery> find(DomainName domain, WebhookDeliveryId id);

    /** Pending deliveries whose next attempt is at or before {@code now}, earliest first, at most {@code limit}. */
    List<WebhookDelivery> due(Instant now, int limit);

    /** An endpoint's deliveries, newest first, at most {@code limit}. */
    List<WebhookDelivery> list(DomainName domain, WebhookId endpoint, int limit);

    /** An endpoint's deliveries of events that happened in {@code [from, to)}, oldest event first, at most {@code limit}. */
    List<WebhookDelivery> ofEvents(DomainName domain, WebhookId endpoint, Instant from, Instant to, int limit);

    /** An endpoint's deliveries of one message ({@link WebhookDelivery#messageId()}), newest first. */
    List<WebhookDelivery> ofMessage(DomainName domain, WebhookId endpoint, String messageId);

    /** Forgets delivered and failed deliveries created before {@code before}. @return how many */
    int purgeFinishedBefore(Instant before);

    /** Forgets an endpoint's deliveries (the endpoint was deleted). */
    void deleteEndpoint(DomainName domain, WebhookId endpoint);
}
