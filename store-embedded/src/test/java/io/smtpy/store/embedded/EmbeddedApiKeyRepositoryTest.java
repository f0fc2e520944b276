package io.smtpy.store.embedded;

import org.junit.jupiter.api.extension.RegisterExtension;

import io.smtpy.access.store.ApiKeyRepository;
import io.smtpy.access.store.ApiKeyRepositoryContract;

class EmbeddedApiKeyRepositoryTest implements ApiKeyRepositoryContract {
    @RegisterExtension
    final EmbeddedStoreExtension embedded = new EmbeddedStoreExtension();

    @Override
    public ApiKeyRepository testee() {
        return embedded.store().access().keys();
    }
}
