package io.smtpy.store.cassandra;

import static io.smtpy.core.dmarc.DmarcReportRepositoryContract.EXAMPLE;
import static io.smtpy.core.dmarc.DmarcReportRepositoryContract.T0;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.datastax.oss.driver.api.core.cql.SimpleStatement;

import io.smtpy.core.dmarc.AggregateReport;
import io.smtpy.core.dmarc.DmarcReportRepository;
import io.smtpy.core.dmarc.DmarcReportRepositoryContract;
import io.smtpy.core.dmarc.StoredDmarcReport;

class CassandraDmarcReportRepositoryTest implements DmarcReportRepositoryContract {
    @RegisterExtension
    static final CassandraStoreExtension CASSANDRA = new CassandraStoreExtension(CassandraDmarcReportRepository.TABLES);

    @Override
    public DmarcReportRepository testee() {
        return new CassandraDmarcReportRepository(CASSANDRA.store());
    }

    @Test
    void aResentReportShouldBeListedAgainWhenItsNodeDiedBeforeIndexingIt() {
        AggregateReport report = DmarcReportRepositoryContract.report("r1", T0);
        testee().store(EXAMPLE, report, T0);
        // What a node that died between claiming the report and indexing it leaves behind.
        CASSANDRA.store().session().execute(SimpleStatement.newInstance("TRUNCATE dmarc_reports_by_received"));
        CASSANDRA.store().session().execute(SimpleStatement.newInstance("TRUNCATE dmarc_reports_by_period"));

        assertThat(testee().store(EXAMPLE, report, T0.plusSeconds(3600))).isFalse();

        StoredDmarcReport kept = new StoredDmarcReport(EXAMPLE, T0, report);
        assertThat(testee().list(EXAMPLE, 10, 0)).containsExactly(kept);
        assertThat(testee().between(EXAMPLE, T0, T0.plus(Duration.ofDays(1)))).containsExactly(kept);
    }
}
