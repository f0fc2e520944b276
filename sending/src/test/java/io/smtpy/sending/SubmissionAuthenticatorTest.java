package io.smtpy.sending;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import io.smtpy.access.service.AttemptThrottle;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.smtp.SmtpStatus;

class SubmissionAuthenticatorTest {
    private static final DomainName DOMAIN = DomainName.of("brand.example");
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    private final MutableClock clock = new MutableClock();
    private final MemorySmtpCredentialRepository repository = new MemorySmtpCredentialRepository();
    private final SmtpCredentials credentials = new SmtpCredentials(repository, clock);
    private final SubmissionAuthenticator authenticator =
        new SubmissionAuthenticator(repository, new AttemptThrottle(clock, 5, 3, Duration.ofMinutes(15)));

    @Test
    void rightPasswordShouldBeAcceptedWhateverTheCaseOfTheUserName() {
        IssuedCredential issued = credentials.create(DOMAIN, CredentialRequest.forDomain());

        AuthOutcome outcome = authenticator.authenticate("192.0.2.1", issued.credential().username().toUpperCase(), issued.password());

        assertThat(outcome.credential()).contains(issued.credential());
        assertThat(outcome.refusal()).isEmpty();
    }

    @Test
    void wrongPasswordAndUnknownUserShouldGetTheSameRefusal() {
        IssuedCredential issued = credentials.create(DOMAIN, CredentialRequest.forDomain());

        AuthOutcome wrong = authenticator.authenticate("192.0.2.1", issued.credential().username(), "guess");
        AuthOutcome unknown = authenticator.authenticate("192.0.2.2", "nobody@brand.example", issued.password());

        assertThat(wrong.refusal()).contains(SmtpStatus.of(535, "5.7.8", "Authentication credentials invalid"));
        assertThat(unknown.refusal()).isEqualTo(wrong.refusal());
        assertThat(wrong.credential()).isEmpty();
    }

    @Test
    void guessingOneUserNameFromManySourcesShouldBeThrottledEvenWithTheRightPassword() {
        IssuedCredential issued = credentials.create(DOMAIN, CredentialRequest.forDomain());
        String username = issued.credential().username();
        for (int i = 0; i < 3; i++) {
            authenticator.authenticate("192.0.2." + i, username, "guess" + i);
        }

        AuthOutcome outcome = authenticator.authenticate("198.51.100.7", username, issued.password());

        assertThat(outcome.credential()).isEmpty();
        assertThat(outcome.refusal().orElseThrow().code()).isEqualTo(454);
        assertThat(outcome.refusal().orElseThrow().text()).contains("try again in 900 seconds");

        clock.advance(Duration.ofMinutes(16));
        assertThat(authenticator.authenticate("198.51.100.7", username, issued.password()).credential()).isPresent();
    }

    @Test
    void oneSourceGuessingManyUserNamesShouldBeThrottled() {
        IssuedCredential issued = credentials.create(DOMAIN, CredentialRequest.forDomain());
        for (int i = 0; i < 5; i++) {
            authenticator.authenticate("203.0.113.9", "user" + i + "@brand.example", "guess");
        }

        assertThat(authenticator.authenticate("203.0.113.9", issued.credential().username(), issued.password()).refusal())
            .hasValueSatisfying(status -> assertThat(status.code()).isEqualTo(454));
        assertThat(authenticator.authenticate("203.0.113.10", issued.credential().username(), issued.password()).credential())
            .isPresent();
    }

    @Test
    void revokedCredentialShouldNoLongerAuthenticate() {
        IssuedCredential issued = credentials.create(DOMAIN, CredentialRequest.forDomain());
        credentials.revoke(DOMAIN, issued.credential().id());

        assertThat(authenticator.authenticate("192.0.2.1", issued.credential().username(), issued.password()).credential()).isEmpty();
        assertThat(authenticator.current(issued.credential().username())).isEmpty();
    }

    private static final class MutableClock extends Clock {
        private Instant now = NOW;

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
