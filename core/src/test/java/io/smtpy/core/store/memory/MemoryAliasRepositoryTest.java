package io.smtpy.core.store.memory;

import org.junit.jupiter.api.BeforeEach;

import io.smtpy.core.store.AliasRepository;
import io.smtpy.core.store.AliasRepositoryContract;

class MemoryAliasRepositoryTest implements AliasRepositoryContract {
    private MemoryAliasRepository testee;

    @BeforeEach
    void setUp() {
        testee = new MemoryAliasRepository();
    }

    @Override
    public AliasRepository testee() {
        return testee;
    }
}
