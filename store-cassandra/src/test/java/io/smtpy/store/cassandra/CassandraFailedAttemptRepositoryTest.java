package io.smtpy.store.cassandra;

import static io.smtpy.access.store.FailedAttemptRepositoryContract.ACME;
import static io.smtpy.access.store.FailedAttemptRepositoryContract.T0;
import static io.smtpy.access.store.FailedAttemptRepositoryContract.attempt;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.smtpy.access.FailedAttempt;
import io.smtpy.access.store.FailedAttemptRepository;
import io.smtpy.access.store.FailedAttemptRepositoryContract;

class CassandraFailedAttemptRepositoryTest implements FailedAttemptRepositoryContract {
    @RegisterExtension
    static final CassandraStoreExtension CASSANDRA = new CassandraStoreExtension(CassandraFailedAttemptRepository.TABLES);

    @Override
    public FailedAttemptRepository testee() {
        return new CassandraFailedAttemptRepository(CASSANDRA.store());
    }

    @Test
    void purgeBeforeShouldReachAttemptsOfEarlierHoursAndDays() {
        testee().record(attempt(T0, "day one", Optional.of(ACME)));
        testee().record(attempt(T0.plus(Duration.ofHours(5)), "hour five", Optional.empty()));
        testee().record(attempt(T0.plus(Duration.ofDays(2)), "day three", Optional.of(ACME)));
        testee().record(attempt(T0.plus(Duration.ofDays(2)).plusSeconds(10), "kept", Optional.of(ACME)));

        assertThat(testee().purgeBefore(T0.plus(Duration.ofDays(2)).plusSeconds(1))).isEqualTo(3);

        assertThat(testee().recent(ACME, 10)).extracting(FailedAttempt::credential).containsExactly("kept");
        assertThat(testee().purgeBefore(T0.plus(Duration.ofDays(2)).plusSeconds(1))).isZero();
    }

    @Test
    void aLimitOfZeroShouldGiveNothing() {
        testee().record(attempt(T0, "key_1", Optional.of(ACME)));

        assertThat(testee().recent(ACME, 0)).isEmpty();
    }
}
