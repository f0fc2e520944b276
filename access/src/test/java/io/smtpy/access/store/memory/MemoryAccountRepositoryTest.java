package io.smtpy.access.store.memory;

import io.smtpy.access.store.AccountRepository;
import io.smtpy.access.store.AccountRepositoryContract;

class MemoryAccountRepositoryTest implements AccountRepositoryContract {
    private final MemoryAccountRepository testee = new MemoryAccountRepository();

    @Override
    public AccountRepository testee() {
        return testee;
    }
}
