package io.smtpy.access;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * An {@link AuditRecord} as the log keeps it: numbered per account and chained. {@link #hash()} covers every field
 * of the record, the number and the previous entry's hash, so an edited, removed or inserted entry breaks the chain.
 */
public final class AuditEntry {
    private final AuditRecord record;
    private final long sequence;
    private final String previousHash;
    private final String hash;

    public AuditEntry(AuditRecord record, long sequence, String previousHash, String hash) {
        this.record = Objects.requireNonNull(record);
        this.sequence = sequence;
        this.previousHash = Objects.requireNonNull(previousHash);
        this.hash = Objects.requireNonNull(hash);
    }

    public String expectedHash() {
        return record.chainHash(sequence, previousHash);
    }

    public AuditRecord record() {
        return record;
    }

    public long sequence() {
        return sequence;
    }

    public String previousHash() {
        return previousHash;
    }

    public String hash() {
        return hash;
    }

    public AccessId account() {
        return record.account();
    }

    public Instant at() {
        return record.at();
    }

    public String actor() {
        return record.actor();
    }

    public Optional<String> onBehalfOf() {
        return record.onBehalfOf();
    }

    public String action() {
        return record.action();
    }

    public String target() {
        return record.target();
    }

    public Optional<String> before() {
        return record.before();
    }

    public Optional<String> after() {
        return record.after();
    }

    public String requestId() {
        return record.requestId();
    }

    public String source() {
        return record.source();
    }

    public String userAgent() {
        return record.userAgent();
    }

    public String outcome() {
        return record.outcome();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof AuditEntry)) {
            return false;
        }
        AuditEntry other = (AuditEntry) o;
        return record.equals(other.record) && sequence == other.sequence && previousHash.equals(other.previousHash)
            && hash.equals(other.hash);
    }

    @Override
    public int hashCode() {
        return Objects.hash(record.account(), sequence, hash);
    }

    @Override
    public String toString() {
        return "AuditEntry{" + record.account() + "#" + sequence + " " + record.action() + " " + record.target() + " by " + record.actor() + "}";
    }
}
