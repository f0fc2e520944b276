package io.smtpy.core.dmarc;

import org.junit.jupiter.api.BeforeEach;

class MemoryDmarcReportRepositoryTest implements DmarcReportRepositoryContract {
    private MemoryDmarcReportRepository testee;

    @BeforeEach
    void setUp() {
        testee = new MemoryDmarcReportRepository();
    }

    @Override
    public DmarcReportRepository testee() {
        return testee;
    }
}
