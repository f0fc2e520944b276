package io.smtpy.access.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.smtpy.access.AccessId;
import io.smtpy.access.FailedAttempt;

/**
 * What every {@link FailedAttemptRepository} must do. A backend test implements this interface and {@link #testee()}.
 * Instants are whole milliseconds (see {@link AccountRepositoryContract}).
 */
public interface FailedAttemptRepositoryContract {
    Instant T0 = Instant.parse("2026-01-01T00:00:00.123Z");
    AccessId ACME = AccessId.of("acc_acme");
    AccessId BETA = AccessId.of("acc_beta");

    FailedAttemptRepository testee();

    static FailedAttempt attempt(Instant at, String credential, Optional<AccessId> account) {
        return new FailedAttempt(at, "192.0.2.1", credential, "bad secret", account);
    }

    @Test
    default void recordedAttemptShouldRoundTripWithEveryField() {
        FailedAttempt attempt = new FailedAttempt(T0.plusMillis(3), "2001:db8::9", "key_abc", "revoked key «x»", Optional.of(ACME));
        testee().record(attempt);

        assertThat(testee().recent(ACME, 10)).containsExactly(attempt);
    }

    @Test
    default void recentShouldBeTheAccountsAttemptsNewestFirst() {
        testee().record(attempt(T0, "key_1", Optional.of(ACME)));
        testee().record(attempt(T0.plusSeconds(1), "key_2", Optional.of(BETA)));
        testee().record(attempt(T0.plusSeconds(2), "operator key", Optional.empty()));
        testee().record(attempt(T0.plusSeconds(3), "jane@example.com", Optional.of(ACME)));

        assertThat(testee().recent(ACME, 10)).extracting(FailedAttempt::credential).containsExactly("jane@example.com", "key_1");
        assertThat(testee().recent(BETA, 10)).extracting(FailedAttempt::credential).containsExactly("key_2");
        assertThat(testee().recent(AccessId.of("acc_none"), 10)).isEmpty();
    }

    @Test
    default void recentShouldOrderByTimeNotByRecording() {
        // Two requests refused at nearly the same time may be recorded in the other order.
        testee().record(attempt(T0.plusMillis(2), "later", Optional.of(ACME)));
        testee().record(attempt(T0.plusMillis(1), "earlier", Optional.of(ACME)));

        assertThat(testee().recent(ACME, 10)).extracting(FailedAttempt::credential).containsExactly("later", "earlier");
    }

    @Test
    default void recentShouldKeepAttemptsOfOneInstantNewestRecordedFirst() {
        testee().record(attempt(T0, "first", Optional.of(ACME)));
        testee().record(attempt(T0, "second", Optional.of(ACME)));

        assertThat(testee().recent(ACME, 10)).extracting(FailedAttempt::credential).containsExactly("second", "first");
    }

    @Test
    default void recentShouldStopAtTheLimit() {
        for (int i = 0; i < 5; i++) {
            testee().record(attempt(T0.plusSeconds(i), "key_" + i, Optional.of(ACME)));
        }

        assertThat(testee().recent(ACME, 2)).extracting(FailedAttempt::credential).containsExactly("key_4", "key_3");
    }

    @Test
    default void purgeBeforeShouldForgetOlderAttemptsOfEveryAccountAndCountThem() {
        testee().record(attempt(T0, "old", Optional.of(ACME)));
        testee().record(attempt(T0.plusSeconds(1), "old operator", Optional.empty()));
        testee().record(attempt(T0.plusSeconds(2), "at cutoff", Optional.of(ACME)));
        testee().record(attempt(T0.plusSeconds(3), "new", Optional.of(BETA)));

        assertThat(testee().purgeBefore(T0.plusSeconds(2))).isEqualTo(2);

        assertThat(testee().recent(ACME, 10)).extracting(FailedAttempt::credential).containsExactly("at cutoff");
        assertThat(testee().recent(BETA, 10)).extracting(FailedAttempt::credential).containsExactly("new");
        assertThat(testee().purgeBefore(T0.plusSeconds(2))).isZero();
    }
}
