package io.smtpy.access.store;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

import io.smtpy.access.AccessId;

/**
 * A page of one account's audit entries, newest first: optional filters (exact actor, action and target; a time
 * range, {@code from} inclusive and {@code to} exclusive) and a cursor, the sequence number to continue below.
 */
public final class AuditQuery {
    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;

    private final AccessId account;
    private final Optional<String> actor;
    private final Optional<String> action;
    private final Optional<String> target;
    private final Optional<Instant> from;
    private final Optional<Instant> to;
    private final Optional<Long> before;
    private final int limit;

    public AuditQuery(AccessId account, Optional<String> actor, Optional<String> action, Optional<String> target,
                      Optional<Instant> from, Optional<Instant> to, Optional<Long> before, int limit) {
        this.account = Objects.requireNonNull(account);
        this.actor = actor;
        this.action = action;
        this.target = target;
        this.from = from;
        this.to = to;
        this.before = before;
        this.limit = limit;
    }

    public static AuditQuery all(AccessId account) {
        return new AuditQuery(account, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty(), DEFAULT_LIMIT);
    }

    public AccessId account() {
        return account;
    }

    public Optional<String> actor() {
        return actor;
    }

    public Optional<String> action() {
        return action;
    }

    public Optional<String> target() {
        return target;
    }

    public Optional<Instant> from() {
        return from;
    }

    public Optional<Instant> to() {
        return to;
    }

    public Optional<Long> before() {
        return before;
    }

    public int limit() {
        return limit;
    }

    public AuditQuery withLimit(int newLimit) {
        return new AuditQuery(account, actor, action, target, from, to, before, newLimit);
    }

    public AuditQuery withBefore(long sequence) {
        return new AuditQuery(account, actor, action, target, from, to, Optional.of(sequence), limit);
    }

    public AuditQuery withActor(String value) {
        return new AuditQuery(account, Optional.of(value), action, target, from, to, before, limit);
    }

    public AuditQuery withAction(String value) {
        return new AuditQuery(account, actor, Optional.of(value), target, from, to, before, limit);
    }

    /** Does the entry pass the filters (not the cursor)? */
    public boolean matches(io.smtpy.access.AuditEntry entry) {
        return actor.map(entry.actor()::equals).orElse(true)
            && action.map(entry.action()::equals).orElse(true)
            && target.map(entry.target()::equals).orElse(true)
            && from.map(start -> !entry.at().isBefore(start)).orElse(true)
            && to.map(end -> entry.at().isBefore(end)).orElse(true)
            && before.map(cursor -> entry.sequence() < cursor).orElse(true);
    }
}
