package io.smtpy.core.store.memory;

import org.junit.jupiter.api.BeforeEach;

import io.smtpy.core.store.DomainRepository;
import io.smtpy.core.store.DomainRepositoryContract;

class MemoryDomainRepositoryTest implements DomainRepositoryContract {
    private MemoryDomainRepository testee;

    @BeforeEach
    void setUp() {
        testee = new MemoryDomainRepository();
    }

    @Override
    public DomainRepository testee() {
        return testee;
    }
}
