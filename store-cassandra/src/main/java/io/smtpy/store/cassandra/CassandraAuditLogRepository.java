package io.smtpy.store.cassandra;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.DriverTimeoutException;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.BoundStatementBuilder;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.servererrors.CASWriteUnknownException;
import com.datastax.oss.driver.api.core.servererrors.ReadTimeoutException;
import com.datastax.oss.driver.api.core.servererrors.WriteTimeoutException;

import io.smtpy.access.AccessId;
import io.smtpy.access.AuditEntry;
import io.smtpy.access.AuditRecord;
import io.smtpy.access.store.AuditLogRepository;
import io.smtpy.access.store.AuditQuery;
import io.smtpy.store.embedded.StoredInstant;

/**
 * The audit log, one hash chain per account, in three tables.
 * <ul>
 * <li>{@code audit_chain_heads}, key {@code account}: the chain's head, which is its newest entry in full (number,
 * hash, every field), the day bucket it went to, and when it was written. Appends are serialised by a conditional
 * write on it ({@code IF sequence = <the head read>}), so two nodes appending at once make one gap-free chain: the
 * loser reads the new head and chains after it. It is kept apart from the entries, so a purge of every entry does
 * not restart the numbering or the chain. Only conditional writes touch it.</li>
 * <li>{@code audit_log}, partition {@code (account, bucket)}, clustering {@code sequence DESC}: the entries, one
 * partition per account and UTC day, so a partition stays small and a purge drops whole days. An entry's bucket is
 * its own day, or its predecessor's when that is later (clocks of nodes differ): buckets never go back as the
 * sequence goes up, so reading buckets newest first and each newest first is newest first by sequence.</li>
 * <li>{@code audit_log_buckets}, partition {@code account}, clustering {@code bucket}: the account's days, each with
 * the first sequence it holds and the earliest {@code at} in it. Listing starts at the bucket of its cursor and
 * stops at its {@code from}, skips days wholly at or after its {@code to}, and reads entries through the driver's
 * pages until the page is full: it never loads the account's log. The purge finds old entries the same way.</li>
 * </ul>
 *
 * <p>An append is: read the head (serial), write the head's entry into {@code audit_log} again, conditionally move
 * the head to the new entry, then write the new entry. The copy of the head's entry is what makes a node dying
 * between the head and the entry harmless: the next append writes it before going on, so only the newest entry can
 * be missing from {@code audit_log}, and until then {@link #list} and {@link #forEach} take it from the head. Entry
 * writes carry the timestamp chosen when the entry was appended (kept in the head), so writing one again is a no-op
 * and never outlives a purge's deletion, which is timestamped after it; a purge that removes the head's entry also
 * marks the head, so that no later append writes it again.
 */
public final class CassandraAuditLogRepository implements AuditLogRepository {
    private static final String ENTRY_COLUMNS = "sequence, at, actor, on_behalf_of, action, target, before, after,"
        + " request_id, source, user_agent, outcome, previous_hash, hash";

    public static final TableSet TABLES = TableSet.of("audit_log")
        .migration(
            "CREATE TABLE IF NOT EXISTS audit_log (account text, bucket text, sequence bigint, at text, actor text,"
                + " on_behalf_of text, action text, target text, before text, after text, request_id text, source text,"
                + " user_agent text, outcome text, previous_hash text, hash text,"
                + " PRIMARY KEY ((account, bucket), sequence)) WITH CLUSTERING ORDER BY (sequence DESC)",
            "CREATE TABLE IF NOT EXISTS audit_log_buckets (account text, bucket text, first_sequence bigint, min_at text,"
                + " PRIMARY KEY (account, bucket))",
            "CREATE TABLE IF NOT EXISTS audit_chain_heads (account text PRIMARY KEY, sequence bigint, at text, actor text,"
                + " on_behalf_of text, action text, target text, before text, after text, request_id text, source text,"
                + " user_agent text, outcome text, previous_hash text, hash text, bucket text, bucket_first_sequence bigint,"
                + " bucket_min_at text, written_at bigint, append_id uuid, purged boolean)")
        .build();

    private static final String HEAD_COLUMNS = ENTRY_COLUMNS
        + ", bucket, bucket_first_sequence, bucket_min_at, written_at, append_id, purged";
    private static final Duration APPEND_DEADLINE = Duration.ofSeconds(30);
    private static final int MIN_PAGE = 100;

    private final CassandraStore store;

    public CassandraAuditLogRepository(CassandraStore store) {
        this.store = store;
    }

    @Override
    public AuditEntry append(AuditRecord record) {
        AccessId account = record.account();
        Instant deadline = Instant.now().plus(APPEND_DEADLINE);
        while (true) {
            Optional<Head> head;
            try {
                head = head(account, true);
            } catch (CassandraStoreException e) {
                if (!(e.getCause() instanceof ReadTimeoutException) || Instant.now().isAfter(deadline)) {
                    throw e;
                }
                // A serial read timed out against appends in progress: they will have finished.
                pause();
                continue;
            }
            head.filter(current -> !current.purged).ifPresent(this::write);
            Head next = head.map(current -> current.next(record)).orElseGet(() -> Head.first(record));
            if (moveHead(head, next)) {
                try {
                    write(next);
                } catch (CassandraStoreException e) {
                    // Appended all the same: the head holds it, readers take it from there and the next append
                    // writes it into audit_log before going on.
                }
                return next.entry;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new CassandraStoreException("could not append to the audit log of " + account + " within "
                    + APPEND_DEADLINE.toSeconds() + " s: too many concurrent appends");
            }
            pause();
        }
    }

    @Override
    public List<AuditEntry> list(AuditQuery query) {
        List<AuditEntry> page = new ArrayList<>();
        if (query.limit() <= 0) {
            return page;
        }
        AccessId account = query.account();
        Optional<Head> head = head(account, false);
        head.filter(current -> !current.purged && query.matches(current.entry) && !logged(current))
            .ifPresent(current -> page.add(current.entry));
        Optional<String> fromDay = query.from().map(from -> day(StoredInstant.format(from)));
        Optional<String> to = query.to().map(StoredInstant::format);
        BoundStatement buckets = fromDay
            .map(day -> store.prepare("SELECT bucket, first_sequence, min_at FROM audit_log_buckets"
                + " WHERE account = ? AND bucket >= ? ORDER BY bucket DESC").bind(account.asString(), day))
            .orElseGet(() -> store.prepare("SELECT bucket, first_sequence, min_at FROM audit_log_buckets"
                + " WHERE account = ? ORDER BY bucket DESC").bind(account.asString()));
        int pageSize = Math.max(MIN_PAGE, Math.min(query.limit(), AuditQuery.MAX_LIMIT));
        for (Row bucket : store.execute(buckets, "listing the audit days of " + account)) {
            if (page.size() >= query.limit()) {
                break;
            }
            boolean pastCursor = query.before().map(before -> bucket.getLong("first_sequence") >= before).orElse(false);
            boolean pastTo = to.map(end -> bucket.getString("min_at").compareTo(end) >= 0).orElse(false);
            if (pastCursor || pastTo) {
                continue;
            }
            BoundStatement entries = query.before()
                .map(before -> store.prepare("SELECT " + ENTRY_COLUMNS + " FROM audit_log WHERE account = ? AND bucket = ?"
                    + " AND sequence < ?").bind(account.asString(), bucket.getString("bucket"), before))
                .orElseGet(() -> store.prepare("SELECT " + ENTRY_COLUMNS + " FROM audit_log WHERE account = ? AND bucket = ?")
                    .bind(account.asString(), bucket.getString("bucket")));
            for (Row row : store.execute(entries.setPageSize(pageSize), "listing the audit log of " + account)) {
                AuditEntry entry = entry(account, row);
                // The head's entry, taken from the head above, may have been written since.
                boolean seen = !page.isEmpty() && entry.sequence() >= page.get(page.size() - 1).sequence();
                if (!seen && query.matches(entry)) {
                    page.add(entry);
                }
                if (page.size() >= query.limit()) {
                    break;
                }
            }
        }
        return page;
    }

    /**
     * Streams the entries day by day through the driver's pages. Unlike the embedded store's single read
     * transaction, this is not a snapshot: an append meanwhile may or may not be seen, and a purge meanwhile may
     * cut the beginning.
     */
    @Override
    public void forEach(AccessId account, Consumer<AuditEntry> consumer) {
        Optional<Head> head = head(account, false);
        long last = 0;
        for (Row bucket : store.execute(store.prepare("SELECT bucket FROM audit_log_buckets WHERE account = ?")
            .bind(account.asString()), "listing the audit days of " + account)) {
            for (Row row : store.execute(store.prepare("SELECT " + ENTRY_COLUMNS + " FROM audit_log"
                + " WHERE account = ? AND bucket = ? ORDER BY sequence ASC").bind(account.asString(), bucket.getString("bucket")),
                "reading the audit log of " + account)) {
                AuditEntry entry = entry(account, row);
                last = entry.sequence();
                consumer.accept(entry);
            }
        }
        if (head.isPresent() && !head.get().purged && head.get().entry.sequence() > last) {
            consumer.accept(head.get().entry);
        }
    }

    @Override
    public Optional<String> lastHash(AccessId account) {
        return head(account, false).map(head -> head.entry.hash());
    }

    /**
     * Visits the days holding an entry older than the cutoff: a day before the cutoff's is dropped whole (every
     * entry of a bucket is older than the bucket's end), the others lose their older entries one by one.
     */
    @Override
    public int purgeBefore(AccessId account, Instant cutoff) {
        Optional<Head> head = head(account, true);
        if (head.isEmpty()) {
            return 0;
        }
        // After every write of the entries, including ones timestamped ahead of this node's clock.
        long timestamp = Math.max(nowMicros(), head.get().writtenAt + 1);
        String before = StoredInstant.format(cutoff);
        String cutoffDay = day(before);
        List<String> days = new ArrayList<>();
        for (Row bucket : store.execute(store.prepare("SELECT bucket, min_at FROM audit_log_buckets WHERE account = ?")
            .bind(account.asString()), "listing the audit days of " + account)) {
            if (bucket.getString("min_at").compareTo(before) < 0) {
                days.add(bucket.getString("bucket"));
            }
        }
        int removed = 0;
        for (String day : days) {
            boolean whole = day.compareTo(cutoffDay) < 0;
            for (Row row : store.execute(store.prepare("SELECT sequence, at FROM audit_log WHERE account = ? AND bucket = ?")
                .bind(account.asString(), day), "reading the audit log of " + account)) {
                if (whole) {
                    removed++;
                } else if (row.getString("at").compareTo(before) < 0) {
                    removed++;
                    store.execute(store.prepare("DELETE FROM audit_log USING TIMESTAMP ? WHERE account = ? AND bucket = ?"
                        + " AND sequence = ?").bind(timestamp, account.asString(), day, row.getLong("sequence")),
                        "purging the audit log of " + account);
                }
            }
            if (whole) {
                store.executeLogged(BatchStatement.newInstance(DefaultBatchType.LOGGED,
                    store.prepare("DELETE FROM audit_log USING TIMESTAMP ? WHERE account = ? AND bucket = ?")
                        .bind(timestamp, account.asString(), day),
                    store.prepare("DELETE FROM audit_log_buckets USING TIMESTAMP ? WHERE account = ? AND bucket = ?")
                        .bind(timestamp, account.asString(), day)), "purging the audit log of " + account);
            }
        }
        if (head.get().entry.at().isBefore(cutoff)) {
            // Fails only when an append moved the head meanwhile: that one wrote the old head before the deletion.
            store.applied(store.prepare("UPDATE audit_chain_heads SET purged = true WHERE account = ? IF sequence = ?")
                .bind(account.asString(), head.get().entry.sequence()), "marking the audit head of " + account + " purged");
        }
        return removed;
    }

    /** Moves the head from {@code current} (none: the chain is new) to {@code next}; whether this call did. */
    private boolean moveHead(Optional<Head> current, Head next) {
        String account = next.entry.account().asString();
        BoundStatementBuilder move = current.isEmpty()
            ? store.prepare("INSERT INTO audit_chain_heads (account, " + HEAD_COLUMNS + ") VALUES (:account, :sequence, :at,"
                + " :actor, :on_behalf_of, :action, :target, :before, :after, :request_id, :source, :user_agent, :outcome,"
                + " :previous_hash, :hash, :bucket, :bucket_first_sequence, :bucket_min_at, :written_at, :append_id,"
                + " :purged) IF NOT EXISTS").boundStatementBuilder()
            : store.prepare("UPDATE audit_chain_heads SET sequence = :sequence, at = :at, actor = :actor,"
                + " on_behalf_of = :on_behalf_of, action = :action, target = :target, before = :before, after = :after,"
                + " request_id = :request_id, source = :source, user_agent = :user_agent, outcome = :outcome,"
                + " previous_hash = :previous_hash, hash = :hash, bucket = :bucket,"
                + " bucket_first_sequence = :bucket_first_sequence, bucket_min_at = :bucket_min_at,"
                + " written_at = :written_at, append_id = :append_id, purged = :purged"
                + " WHERE account = :account IF sequence = :current").boundStatementBuilder()
                .setLong("current", current.get().entry.sequence());
        bindEntry(move, next.entry, true)
            .setString("account", account)
            .setString("bucket", next.bucket)
            .setLong("bucket_first_sequence", next.bucketFirstSequence)
            .setString("bucket_min_at", next.bucketMinAt)
            .setLong("written_at", next.writtenAt)
            .setUuid("append_id", next.appendId)
            .setBoolean("purged", false);
        try {
            return store.applied(move.build(), "appending to the audit log of " + account);
        } catch (CassandraStoreException e) {
            if (!(e.getCause() instanceof WriteTimeoutException || e.getCause() instanceof CASWriteUnknownException
                || e.getCause() instanceof DriverTimeoutException)) {
                throw e;
            }
            // A timed-out conditional write may have been applied: the head says whether it was this one.
            return head(next.entry.account(), true).map(head -> head.appendId.equals(next.appendId)).orElse(false);
        }
    }

    /** Writes the head's entry and its day into the log (again), with the timestamp it was appended with. */
    private void write(Head head) {
        String account = head.entry.account().asString();
        BoundStatement entry = bindEntry(store.prepare("INSERT INTO audit_log (account, bucket, " + ENTRY_COLUMNS + ")"
            + " VALUES (:account, :bucket, :sequence, :at, :actor, :on_behalf_of, :action, :target, :before, :after,"
            + " :request_id, :source, :user_agent, :outcome, :previous_hash, :hash) USING TIMESTAMP :written_at")
            .boundStatementBuilder(), head.entry, false)
            .setString("account", account)
            .setString("bucket", head.bucket)
            .setLong("written_at", head.writtenAt)
            .build();
        BoundStatement bucket = store.prepare("INSERT INTO audit_log_buckets (account, bucket, first_sequence, min_at)"
            + " VALUES (?, ?, ?, ?) USING TIMESTAMP ?")
            .bind(account, head.bucket, head.bucketFirstSequence, head.bucketMinAt, head.writtenAt);
        store.executeLogged(BatchStatement.newInstance(DefaultBatchType.LOGGED, entry, bucket),
            "writing audit entry " + head.entry.sequence() + " of " + account);
    }

    /** Is the head's entry in {@code audit_log}? */
    private boolean logged(Head head) {
        return store.execute(store.prepare("SELECT sequence FROM audit_log WHERE account = ? AND bucket = ? AND sequence = ?")
            .bind(head.entry.account().asString(), head.bucket, head.entry.sequence()), "reading the audit log of "
            + head.entry.account()).one() != null;
    }

    /** The account's head; {@code serial} reads it as conditional writes see it (finishing one in progress). */
    private Optional<Head> head(AccessId account, boolean serial) {
        BoundStatement read = store.prepare("SELECT " + HEAD_COLUMNS + " FROM audit_chain_heads WHERE account = ?")
            .bind(account.asString());
        if (serial) {
            read = read.setConsistencyLevel(ConsistencyLevel.LOCAL_SERIAL);
        }
        Row row = store.execute(read, "reading the audit head of " + account).one();
        return Optional.ofNullable(row).map(found -> Head.of(account, found));
    }

    /** Binds an entry's columns by name; absent optional texts are null for the head (cleared) or left unset. */
    private static BoundStatementBuilder bindEntry(BoundStatementBuilder statement, AuditEntry entry, boolean clearAbsent) {
        statement.setLong("sequence", entry.sequence())
            .setString("at", StoredInstant.format(entry.at()))
            .setString("actor", entry.actor())
            .setString("action", entry.action())
            .setString("target", entry.target())
            .setString("request_id", entry.requestId())
            .setString("source", entry.source())
            .setString("user_agent", entry.userAgent())
            .setString("outcome", entry.outcome())
            .setString("previous_hash", entry.previousHash())
            .setString("hash", entry.hash());
        optional(statement, "on_behalf_of", entry.onBehalfOf(), clearAbsent);
        optional(statement, "before", entry.before(), clearAbsent);
        optional(statement, "after", entry.after(), clearAbsent);
        return statement;
    }

    private static void optional(BoundStatementBuilder statement, String column, Optional<String> value, boolean clearAbsent) {
        if (value.isPresent() || clearAbsent) {
            statement.setString(column, value.orElse(null));
        }
    }

    /** Empty texts are values, distinct from absent (null) ones: both are kept as written. */
    private static AuditEntry entry(AccessId account, Row row) {
        AuditRecord record = new AuditRecord(account, StoredInstant.parse(row.getString("at")), row.getString("actor"),
            Optional.ofNullable(row.getString("on_behalf_of")), row.getString("action"), row.getString("target"),
            Optional.ofNullable(row.getString("before")), Optional.ofNullable(row.getString("after")),
            row.getString("request_id"), row.getString("source"), row.getString("user_agent"), row.getString("outcome"));
        return new AuditEntry(record, row.getLong("sequence"), row.getString("previous_hash"), row.getString("hash"));
    }

    /** {@code 2026-01-01}: the UTC day of a {@link StoredInstant} text. */
    private static String day(String storedInstant) {
        return storedInstant.substring(0, 10);
    }

    private static long nowMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }

    /** A short random wait, so that appenders that lost a race do not meet again at once. */
    private static void pause() {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, 20));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CassandraStoreException("interrupted appending to the audit log", e);
        }
    }

    /** The newest entry of a chain and what the next append needs to know about it. */
    private static final class Head {
        private final AuditEntry entry;
        private final String bucket;
        private final long bucketFirstSequence;
        private final String bucketMinAt;
        private final long writtenAt;
        private final UUID appendId;
        private final boolean purged;

        private Head(AuditEntry entry, String bucket, long bucketFirstSequence, String bucketMinAt, long writtenAt,
                     UUID appendId, boolean purged) {
            this.entry = entry;
            this.bucket = bucket;
            this.bucketFirstSequence = bucketFirstSequence;
            this.bucketMinAt = bucketMinAt;
            this.writtenAt = writtenAt;
            this.appendId = appendId;
            this.purged = purged;
        }

        static Head first(AuditRecord record) {
            String at = StoredInstant.format(record.at());
            return new Head(record.chained(1, GENESIS), day(at), 1, at, nowMicros(), UUID.randomUUID(), false);
        }

        /** The head after appending {@code record} to this one. */
        Head next(AuditRecord record) {
            AuditEntry next = record.chained(entry.sequence() + 1, entry.hash());
            String at = StoredInstant.format(record.at());
            String day = day(at);
            boolean sameBucket = day.compareTo(bucket) <= 0;
            return new Head(next, sameBucket ? bucket : day, sameBucket ? bucketFirstSequence : next.sequence(),
                sameBucket && bucketMinAt.compareTo(at) < 0 ? bucketMinAt : at,
                Math.max(nowMicros(), writtenAt + 1), UUID.randomUUID(), false);
        }

        static Head of(AccessId account, Row row) {
            return new Head(entry(account, row), row.getString("bucket"), row.getLong("bucket_first_sequence"),
                row.getString("bucket_min_at"), row.getLong("written_at"), row.getUuid("append_id"),
                row.getBoolean("purged"));
        }
    }
}
