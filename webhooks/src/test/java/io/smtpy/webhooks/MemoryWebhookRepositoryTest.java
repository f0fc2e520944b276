package io.smtpy.webhooks;

class MemoryWebhookRepositoryTest implements WebhookRepositoryContract {
    private final MemoryWebhookRepository repository = new MemoryWebhookRepository();

    @Override
    public WebhookRepository testee() {
        return repository;
    }
}
