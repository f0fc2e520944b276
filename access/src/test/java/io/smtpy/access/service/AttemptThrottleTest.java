package io.smtpy.access.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.smtpy.core.testing.MovableClock;

class AttemptThrottleTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration WINDOW = Duration.ofMinutes(10);
    private static final String SOURCE = "192.0.2.1";
    private static final String CREDENTIAL = "member:jane@example.com";

    private final MovableClock clock = new MovableClock(T0);
    private final AttemptThrottle throttle = new AttemptThrottle(clock, 5, 3, WINDOW);

    private void failTimes(int times, String source, Optional<String> credential) {
        for (int i = 0; i < times; i++) {
            throttle.failed(source, credential);
        }
    }

    @Test
    void aSourceUnderItsLimitShouldNotBeBlocked() {
        failTimes(4, SOURCE, Optional.empty());

        assertThat(throttle.sourceBlocked(SOURCE)).isEmpty();
    }

    @Test
    void aSourceAtItsLimitShouldBeBlocked() {
        failTimes(5, SOURCE, Optional.empty());

        assertThat(throttle.sourceBlocked(SOURCE)).isPresent();
    }

    @Test
    void anotherSourceShouldNotBeBlockedByTheFirstOnesFailures() {
        failTimes(5, SOURCE, Optional.empty());

        assertThat(throttle.sourceBlocked("192.0.2.2")).isEmpty();
    }

    @Test
    void aCredentialAtItsLimitShouldBeBlockedWhateverTheSourcesWere() {
        throttle.failed("192.0.2.1", Optional.of(CREDENTIAL));
        throttle.failed("192.0.2.2", Optional.of(CREDENTIAL));
        throttle.failed("192.0.2.3", Optional.of(CREDENTIAL));

        assertThat(throttle.credentialBlocked(CREDENTIAL)).isPresent();
        assertThat(throttle.sourceBlocked("192.0.2.1")).isEmpty();
    }

    @Test
    void aCredentialUnderItsLimitShouldNotBeBlocked() {
        failTimes(2, SOURCE, Optional.of(CREDENTIAL));

        assertThat(throttle.credentialBlocked(CREDENTIAL)).isEmpty();
    }

    @Test
    void anotherCredentialShouldNotBeBlockedByTheFirstOnesFailures() {
        failTimes(3, SOURCE, Optional.of(CREDENTIAL));

        assertThat(throttle.credentialBlocked("member:john@example.com")).isEmpty();
    }

    @Test
    void failuresWithoutACredentialShouldCountOnlyAgainstTheSource() {
        failTimes(5, SOURCE, Optional.empty());

        assertThat(throttle.credentialBlocked(SOURCE)).isEmpty();
    }

    @Test
    void retryAfterShouldLastUntilTheOldestCountedFailureLeavesTheWindow() {
        failTimes(1, SOURCE, Optional.empty());
        clock.moveBy(Duration.ofMinutes(4));
        failTimes(4, SOURCE, Optional.empty());

        assertThat(throttle.sourceBlocked(SOURCE)).contains(Duration.ofMinutes(6));
    }

    @Test
    void retryAfterShouldShrinkAsTimePasses() {
        failTimes(5, SOURCE, Optional.empty());
        clock.moveBy(Duration.ofMinutes(7));

        assertThat(throttle.sourceBlocked(SOURCE)).contains(Duration.ofMinutes(3));
    }

    @Test
    void retryAfterShouldWaitForEnoughFailuresToLeaveWhenOverTheLimit() {
        failTimes(2, SOURCE, Optional.empty());
        clock.moveBy(Duration.ofMinutes(1));
        failTimes(1, SOURCE, Optional.empty());
        clock.moveBy(Duration.ofMinutes(1));
        failTimes(4, SOURCE, Optional.empty());

        // Seven failures, limit five: blocked until three have left the window, the last of them made at minute 1.
        assertThat(throttle.sourceBlocked(SOURCE)).contains(Duration.ofMinutes(9));
    }

    @Test
    void aBlockedSourceShouldBeFreedOnceTheWindowHasPassed() {
        failTimes(5, SOURCE, Optional.empty());
        clock.moveBy(WINDOW);

        assertThat(throttle.sourceBlocked(SOURCE)).isEmpty();
    }

    @Test
    void theWindowShouldSlideSoThatOnlyRecentFailuresCount() {
        failTimes(3, SOURCE, Optional.empty());
        clock.moveBy(Duration.ofMinutes(6));
        failTimes(2, SOURCE, Optional.empty());
        assertThat(throttle.sourceBlocked(SOURCE)).isPresent();

        clock.moveBy(Duration.ofMinutes(4));
        assertThat(throttle.sourceBlocked(SOURCE)).isEmpty();

        failTimes(2, SOURCE, Optional.empty());
        assertThat(throttle.sourceBlocked(SOURCE)).isEmpty();
        failTimes(1, SOURCE, Optional.empty());
        assertThat(throttle.sourceBlocked(SOURCE)).contains(Duration.ofMinutes(6));
    }

    @Test
    void aBlockedCredentialShouldBeFreedOnceTheWindowHasPassed() {
        failTimes(3, SOURCE, Optional.of(CREDENTIAL));
        clock.moveBy(WINDOW.minusSeconds(1));
        assertThat(throttle.credentialBlocked(CREDENTIAL)).contains(Duration.ofSeconds(1));

        clock.moveBy(Duration.ofSeconds(1));
        assertThat(throttle.credentialBlocked(CREDENTIAL)).isEmpty();
    }
}
