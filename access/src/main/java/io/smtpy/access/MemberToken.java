package io.smtpy.access;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A single-use secret of a member's, kept as its hash: an e-mail verification link, a password reset link, or one
 * of the recovery codes that stand in for a lost second factor. Used once, it stays (for the record) but never
 * works again.
 */
public final class MemberToken {
    public enum Kind {
        EMAIL_VERIFICATION, PASSWORD_RESET, RECOVERY_CODE;

        public String value() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    private final AccessId id;
    private final AccessId member;
    private final Kind kind;
    private final String secretHash;
    private final Instant createdAt;
    private final Instant expiresAt;
    private final Optional<Instant> usedAt;

    public MemberToken(AccessId id, AccessId member, Kind kind, String secretHash, Instant createdAt, Instant expiresAt,
                       Optional<Instant> usedAt) {
        this.id = Objects.requireNonNull(id);
        this.member = Objects.requireNonNull(member);
        this.kind = Objects.requireNonNull(kind);
        this.secretHash = Objects.requireNonNull(secretHash);
        this.createdAt = Objects.requireNonNull(createdAt);
        this.expiresAt = Objects.requireNonNull(expiresAt);
        this.usedAt = Objects.requireNonNull(usedAt);
    }

    public AccessId id() {
        return id;
    }

    public AccessId member() {
        return member;
    }

    public Kind kind() {
        return kind;
    }

    public String secretHash() {
        return secretHash;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant expiresAt() {
        return expiresAt;
    }

    public Optional<Instant> usedAt() {
        return usedAt;
    }

    public boolean usable(Instant now) {
        return usedAt.isEmpty() && now.isBefore(expiresAt);
    }

    public MemberToken used(Instant at) {
        return new MemberToken(id, member, kind, secretHash, createdAt, expiresAt, Optional.of(at));
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof MemberToken)) {
            return false;
        }
        MemberToken other = (MemberToken) o;
        return id.equals(other.id) && member.equals(other.member) && kind == other.kind && secretHash.equals(other.secretHash)
            && createdAt.equals(other.createdAt) && expiresAt.equals(other.expiresAt) && usedAt.equals(other.usedAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, member, kind);
    }

    @Override
    public String toString() {
        return "MemberToken{" + id + ", " + member + ", " + kind.value() + "}";
    }
}
