package io.smtpy.store.embedded;

import org.junit.jupiter.api.extension.RegisterExtension;

import io.smtpy.access.store.DomainOwnership;
import io.smtpy.access.store.DomainOwnershipContract;

class EmbeddedDomainOwnershipTest implements DomainOwnershipContract {
    @RegisterExtension
    final EmbeddedStoreExtension embedded = new EmbeddedStoreExtension();

    @Override
    public DomainOwnership testee() {
        return embedded.store().access().ownership();
    }
}
