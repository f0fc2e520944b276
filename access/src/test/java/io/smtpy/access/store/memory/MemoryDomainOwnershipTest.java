package io.smtpy.access.store.memory;

import io.smtpy.access.store.DomainOwnership;
import io.smtpy.access.store.DomainOwnershipContract;

class MemoryDomainOwnershipTest implements DomainOwnershipContract {
    private final MemoryDomainOwnership testee = new MemoryDomainOwnership();

    @Override
    public DomainOwnership testee() {
        return testee;
    }
}
