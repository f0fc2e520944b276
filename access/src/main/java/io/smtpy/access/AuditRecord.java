package io.smtpy.access;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One mutation as the audit log keeps it: who did it (and for whom, when the operator acts for an account), on
 * what, the state before and after (JSON, secrets redacted), where the request came from, and its outcome. The
 * log numbers and chains it into an {@link AuditEntry}.
 */
public final class AuditRecord {
    private final AccessId account;
    private final Instant at;
    private final String actor;
    private final Optional<String> onBehalfOf;
    private final String action;
    private final String target;
    private final Optional<String> before;
    private final Optional<String> after;
    private final String requestId;
    private final String source;
    private final String userAgent;
    private final String outcome;

    public AuditRecord(AccessId account, Instant at, String actor, Optional<String> onBehalfOf, String action, String target,
                       Optional<String> before, Optional<String> after, String requestId, String source, String userAgent,
                       String outcome) {
        this.account = Objects.requireNonNull(account);
        this.at = Objects.requireNonNull(at);
        this.actor = Objects.requireNonNull(actor);
        this.onBehalfOf = Objects.requireNonNull(onBehalfOf);
        this.action = Objects.requireNonNull(action);
        this.target = Objects.requireNonNull(target);
        this.before = Objects.requireNonNull(before);
        this.after = Objects.requireNonNull(after);
        this.requestId = Objects.requireNonNull(requestId);
        this.source = Objects.requireNonNull(source);
        this.userAgent = Objects.requireNonNull(userAgent);
        this.outcome = Objects.requireNonNull(outcome);
    }

    /** The entry this record becomes after {@code previousHash}, numbered {@code sequence}. */
    public AuditEntry chained(long sequence, String previousHash) {
        return new AuditEntry(this, sequence, previousHash, chainHash(sequence, previousHash));
    }

    /** The hash of this record numbered {@code sequence} after {@code previousHash}: what its entry's hash must be. */
    public String chainHash(long sequence, String previousHash) {
        StringBuilder canonical = new StringBuilder();
        for (String field : new String[] {account.asString(), Long.toString(sequence), at.toString(), actor,
            onBehalfOf.orElse("\u0000"), action, target, before.orElse("\u0000"), after.orElse("\u0000"), requestId,
            source, userAgent, outcome, previousHash}) {
            // Length-prefixed, so that no two different entries share a canonical form.
            canonical.append(field.length()).append(':').append(field).append('\n');
        }
        return ApiKeyToken.sha256(canonical.toString());
    }

    /** The same record by another actor: how an edit of a stored entry looks (for tamper tests). */
    public AuditRecord withActor(String newActor) {
        return new AuditRecord(account, at, newActor, onBehalfOf, action, target, before, after, requestId, source, userAgent, outcome);
    }

    /** The same record of another action (for tamper tests). */
    public AuditRecord withAction(String newAction) {
        return new AuditRecord(account, at, actor, onBehalfOf, newAction, target, before, after, requestId, source, userAgent, outcome);
    }

    public AccessId account() {
        return account;
    }

    public Instant at() {
        return at;
    }

    public String actor() {
        return actor;
    }

    public Optional<String> onBehalfOf() {
        return onBehalfOf;
    }

    public String action() {
        return action;
    }

    public String target() {
        return target;
    }

    public Optional<String> before() {
        return before;
    }

    public Optional<String> after() {
        return after;
    }

    public String requestId() {
        return requestId;
    }

    public String source() {
        return source;
    }

    public String userAgent() {
        return userAgent;
    }

    public String outcome() {
        return outcome;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof AuditRecord)) {
            return false;
        }
        AuditRecord other = (AuditRecord) o;
        return account.equals(other.account) && at.equals(other.at) && actor.equals(other.actor) && onBehalfOf.equals(other.onBehalfOf)
            && action.equals(other.action) && target.equals(other.target) && before.equals(other.before) && after.equals(other.after)
            && requestId.equals(other.requestId) && source.equals(other.source) && userAgent.equals(other.userAgent)
            && outcome.equals(other.outcome);
    }

    @Override
    public int hashCode() {
        return Objects.hash(account, at, action, target);
    }
}
