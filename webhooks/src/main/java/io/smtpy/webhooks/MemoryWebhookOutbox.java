package io.smtpy.webhooks;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import io.smtpy.core.store.NotFoundException;

/** {@link WebhookOutbox} in a map: durable only as long as the process. */
public class MemoryWebhookOutbox implements WebhookOutbox {
    private static final Comparator<WebhookDelivery> NEWEST_FIRST =
        Comparator.comparing(WebhookDelivery::createdAt).reversed();

    private final Map<WebhookDeliveryId, WebhookDelivery> deliveries = new ConcurrentHashMap<>();

    @Override
    public void add(WebhookDelivery delivery) {
        deliveries.put(delivery.id(), delivery);
    }

    @Override
    public void update(WebhookDelivery delivery) {
        if (deliveries.replace(delivery.id(), delivery) == null) {
            throw new NotFoundException("webhook delivery " + delivery.id() + " is not stored");
        }
    }

    @Override
    public Optional<WebhookDelivery> find(WebhookScope scope, WebhookDeliveryId id) {
        return Optional.ofNullable(deliveries.get(id)).filter(delivery -> delivery.scope().equals(scope));
    }

    @Override
    public List<WebhookDelivery> due(Instant now, int limit) {
        return deliveries.values().stream()
            .filter(delivery -> delivery.state() == DeliveryState.PENDING && !delivery.nextAttemptAt().isAfter(now))
            .sorted(Comparator.comparing(WebhookDelivery::nextAttemptAt))
            .limit(limit)
            .collect(Collectors.toUnmodifiableList());
    }

    @Override
    public List<WebhookDelivery> batchable(WebhookScope scope, WebhookId endpoint, Instant now, int limit) {
        return select(of(scope, endpoint).and(delivery -> delivery.state() == DeliveryState.PENDING
                && (delivery.attempts().isEmpty() || !delivery.nextAttemptAt().isAfter(now))),
            Comparator.comparing(WebhookDelivery::nextAttemptAt).thenComparing(WebhookDelivery::createdAt), limit);
    }

    @Override
    public List<WebhookDelivery> list(WebhookScope scope, WebhookId endpoint, int limit) {
        return select(of(scope, endpoint), NEWEST_FIRST, limit);
    }

    @Override
    public List<WebhookDelivery> ofEvents(WebhookScope scope, WebhookId endpoint, Instant from, Instant to, int limit) {
        return select(of(scope, endpoint).and(delivery -> !delivery.eventAt().isBefore(from) && delivery.eventAt().isBefore(to)),
            Comparator.comparing(WebhookDelivery::eventAt), limit);
    }

    @Override
    public List<WebhookDelivery> ofMessage(WebhookScope scope, WebhookId endpoint, String messageId) {
        return select(of(scope, endpoint).and(delivery -> delivery.messageId().equals(messageId)), NEWEST_FIRST, Integer.MAX_VALUE);
    }

    @Override
    public int purgeFinishedBefore(Instant before) {
        List<WebhookDeliveryId> finished = deliveries.values().stream()
            .filter(delivery -> delivery.state() != DeliveryState.PENDING && delivery.createdAt().isBefore(before))
            .map(WebhookDelivery::id)
            .collect(Collectors.toList());
        finished.forEach(deliveries::remove);
        return finished.size();
    }

    @Override
    public void deleteEndpoint(WebhookScope scope, WebhookId endpoint) {
        deliveries.values().removeIf(of(scope, endpoint));
    }

    private static Predicate<WebhookDelivery> of(WebhookScope scope, WebhookId endpoint) {
        return delivery -> delivery.scope().equals(scope) && delivery.endpoint().equals(endpoint);
    }

    private List<WebhookDelivery> select(Predicate<WebhookDelivery> filter, Comparator<WebhookDelivery> order, int limit) {
        return deliveries.values().stream().filter(filter).sorted(order).limit(limit).collect(Collectors.toUnmodifiableList());
    }
}
