package io.smtpy.sending;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

import io.smtpy.access.ApiKeyToken;
import io.smtpy.access.service.AttemptThrottle;

/**
 * Checks a user name and password given to the submission server's AUTH, with a brake on guessing: a source address
 * or a user name with too many recent failures is refused for a while (454 4.7.0) before its password is even
 * looked at. Secrets are compared by their SHA-256 in constant time; an unknown user name costs the same hashing as
 * a known one.
 */
public final class SubmissionAuthenticator {
    private static final String NO_SUCH_HASH = ApiKeyToken.sha256("no such credential");

    private final SmtpCredentialRepository repository;
    private final AttemptThrottle throttle;

    public SubmissionAuthenticator(SmtpCredentialRepository repository, AttemptThrottle throttle) {
        this.repository = Objects.requireNonNull(repository, "repository");
        this.throttle = Objects.requireNonNull(throttle, "throttle");
    }

    /** @param source the client's IP address as text */
    public AuthOutcome authenticate(String source, String username, String password) {
        String name = SmtpCredential.normalizeUsername(username);
        Optional<Duration> blocked = throttle.sourceBlocked(source).or(() -> throttle.credentialBlocked(name));
        if (blocked.isPresent()) {
            return AuthOutcome.throttled(blocked.get());
        }
        Optional<SmtpCredential> credential = repository.findByUsername(name);
        String presented = ApiKeyToken.sha256(password == null ? "" : password);
        boolean matches = ApiKeyToken.sameHash(presented, credential.map(SmtpCredential::secretHash).orElse(NO_SUCH_HASH));
        if (credential.isPresent() && matches) {
            return AuthOutcome.accepted(credential.get());
        }
        throttle.failed(source, Optional.of(name));
        return AuthOutcome.invalid();
    }

    /** The credential a session authenticated as, looked up again (it may have been revoked or changed since). */
    public Optional<SmtpCredential> current(String username) {
        return repository.findByUsername(username);
    }
}
