package io.smtpy.core.dkim;

import org.junit.jupiter.api.BeforeEach;

class MemoryDkimKeyRepositoryTest implements DkimKeyRepositoryContract {
    private MemoryDkimKeyRepository testee;

    @BeforeEach
    void setUp() {
        testee = new MemoryDkimKeyRepository();
    }

    @Override
    public DkimKeyRepository testee() {
        return testee;
    }
}
