package io.smtpy.access;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One mutation, as the audit log keeps it: who did it (and for whom, when the operator acts for an account), on
 * what, the state before and after (JSON, secrets redacted), where the request came from, and its outcome.
 * Entries are numbered per account and chained: {@link #hash()} covers every field and the previous entry's hash,
 * so an edited, removed or inserted entry breaks the chain.
 */
public final class AuditEntry {
    private final AccessId account;
    private final long sequence;
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
    private final String previousHash;
    private final String hash;

    public AuditEntry(AccessId account, long sequence, Instant at, String actor, Optional<String> onBehalfOf, String action,
                      String target, Optional<String> before, Optional<String> after, String requestId, String source,
                      String userAgent, String outcome, String previousHash, String hash) {
        this.account = Objects.requireNonNull(account);
        this.sequence = sequence;
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
        this.previousHash = Objects.requireNonNull(previousHash);
        this.hash = Objects.requireNonNull(hash);
    }

    /** The hash of an entry with these fields after {@code previousHash}: what {@link #hash()} must be. */
    public static String chainHash(AccessId account, long sequence, Instant at, String actor, Optional<String> onBehalfOf,
                                   String action, String target, Optional<String> before, Optional<String> after,
                                   String requestId, String source, String userAgent, String outcome, String previousHash) {
        StringBuilder canonical = new StringBuilder();
        for (String field : new String[] {account.asString(), Long.toString(sequence), at.toString(), actor,
            onBehalfOf.orElse("\u0000"), action, target, before.orElse("\u0000"), after.orElse("\u0000"), requestId,
            source, userAgent, outcome, previousHash}) {
            // Length-prefixed, so that no two different entries share a canonical form.
            canonical.append(field.length()).append(':').append(field).append('\n');
        }
        return ApiKeyToken.sha256(canonical.toString());
    }

    public String expectedHash() {
        return chainHash(account, sequence, at, actor, onBehalfOf, action, target, before, after, requestId, source,
            userAgent, outcome, previousHash);
    }

    public AccessId account() {
        return account;
    }

    public long sequence() {
        return sequence;
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

    public String previousHash() {
        return previousHash;
    }

    public String hash() {
        return hash;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof AuditEntry)) {
            return false;
        }
        AuditEntry other = (AuditEntry) o;
        return account.equals(other.account) && sequence == other.sequence && hash.equals(other.hash)
            && expectedHash().equals(other.expectedHash());
    }

    @Override
    public int hashCode() {
        return Objects.hash(account, sequence, hash);
    }

    @Override
    public String toString() {
        return "AuditEntry{" + account + "#" + sequence + " " + action + " " + target + " by " + actor + "}";
    }
}
