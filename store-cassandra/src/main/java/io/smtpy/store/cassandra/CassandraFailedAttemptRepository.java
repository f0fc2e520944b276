package io.smtpy.store.cassandra;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchStatementBuilder;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.uuid.Uuids;

import io.smtpy.access.AccessId;
import io.smtpy.access.FailedAttempt;
import io.smtpy.access.store.FailedAttemptRepository;
import io.smtpy.store.embedded.StoredInstant;

/**
 * Refused credentials in three tables, written together by one logged batch:
 * <ul>
 * <li>{@code failed_attempts}, partition {@code hour} (the attempt's UTC hour), clustering {@code (at, seq)}: every
 * attempt, the account-less ones (operator key, unknown key ids) included. The retention purge is by time across
 * accounts, so the attempts are partitioned by time; an hour keeps a partition small even under a guessing attack.</li>
 * <li>{@code failed_attempts_by_account}, partition {@code account}, clustering {@code (at DESC, seq DESC)}: the
 * same attempts of accounts, so that an owner's "most recent" is the head of one partition.</li>
 * <li>{@code failed_attempt_hours}, one partition ({@code shard} 0), clustering {@code hour}: the hours that hold
 * attempts, so the purge finds old ones without scanning (about 720 rows for 30 days kept).</li>
 * </ul>
 * {@code seq} is a time-based UUID made at recording: it orders attempts of one instant in the order they were
 * recorded (it increases within a node). The port gives no expiry, so there is no TTL: the purge removes attempts,
 * with range deletions (one tombstone per partition, not one per attempt).
 */
public final class CassandraFailedAttemptRepository implements FailedAttemptRepository {
    public static final TableSet TABLES = TableSet.of("failed_attempts")
        .migration(
            "CREATE TABLE IF NOT EXISTS failed_attempts (hour text, at text, seq timeuuid, source text, credential text,"
                + " reason text, account text, PRIMARY KEY (hour, at, seq))",
            "CREATE TABLE IF NOT EXISTS failed_attempts_by_account (account text, at text, seq timeuuid, source text,"
                + " credential text, reason text, PRIMARY KEY (account, at, seq))"
                + " WITH CLUSTERING ORDER BY (at DESC, seq DESC)",
            "CREATE TABLE IF NOT EXISTS failed_attempt_hours (shard int, hour text, PRIMARY KEY (shard, hour))")
        .build();

    private static final int SHARD = 0;

    private final CassandraStore store;

    public CassandraFailedAttemptRepository(CassandraStore store) {
        this.store = store;
    }

    @Override
    public void record(FailedAttempt attempt) {
        String at = StoredInstant.format(attempt.at());
        String hour = hour(at);
        UUID seq = Uuids.timeBased();
        BatchStatementBuilder batch = BatchStatement.builder(DefaultBatchType.LOGGED)
            .addStatement(store.prepare("INSERT INTO failed_attempts (hour, at, seq, source, credential, reason, account)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?)").bind(hour, at, seq, attempt.source(), attempt.credential(),
                attempt.reason(), attempt.account().map(AccessId::asString).orElse(null)))
            .addStatement(store.prepare("INSERT INTO failed_attempt_hours (shard, hour) VALUES (?, ?)").bind(SHARD, hour));
        attempt.account().ifPresent(account -> batch.addStatement(store.prepare(
            "INSERT INTO failed_attempts_by_account (account, at, seq, source, credential, reason) VALUES (?, ?, ?, ?, ?, ?)")
            .bind(account.asString(), at, seq, attempt.source(), attempt.credential(), attempt.reason())));
        store.executeLogged(batch.build(), "recording a failed attempt");
    }

    @Override
    public List<FailedAttempt> recent(AccessId account, int limit) {
        List<FailedAttempt> attempts = new ArrayList<>();
        if (limit <= 0) {
            return attempts;
        }
        for (Row row : store.execute(store.prepare("SELECT at, source, credential, reason FROM failed_attempts_by_account"
            + " WHERE account = ? LIMIT ?").bind(account.asString(), limit), "reading the failed attempts of " + account)) {
            attempts.add(new FailedAttempt(StoredInstant.parse(row.getString("at")), row.getString("source"),
                row.getString("credential"), row.getString("reason"), Optional.of(account)));
        }
        return attempts;
    }

    /**
     * Visits the hours up to the cutoff's: counts the attempts older than the cutoff, then removes them from the
     * hour and from each account they name with one range deletion each. An hour wholly before the cutoff is
     * forgotten with its partition.
     */
    @Override
    public int purgeBefore(Instant cutoff) {
        String before = StoredInstant.format(cutoff);
        String cutoffHour = hour(before);
        List<String> hours = new ArrayList<>();
        for (Row row : store.execute(store.prepare("SELECT hour FROM failed_attempt_hours WHERE shard = ? AND hour <= ?")
            .bind(SHARD, cutoffHour), "listing the hours of failed attempts")) {
            hours.add(row.getString("hour"));
        }
        int removed = 0;
        for (String hour : hours) {
            Set<String> accounts = new LinkedHashSet<>();
            for (Row row : store.execute(store.prepare("SELECT account FROM failed_attempts WHERE hour = ? AND at < ?")
                .bind(hour, before), "reading the failed attempts of " + hour)) {
                removed++;
                Optional.ofNullable(row.getString("account")).ifPresent(accounts::add);
            }
            for (String account : accounts) {
                store.execute(store.prepare("DELETE FROM failed_attempts_by_account WHERE account = ? AND at < ?")
                    .bind(account, before), "purging the failed attempts of " + account);
            }
            if (hour.compareTo(cutoffHour) < 0) {
                store.execute(store.prepare("DELETE FROM failed_attempts WHERE hour = ?").bind(hour),
                    "purging the failed attempts of " + hour);
                store.execute(store.prepare("DELETE FROM failed_attempt_hours WHERE shard = ? AND hour = ?")
                    .bind(SHARD, hour), "forgetting the hour " + hour);
            } else {
                store.execute(store.prepare("DELETE FROM failed_attempts WHERE hour = ? AND at < ?").bind(hour, before),
                    "purging the failed attempts of " + hour);
            }
        }
        return removed;
    }

    /** {@code 2026-01-01T00}: the UTC hour of a {@link StoredInstant} text. */
    private static String hour(String storedInstant) {
        return storedInstant.substring(0, 13);
    }
}
