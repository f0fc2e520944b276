package io.smtpy.store.cassandra;

import static io.smtpy.access.store.SessionRepositoryContract.JANE;
import static io.smtpy.access.store.SessionRepositoryContract.T0;
import static io.smtpy.access.store.SessionRepositoryContract.session;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;

import io.smtpy.access.AccessId;
import io.smtpy.access.store.SessionRepository;
import io.smtpy.access.store.SessionRepositoryContract;

class CassandraSessionRepositoryTest implements SessionRepositoryContract {
    @RegisterExtension
    static final CassandraStoreExtension CASSANDRA = new CassandraStoreExtension(CassandraSessionRepository.TABLES);

    @Override
    public SessionRepository testee() {
        return new CassandraSessionRepository(CASSANDRA.store());
    }

    @Test
    void aSessionShouldExpireInCassandraAfterItsLifetime() {
        testee().create(session("ses_a", JANE, T0, T0.plus(Duration.ofHours(2))));

        Row row = CASSANDRA.store().session().execute(SimpleStatement.newInstance(
            "SELECT TTL(token_hash) AS ttl FROM sessions WHERE id = 'ses_a'")).one();

        assertThat(row.getInt("ttl")).isGreaterThan(7_200).isLessThanOrEqualTo(7_200 + 300);
    }

    @Test
    void deleteExpiredShouldReachSessionsOfEarlierHours() {
        testee().create(session("ses_a", JANE, T0, T0.plus(Duration.ofMinutes(10))));
        testee().create(session("ses_b", JANE, T0, T0.plus(Duration.ofHours(3))));
        testee().create(session("ses_c", JANE, T0, T0.plus(Duration.ofHours(30))));

        assertThat(testee().deleteExpired(T0.plus(Duration.ofHours(5)))).isEqualTo(2);

        assertThat(testee().ofMember(JANE)).extracting(s -> s.id()).containsExactly(AccessId.of("ses_c"));
        assertThat(testee().deleteExpired(T0.plus(Duration.ofHours(5)))).isZero();
    }
}
