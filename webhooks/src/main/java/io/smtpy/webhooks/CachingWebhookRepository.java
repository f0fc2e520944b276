package io.smtpy.webhooks;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import io.smtpy.core.cluster.SharedCache;
import io.smtpy.core.cluster.SharedIndex;
import io.smtpy.core.cluster.Topic;

/**
 * A {@link WebhookRepository} that keeps each scope's endpoints in memory once read, so the {@link WebhookDispatcher}
 * on the mail path finds them without a query. Safe because every change of endpoints on this node goes through this
 * one instance (the wiring binds it as the only {@code WebhookRepository}): a create, update or delete forgets its
 * scope's list once the store has it, and the next read loads it again. Reads of one endpoint are served from the
 * cached list. A scope whose endpoints change is published under {@link #TOPIC}, and the other nodes of a cluster read
 * it again ({@link #sharedIndex()}).
 */
public class CachingWebhookRepository implements WebhookRepository {
    /** A scope's endpoints were created, updated or deleted; the key is {@link WebhookScope#key()}. */
    public static final Topic<WebhookScope> TOPIC = Topic.of("webhooks", WebhookScope::key, WebhookScope::parse);

    private final WebhookRepository store;
    private final SharedCache<WebhookScope, List<WebhookEndpoint>> lists;

    public CachingWebhookRepository(WebhookRepository store) {
        this.store = Objects.requireNonNull(store);
        this.lists = new SharedCache<>(TOPIC, scope -> List.copyOf(store.list(scope)));
    }

    /** The scopes' endpoints held in memory: what follows the changes made through the other nodes. */
    public SharedIndex<WebhookScope> sharedIndex() {
        return lists;
    }

    @Override
    public void create(WebhookEndpoint endpoint) {
        try {
            store.create(endpoint);
        } finally {
            lists.changed(endpoint.scope());
        }
    }

    @Override
    public Optional<WebhookEndpoint> find(WebhookScope scope, WebhookId id) {
        return list(scope).stream().filter(endpoint -> endpoint.id().equals(id)).findFirst();
    }

    @Override
    public List<WebhookEndpoint> list(WebhookScope scope) {
        return lists.get(scope);
    }

    @Override
    public void update(WebhookEndpoint endpoint) {
        try {
            store.update(endpoint);
        } finally {
            lists.changed(endpoint.scope());
        }
    }

    @Override
    public boolean delete(WebhookScope scope, WebhookId id) {
        try {
            return store.delete(scope, id);
        } finally {
            lists.changed(scope);
        }
    }
}
