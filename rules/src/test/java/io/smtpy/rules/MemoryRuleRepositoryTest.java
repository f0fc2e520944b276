package io.smtpy.rules;

import org.junit.jupiter.api.BeforeEach;

class MemoryRuleRepositoryTest implements RuleRepositoryContract {
    private MemoryRuleRepository testee;

    @BeforeEach
    void setUp() {
        testee = new MemoryRuleRepository();
    }

    @Override
    public RuleRepository testee() {
        return testee;
    }
}
