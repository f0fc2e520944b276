package io.smtpy.sending;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

import io.smtpy.core.smtp.SmtpStatus;

/** What the submission server answers to an AUTH: the credential it accepted, or the refusal to send. */
public final class AuthOutcome {
    static final SmtpStatus INVALID = SmtpStatus.of(535, "5.7.8", "Authentication credentials invalid");

    private final Optional<SmtpCredential> credential;
    private final Optional<SmtpStatus> refusal;

    private AuthOutcome(Optional<SmtpCredential> credential, Optional<SmtpStatus> refusal) {
        this.credential = credential;
        this.refusal = refusal;
    }

    static AuthOutcome accepted(SmtpCredential credential) {
        return new AuthOutcome(Optional.of(Objects.requireNonNull(credential, "credential")), Optional.empty());
    }

    static AuthOutcome invalid() {
        return new AuthOutcome(Optional.empty(), Optional.of(INVALID));
    }

    /** RFC 4954's temporary failure: the client may try again later, not now. */
    static AuthOutcome throttled(Duration wait) {
        long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
        return new AuthOutcome(Optional.empty(), Optional.of(SmtpStatus.of(454, "4.7.0",
            "Too many failed authentication attempts; try again in " + seconds + " seconds")));
    }

    public Optional<SmtpCredential> credential() {
        return credential;
    }

    public Optional<SmtpStatus> refusal() {
        return refusal;
    }

    @Override
    public String toString() {
        return credential.map(c -> "accepted " + c.username()).orElseGet(() -> "refused " + refusal.orElseThrow());
    }
}
