package io.smtpy.store.cassandra;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.datastax.oss.driver.api.core.cql.SimpleStatement;

import io.smtpy.suppression.Suppression;
import io.smtpy.suppression.SuppressionRepository;
import io.smtpy.suppression.SuppressionRepositoryContract;

class CassandraSuppressionRepositoryTest implements SuppressionRepositoryContract {
    @RegisterExtension
    static final CassandraStoreExtension CASSANDRA = new CassandraStoreExtension(CassandraSuppressionRepository.TABLES);

    @Override
    public SuppressionRepository testee() {
        return new CassandraSuppressionRepository(CASSANDRA.store());
    }

    @Test
    void everyRowShouldExpireByItselfSoonAfterTheSuppressionEnds() {
        SuppressionRepository repository = new CassandraSuppressionRepository(CASSANDRA.store(), Clock.fixed(NOW, ZoneOffset.UTC));
        Suppression suppression = SuppressionRepositoryContract.suppression(DOMAIN, SALES, DEAD, NOW, Duration.ofDays(2));
        repository.add(suppression);

        long expected = Duration.ofDays(2).plus(CassandraSuppressionRepository.KEPT_AFTER_END).toSeconds();
        for (String table : CassandraSuppressionRepository.TABLES.tables()) {
            // TTLs count down from the write: allow the seconds the test takes.
            assertThat(ttl(table)).as(table).isBetween(expected - 60, expected);
        }
    }

    @Test
    void aSuppressionAddedAfterItEndedShouldStillBeKeptForTheSweep() {
        Suppression ended = SuppressionRepositoryContract.suppression(DOMAIN, SALES, DEAD, NOW.minus(Duration.ofDays(3)),
            Duration.ofDays(1));
        new CassandraSuppressionRepository(CASSANDRA.store(), Clock.fixed(NOW, ZoneOffset.UTC)).add(ended);

        assertThat(ttl("suppressions")).isBetween(CassandraSuppressionRepository.KEPT_AFTER_END.toSeconds() - 60,
            CassandraSuppressionRepository.KEPT_AFTER_END.toSeconds());
        assertThat(testee().ended(NOW, 10)).containsExactly(ended);
    }

    private static long ttl(String table) {
        return CASSANDRA.store().session().execute(SimpleStatement.newInstance("SELECT TTL(reason) FROM " + table))
            .one().getInt(0) * 1L;
    }
}
