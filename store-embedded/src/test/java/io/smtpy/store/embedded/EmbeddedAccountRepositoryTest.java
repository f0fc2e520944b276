package io.smtpy.store.embedded;

import org.junit.jupiter.api.extension.RegisterExtension;

import io.smtpy.access.store.AccountRepository;
import io.smtpy.access.store.AccountRepositoryContract;

class EmbeddedAccountRepositoryTest implements AccountRepositoryContract {
    @RegisterExtension
    final EmbeddedStoreExtension embedded = new EmbeddedStoreExtension();

    @Override
    public AccountRepository testee() {
        return embedded.store().access().accounts();
    }
}
