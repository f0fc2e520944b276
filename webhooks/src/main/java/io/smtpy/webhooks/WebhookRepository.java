package io.smtpy.webhooks;

import java.util.List;
import java.util.Optional;

import io.smtpy.core.model.DomainName;

/**
 * The webhook endpoints of domains, stored as given (secrets sealed by the caller). Implementations: memory, embedded
 * (SQLite); every one passes {@code WebhookRepositoryContract}.
 */
public interface WebhookRepository {
    /** @throws io.smtpy.core.store.AlreadyExistsException when the domain has an endpoint of that id */
    void create(WebhookEndpoint endpoint);

    Optional<WebhookEndpoint> find(DomainName domain, WebhookId id);

    /** The domain's endpoints, oldest first. */
    List<WebhookEndpoint> list(DomainName domain);

    /** @throws io.smtpy.core.store.NotFoundException when the endpoint is not stored */
    void update(WebhookEndpoint endpoint);

    /** @return whether there was such an endpoint */
    boolean delete(DomainName domain, WebhookId id);
}
