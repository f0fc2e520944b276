package io.smtpy.access.store;

import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

import io.smtpy.access.AccessId;
import io.smtpy.access.AuditEntry;
import io.smtpy.access.AuditRecord;

/**
 * The append-only audit log, one hash chain per account. Appends to one account are serialised: each entry is
 * numbered one above the last and chained to its hash ({@link AuditRecord#chained}); numbering and chaining go on
 * after a retention purge. The first entry of a chain chains to {@link #GENESIS}; after a purge, the oldest kept
 * entry still names its removed predecessor's hash, which verification takes as the chain's anchor.
 */
public interface AuditLogRepository {
    String GENESIS = "0".repeat(64);

    AuditEntry append(AuditRecord record);

    /** A page, newest first (see {@link AuditQuery}). */
    List<AuditEntry> list(AuditQuery query);

    /** Every entry of the account, oldest first, one at a time (the log is not held in memory). */
    void forEach(AccessId account, Consumer<AuditEntry> consumer);

    /**
     * The hash of the account's last appended entry, kept apart from the entries (and through purges): an entry
     * removed from the end of the log leaves the last remaining one short of it.
     */
    java.util.Optional<String> lastHash(AccessId account);

    /** Retention: removes the account's entries older than {@code cutoff}; how many. */
    int purgeBefore(AccessId account, Instant cutoff);
}
