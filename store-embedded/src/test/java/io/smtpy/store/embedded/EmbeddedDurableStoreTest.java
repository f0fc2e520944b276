package io.smtpy.store.embedded;

import org.junit.jupiter.api.extension.RegisterExtension;

import io.smtpy.core.store.AliasRepository;
import io.smtpy.core.store.DomainRepository;
import io.smtpy.core.store.DurableStoreContract;

class EmbeddedDurableStoreTest implements DurableStoreContract {
    @RegisterExtension
    final EmbeddedStoreExtension embedded = new EmbeddedStoreExtension();

    @Override
    public DomainRepository domains() {
        return embedded.store().domains();
    }

    @Override
    public AliasRepository aliases() {
        return embedded.store().aliases();
    }

    @Override
    public void reopen() {
        embedded.reopen();
    }
}
