package io.smtpy.store.embedded;

import org.junit.jupiter.api.extension.RegisterExtension;

import io.smtpy.webhooks.WebhookRepository;
import io.smtpy.webhooks.WebhookRepositoryContract;

class EmbeddedWebhookRepositoryTest implements WebhookRepositoryContract {
    @RegisterExtension
    final EmbeddedStoreExtension embedded = new EmbeddedStoreExtension();

    @Override
    public WebhookRepository testee() {
        return embedded.store().webhooks();
    }
}
