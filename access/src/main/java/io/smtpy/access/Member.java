package io.smtpy.access;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

import org.apache.james.core.MailAddress;

import io.smtpy.core.model.InvalidFieldException;

/**
 * A person who can log in. Belongs to accounts through {@link Membership}s. The password is kept only as an
 * Argon2id hash; the TOTP secret, when enrolled, is kept sealed by the service that checks it.
 */
public final class Member {
    private final AccessId id;
    private final String email;
    private final String displayName;
    private final Optional<String> passwordHash;
    private final boolean emailVerified;
    private final Optional<String> totpSecret;
    private final Instant createdAt;

    public Member(AccessId id, String email, String displayName, Optional<String> passwordHash, boolean emailVerified,
                  Optional<String> totpSecret, Instant createdAt) {
        this.id = Objects.requireNonNull(id);
        this.email = normaliseEmail(email, "email");
        this.displayName = displayName == null ? "" : displayName;
        this.passwordHash = Objects.requireNonNull(passwordHash);
        this.emailVerified = emailVerified;
        this.totpSecret = Objects.requireNonNull(totpSecret);
        this.createdAt = Objects.requireNonNull(createdAt);
    }

    /** Lower-cased, checked as a mail address: members are found by address, whatever its case. */
    public static String normaliseEmail(String email, String field) {
        if (email == null || email.isBlank()) {
            throw new InvalidFieldException(field, "'" + field + "' is required");
        }
        String lower = email.strip().toLowerCase(Locale.ROOT);
        try {
            new MailAddress(lower);
        } catch (Exception e) {
            throw new InvalidFieldException(field, "'" + field + "' is not a mail address: " + email);
        }
        return lower;
    }

    public AccessId id() {
        return id;
    }

    public String email() {
        return email;
    }

    public String displayName() {
        return displayName;
    }

    public Optional<String> passwordHash() {
        return passwordHash;
    }

    public boolean emailVerified() {
        return emailVerified;
    }

    public Optional<String> totpSecret() {
        return totpSecret;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Member withPasswordHash(String hash) {
        return new Member(id, email, displayName, Optional.of(hash), emailVerified, totpSecret, createdAt);
    }

    public Member withEmailVerified(boolean verified) {
        return new Member(id, email, displayName, passwordHash, verified, totpSecret, createdAt);
    }

    public Member withTotpSecret(Optional<String> secret) {
        return new Member(id, email, displayName, passwordHash, emailVerified, secret, createdAt);
    }

    public Member withDisplayName(String name) {
        return new Member(id, email, name, passwordHash, emailVerified, totpSecret, createdAt);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Member)) {
            return false;
        }
        Member other = (Member) o;
        return id.equals(other.id) && email.equals(other.email) && displayName.equals(other.displayName)
            && passwordHash.equals(other.passwordHash) && emailVerified == other.emailVerified
            && totpSecret.equals(other.totpSecret) && createdAt.equals(other.createdAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, email);
    }

    @Override
    public String toString() {
        return "Member{" + id + "}";
    }
}
