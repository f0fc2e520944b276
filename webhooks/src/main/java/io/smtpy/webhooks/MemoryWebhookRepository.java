package io.smtpy.webhooks;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import io.smtpy.core.store.AlreadyExistsException;
import io.smtpy.core.store.NotFoundException;

/** {@link WebhookRepository} in a map, for tests and the in-memory server. */
public class MemoryWebhookRepository implements WebhookRepository {
    private final Map<WebhookId, WebhookEndpoint> endpoints = new ConcurrentHashMap<>();

    @Override
    public void create(WebhookEndpoint endpoint) {
        if (endpoints.putIfAbsent(endpoint.id(), endpoint) != null) {
            throw new AlreadyExistsException("webhook " + endpoint.id() + " already exists");
        }
    }

    @Override
    public Optional<WebhookEndpoint> find(WebhookScope scope, WebhookId id) {
        return Optional.ofNullable(endpoints.get(id)).filter(endpoint -> endpoint.scope().equals(scope));
    }

    @Override
    public List<WebhookEndpoint> list(WebhookScope scope) {
        return endpoints.values().stream()
            .filter(endpoint -> endpoint.scope().equals(scope))
            .sorted((a, b) -> a.createdAt().compareTo(b.createdAt()))
            .collect(Collectors.toUnmodifiableList());
    }

    @Override
    public void update(WebhookEndpoint endpoint) {
        if (find(endpoint.scope(), endpoint.id()).isEmpty()) {
            throw new NotFoundException("webhook " + endpoint.id() + " of " + endpoint.scope() + " is not stored");
        }
        endpoints.put(endpoint.id(), endpoint);
    }

    @Override
    public boolean delete(WebhookScope scope, WebhookId id) {
        return find(scope, id).map(endpoint -> endpoints.remove(id) != null).orElse(false);
    }
}
