package io.smtpy.store.embedded;

import org.junit.jupiter.api.extension.RegisterExtension;

import io.smtpy.core.store.DomainRepository;
import io.smtpy.core.store.DomainRepositoryContract;

class EmbeddedDomainRepositoryTest implements DomainRepositoryContract {
    @RegisterExtension
    final EmbeddedStoreExtension embedded = new EmbeddedStoreExtension();

    @Override
    public DomainRepository testee() {
        return embedded.store().domains();
    }
}
