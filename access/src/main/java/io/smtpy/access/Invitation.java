package io.smtpy.access;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/** An address invited into an account with a role; the invitation mail carries a single-use token (kept hashed). */
public final class Invitation {
    public enum State {
        PENDING, ACCEPTED, DECLINED, REVOKED;

        public String value() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final AccessId id;
    private final AccessId account;
    private final String email;
    private final Role role;
    private final String tokenHash;
    private final String invitedBy;
    private final Instant createdAt;
    private final Instant expiresAt;
    private final State state;

    public Invitation(AccessId id, AccessId account, String email, Role role, String tokenHash, String invitedBy,
                      Instant createdAt, Instant expiresAt, State state) {
        this.id = Objects.requireNonNull(id);
        this.account = Objects.requireNonNull(account);
        this.email = Member.normaliseEmail(email, "email");
        this.role = Objects.requireNonNull(role);
        this.tokenHash = Objects.requireNonNull(tokenHash);
        this.invitedBy = Objects.requireNonNull(invitedBy);
        this.createdAt = Objects.requireNonNull(createdAt);
        this.expiresAt = Objects.requireNonNull(expiresAt);
        this.state = Objects.requireNonNull(state);
    }

    public AccessId id() {
        return id;
    }

    public AccessId account() {
        return account;
    }

    public String email() {
        return email;
    }

    public Role role() {
        return role;
    }

    public String tokenHash() {
        return tokenHash;
    }

    public String invitedBy() {
        return invitedBy;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant expiresAt() {
        return expiresAt;
    }

    public State state() {
        return state;
    }

    public boolean usable(Instant now) {
        return state == State.PENDING && now.isBefore(expiresAt);
    }

    public Invitation withState(State newState) {
        return new Invitation(id, account, email, role, tokenHash, invitedBy, createdAt, expiresAt, newState);
    }

    /** A new token and expiry, for a resend: the old link stops working. */
    public Invitation renewed(String newTokenHash, Instant newExpiry) {
        return new Invitation(id, account, email, role, newTokenHash, invitedBy, createdAt, newExpiry, state);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Invitation)) {
            return false;
        }
        Invitation other = (Invitation) o;
        return id.equals(other.id) && account.equals(other.account) && email.equals(other.email) && role == other.role
            && tokenHash.equals(other.tokenHash) && invitedBy.equals(other.invitedBy) && createdAt.equals(other.createdAt)
            && expiresAt.equals(other.expiresAt) && state == other.state;
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, account, email);
    }

    @Override
    public String toString() {
        return "Invitation{" + id + ", " + account + ", " + role + ", " + state + "}";
    }
}
