package io.smtpy.webhooks;

/** The cache in front of a store behaves as the store does. */
class CachingWebhookRepositoryTest implements WebhookRepositoryContract {
    private final WebhookRepository testee = new CachingWebhookRepository(new MemoryWebhookRepository());

    @Override
    public WebhookRepository testee() {
        return testee;
    }
}
