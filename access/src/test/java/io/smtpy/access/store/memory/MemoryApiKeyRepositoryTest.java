package io.smtpy.access.store.memory;

import io.smtpy.access.store.ApiKeyRepository;
import io.smtpy.access.store.ApiKeyRepositoryContract;

class MemoryApiKeyRepositoryTest implements ApiKeyRepositoryContract {
    private final MemoryApiKeyRepository testee = new MemoryApiKeyRepository();

    @Override
    public ApiKeyRepository testee() {
        return testee;
    }
}
