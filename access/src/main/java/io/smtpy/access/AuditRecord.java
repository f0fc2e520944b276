package io.smtpy.access;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** What a caller asks the audit log to keep; the log numbers and chains it into an {@link AuditEntry}. */
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

    public AccessId account() {
        return account;
    }

    /** The entry this record becomes after {@code previousHash}, numbered {@code sequence}. */
    public AuditEntry chained(long sequence, String previousHash) {
        String hash = AuditEntry.chainHash(account, sequence, at, actor, onBehalfOf, action, target, before, after,
            requestId, source, userAgent, outcome, previousHash);
        return new AuditEntry(account, sequence, at, actor, onBehalfOf, action, target, before, after, requestId, source,
            userAgent, outcome, previousHash, hash);
    }
}
