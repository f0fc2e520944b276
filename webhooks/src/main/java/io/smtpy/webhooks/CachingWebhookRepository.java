package io.smtpy.webhooks;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link WebhookRepository} that keeps each scope's endpoints in memory once read, so the {@link WebhookDispatcher}
 * on the mail path finds them without a query. Safe because every change of endpoints goes through this one instance
 * (the wiring binds it as the only {@code WebhookRepository}): a create, update or delete forgets its scope's list
 * after the store has it, and the next read loads it again. Reads of one endpoint are served from the cached list.
 */
public class CachingWebhookRepository implements WebhookRepository {
    private final WebhookRepository store;
    private final Map<WebhookScope, List<WebhookEndpoint>> lists = new ConcurrentHashMap<>();
    private final AtomicLong generation = new AtomicLong();

    public CachingWebhookRepository(WebhookRepository store) {
        this.store = Objects.requireNonNull(store);
    }

    @Override
    public void create(WebhookEndpoint endpoint) {
        try {
            store.create(endpoint);
        } finally {
            forget(endpoint.scope());
        }
    }

    @Override
    public Optional<WebhookEndpoint> find(WebhookScope scope, WebhookId id) {
        return list(scope).stream().filter(endpoint -> endpoint.id().equals(id)).findFirst();
    }

    @Override
    public List<WebhookEndpoint> list(WebhookScope scope) {
        List<WebhookEndpoint> cached = lists.get(scope);
        if (cached != null) {
            return cached;
        }
        // A change made while this load ran may not be in it: such a load is returned but not kept (the change moved
        // the generation on), so a stale list never outlives the call that read it.
        long before = generation.get();
        List<WebhookEndpoint> loaded = List.copyOf(store.list(scope));
        synchronized (this) {
            if (generation.get() == before) {
                lists.put(scope, loaded);
            }
        }
        return loaded;
    }

    @Override
    public void update(WebhookEndpoint endpoint) {
        try {
            store.update(endpoint);
        } finally {
            forget(endpoint.scope());
        }
    }

    @Override
    public boolean delete(WebhookScope scope, WebhookId id) {
        try {
            return store.delete(scope, id);
        } finally {
            forget(scope);
        }
    }

    private synchronized void forget(WebhookScope scope) {
        generation.incrementAndGet();
        lists.remove(scope);
    }
}
