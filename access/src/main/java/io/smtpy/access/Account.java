package io.smtpy.access;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

import io.smtpy.core.model.InvalidFieldException;

/** A team or organisation: it owns domains (and through them aliases, keys, audit entries) and has members. */
public final class Account {
    /** Where domains created before accounts existed belong; the operator's own account. */
    public static final AccessId DEFAULT_ID = AccessId.of("acc_default");
    public static final Duration DEFAULT_AUDIT_RETENTION = Duration.ofDays(365);
    public static final int MAX_NAME_LENGTH = 200;

    private final AccessId id;
    private final String name;
    private final Instant createdAt;
    private final Duration auditRetention;

    public Account(AccessId id, String name, Instant createdAt, Duration auditRetention) {
        this.id = Objects.requireNonNull(id);
        this.name = checkName(name);
        this.createdAt = Objects.requireNonNull(createdAt);
        if (auditRetention.isNegative() || auditRetention.isZero()) {
            throw new InvalidFieldException("auditRetentionDays", "must be at least one day");
        }
        this.auditRetention = auditRetention;
    }

    public static String checkName(String name) {
        if (name == null || name.isBlank()) {
            throw new InvalidFieldException("name", "'name' must not be blank");
        }
        if (name.length() > MAX_NAME_LENGTH || name.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidFieldException("name", "'name' must be at most " + MAX_NAME_LENGTH + " characters, without control characters");
        }
        return name.strip();
    }

    public AccessId id() {
        return id;
    }

    public String name() {
        return name;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Duration auditRetention() {
        return auditRetention;
    }

    public Account withName(String newName) {
        return new Account(id, newName, createdAt, auditRetention);
    }

    public Account withAuditRetention(Duration retention) {
        return new Account(id, name, createdAt, retention);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Account)) {
            return false;
        }
        Account other = (Account) o;
        return id.equals(other.id) && name.equals(other.name) && createdAt.equals(other.createdAt)
            && auditRetention.equals(other.auditRetention);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, name, createdAt, auditRetention);
    }

    @Override
    public String toString() {
        return "Account{" + id + ", " + name + "}";
    }
}
