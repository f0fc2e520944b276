package io.smtpy.webhooks;

class MemoryWebhookOutboxTest implements WebhookOutboxContract {
    private final MemoryWebhookOutbox outbox = new MemoryWebhookOutbox();

    @Override
    public WebhookOutbox testee() {
        return outbox;
    }
}
