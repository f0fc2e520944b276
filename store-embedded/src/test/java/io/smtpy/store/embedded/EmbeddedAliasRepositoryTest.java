package io.smtpy.store.embedded;

import org.junit.jupiter.api.extension.RegisterExtension;

import io.smtpy.core.store.AliasRepository;
import io.smtpy.core.store.AliasRepositoryContract;

class EmbeddedAliasRepositoryTest implements AliasRepositoryContract {
    @RegisterExtension
    final EmbeddedStoreExtension embedded = new EmbeddedStoreExtension();

    @Override
    public AliasRepository testee() {
        return embedded.store().aliases();
    }
}
