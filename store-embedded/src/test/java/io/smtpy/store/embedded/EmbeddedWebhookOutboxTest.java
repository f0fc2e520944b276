package io.smtpy.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.smtpy.webhooks.WebhookDelivery;
import io.smtpy.webhooks.WebhookOutbox;
import io.smtpy.webhooks.WebhookOutboxContract;

class EmbeddedWebhookOutboxTest implements WebhookOutboxContract {
    @RegisterExtension
    final EmbeddedStoreExtension embedded = new EmbeddedStoreExtension();

    @Override
    public WebhookOutbox testee() {
        return embedded.store().webhookOutbox();
    }

    @Test
    void pendingDeliveriesShouldBeDueAfterReopening() throws Exception {
        WebhookDelivery delivery = WebhookOutboxContract.delivery(EXAMPLE, ENDPOINT, "msg_1", T0, T0);
        testee().add(delivery);

        embedded.reopen();

        assertThat(testee().due(T0, 10)).containsExactly(delivery);
    }
}
