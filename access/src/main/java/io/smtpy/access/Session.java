package io.smtpy.access;

import java.time.Instant;
import java.util.Objects;

/** A member's login: a short-lived bearer token (kept as its hash) for the panel and the CLI. */
public final class Session {
    private final AccessId id;
    private final AccessId member;
    private final String tokenHash;
    private final Instant createdAt;
    private final Instant expiresAt;
    private final String source;
    private final String userAgent;

    public Session(AccessId id, AccessId member, String tokenHash, Instant createdAt, Instant expiresAt, String source, String userAgent) {
        this.id = Objects.requireNonNull(id);
        this.member = Objects.requireNonNull(member);
        this.tokenHash = Objects.requireNonNull(tokenHash);
        this.createdAt = Objects.requireNonNull(createdAt);
        this.expiresAt = Objects.requireNonNull(expiresAt);
        this.source = Objects.requireNonNull(source);
        this.userAgent = Objects.requireNonNull(userAgent);
    }

    public AccessId id() {
        return id;
    }

    public AccessId member() {
        return member;
    }

    public String tokenHash() {
        return tokenHash;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant expiresAt() {
        return expiresAt;
    }

    public String source() {
        return source;
    }

    public String userAgent() {
        return userAgent;
    }

    public boolean expired(Instant now) {
        return !now.isBefore(expiresAt);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Session)) {
            return false;
        }
        Session other = (Session) o;
        return id.equals(other.id) && member.equals(other.member) && tokenHash.equals(other.tokenHash)
            && createdAt.equals(other.createdAt) && expiresAt.equals(other.expiresAt) && source.equals(other.source)
            && userAgent.equals(other.userAgent);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, member, tokenHash);
    }

    @Override
    public String toString() {
        return "Session{" + id + ", " + member + "}";
    }
}
