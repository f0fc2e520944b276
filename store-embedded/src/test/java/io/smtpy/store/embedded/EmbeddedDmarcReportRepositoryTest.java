package io.smtpy.store.embedded;

import static io.smtpy.core.dmarc.DmarcReportRepositoryContract.EXAMPLE;
import static io.smtpy.core.dmarc.DmarcReportRepositoryContract.T0;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.smtpy.core.dmarc.AggregateReport;
import io.smtpy.core.dmarc.DmarcReportRepository;
import io.smtpy.core.dmarc.DmarcReportRepositoryContract;
import io.smtpy.core.dmarc.StoredDmarcReport;

class EmbeddedDmarcReportRepositoryTest implements DmarcReportRepositoryContract {
    @RegisterExtension
    final EmbeddedStoreExtension embedded = new EmbeddedStoreExtension();

    @Override
    public DmarcReportRepository testee() {
        return embedded.store().dmarcReports();
    }

    @Test
    void reportsShouldBeFoundAfterReopening() throws Exception {
        AggregateReport rich = DmarcReportRepositoryContract.richReport();
        testee().store(EXAMPLE, rich, T0);

        embedded.reopen();

        assertThat(testee().find(EXAMPLE, rich.reportId())).contains(new StoredDmarcReport(EXAMPLE, T0, rich));
        assertThat(RawDatabase.strings(embedded.file(), "SELECT org_name FROM dmarc_reports")).containsExactly(rich.orgName());
    }
}
