package io.smtpy.access;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A refused credential: when, from where, and which credential (a key id, a member's address, "operator key",
 * never a secret). Kept under the account the credential belongs to, when it belongs to one.
 */
public final class FailedAttempt {
    private final Instant at;
    private final String source;
    private final String credential;
    private final String reason;
    private final Optional<AccessId> account;

    public FailedAttempt(Instant at, String source, String credential, String reason, Optional<AccessId> account) {
        this.at = Objects.requireNonNull(at);
        this.source = Objects.requireNonNull(source);
        this.credential = Objects.requireNonNull(credential);
        this.reason = Objects.requireNonNull(reason);
        this.account = Objects.requireNonNull(account);
    }

    public Instant at() {
        return at;
    }

    public String source() {
        return source;
    }

    public String credential() {
        return credential;
    }

    public String reason() {
        return reason;
    }

    public Optional<AccessId> account() {
        return account;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof FailedAttempt)) {
            return false;
        }
        FailedAttempt other = (FailedAttempt) o;
        return at.equals(other.at) && source.equals(other.source) && credential.equals(other.credential)
            && reason.equals(other.reason) && account.equals(other.account);
    }

    @Override
    public int hashCode() {
        return Objects.hash(at, source, credential, reason, account);
    }

    @Override
    public String toString() {
        return "FailedAttempt{" + at + " " + source + " " + credential + " " + reason + "}";
    }
}
