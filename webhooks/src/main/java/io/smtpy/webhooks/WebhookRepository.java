package io.smtpy.webhooks;

import java.util.List;
import java.util.Optional;


/**
 * The webhook endpoints of domains and accounts, stored as given (secrets sealed by the caller). Implementations: memory, embedded
 * (SQLite); every one passes {@code WebhookRepositoryContract}.
 */
public interface WebhookRepository {
    /** @throws io.smtpy.core.store.AlreadyExistsException when an endpoint has that id */
    void create(WebhookEndpoint endpoint);

    Optional<WebhookEndpoint> find(WebhookScope scope, WebhookId id);

    /** The scope's endpoints (a domain's alone, or an account's), oldest first. */
    List<WebhookEndpoint> list(WebhookScope scope);

    /** @throws io.smtpy.core.store.NotFoundException when the endpoint is not stored */
    void update(WebhookEndpoint endpoint);

    /** @return whether there was such an endpoint */
    boolean delete(WebhookScope scope, WebhookId id);
}
