package io.smtpy.store.cassandra;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.uuid.Uuids;

import io.smtpy.bounces.copies.FailedCopy;
import io.smtpy.bounces.copies.FailedCopyRepository;
import io.smtpy.core.model.DomainName;
import io.smtpy.store.embedded.JsonColumns;
import io.smtpy.store.embedded.StoredInstant;

/**
 * Failed copies in four tables, each read by its partition key:
 * <ul>
 * <li>{@code failed_copies}: one partition per (domain, journey), the copy's fields and {@code seq}, a time UUID
 * naming this version of the copy (a journey keeps its last). Written only by compare-and-set ({@code IF NOT
 * EXISTS}, {@code IF seq = ?}): of two nodes keeping a copy of one journey, each replaces what it read, so no version's
 * bytes or purge row are left behind unowned.</li>
 * <li>{@code failed_copy_chunks}: the bytes in chunks of at most 64 KiB, one partition per (domain, journey, seq),
 * written before the copy's row points at them and deleted after it no longer does.</li>
 * <li>{@code failed_copies_by_end} and {@code failed_copy_end_days}: every copy by {@code kept_until}, one partition
 * per UTC day, and the days that have one (a single small partition), for the purge.</li>
 * </ul>
 * No Cassandra TTL: a domain under legal hold keeps its copies past {@code kept_until}, which only the purge knows.
 * The purge deletes a day's marker once the day is empty and over, so it reads only the days that still hold copies.
 */
public final class CassandraFailedCopyRepository implements FailedCopyRepository {
    public static final TableSet TABLES = TableSet.of("failed_copies")
        .migration(
            "CREATE TABLE IF NOT EXISTS failed_copies (domain text, journey_id text, seq timeuuid, alias text, message_id text,"
                + " sender text, failed_recipients text, kept_at text, kept_until text, chunks int,"
                + " PRIMARY KEY ((domain, journey_id)))",
            "CREATE TABLE IF NOT EXISTS failed_copy_chunks (domain text, journey_id text, seq timeuuid, chunk int, bytes blob,"
                + " PRIMARY KEY ((domain, journey_id, seq), chunk))",
            "CREATE TABLE IF NOT EXISTS failed_copies_by_end (day text, kept_until text, seq timeuuid, domain text,"
                + " journey_id text, PRIMARY KEY ((day), kept_until, seq))",
            "CREATE TABLE IF NOT EXISTS failed_copy_end_days (shard int, day text, PRIMARY KEY ((shard), day))")
        .build();

    static final int CHUNK_BYTES = ChunkedBytes.CHUNK_BYTES;
    /** The only partition of {@code failed_copy_end_days}. */
    private static final int DAYS_SHARD = 0;
    private static final int ROWS_PER_PAGE = 500;
    private static final int MAX_ATTEMPTS = 50;
    /**
     * A purge row whose version the copy's row does not name is left alone this long: it may be a keep under way
     * (rows first, then the copy's row). Older, it is a replaced or abandoned version, and goes with its bytes.
     */
    private static final Duration UNOWNED_AFTER = Duration.ofHours(1);
    private static final String COLUMNS = "domain, journey_id, seq, alias, message_id, sender, failed_recipients, kept_at,"
        + " kept_until, chunks";

    private final CassandraStore store;
    private final ChunkedBytes chunks;
    private final Clock clock;

    public CassandraFailedCopyRepository(CassandraStore store) {
        this(store, Clock.systemUTC());
    }

    /** {@code clock} is the wall clock that versions are aged by, not the purge's (the caller's). */
    CassandraFailedCopyRepository(CassandraStore store, Clock clock) {
        this.store = store;
        this.chunks = new ChunkedBytes(store, "failed_copy_chunks", "journey_id");
        this.clock = clock;
    }

    @Override
    public void keep(FailedCopy copy) {
        String domain = copy.domain().asString();
        String journey = copy.journeyId();
        String doing = "keeping the failed copy of journey " + journey;
        UUID seq = Uuids.timeBased();
        int chunkCount = writeChunks(domain, journey, seq, copy.message());
        String keptUntil = StoredInstant.format(copy.keptUntil());
        String day = day(copy.keptUntil());
        store.executeLogged(BatchStatement.newInstance(DefaultBatchType.LOGGED,
            store.prepare("INSERT INTO failed_copies_by_end (day, kept_until, seq, domain, journey_id) VALUES (?, ?, ?, ?, ?)")
                .bind(day, keptUntil, seq, domain, journey),
            store.prepare("INSERT INTO failed_copy_end_days (shard, day) VALUES (?, ?)").bind(DAYS_SHARD, day)), doing);
        Object[] values = {seq, copy.alias().orElse(null), copy.messageId().orElse(null), copy.sender(),
            JsonColumns.stringsJson(copy.failedRecipients()), StoredInstant.format(copy.keptAt()), keptUntil, chunkCount, domain, journey};
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Optional<Version> current = version(domain, journey);
            boolean applied;
            if (current.isEmpty()) {
                applied = store.applied(store.prepare("INSERT INTO failed_copies (seq, alias, message_id, sender, failed_recipients,"
                    + " kept_at, kept_until, chunks, domain, journey_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) IF NOT EXISTS")
                    .bind(values), doing);
            } else {
                Object[] conditional = Arrays.copyOf(values, values.length + 1);
                conditional[values.length] = current.get().seq;
                applied = store.applied(store.prepare("UPDATE failed_copies SET seq = ?, alias = ?, message_id = ?, sender = ?,"
                    + " failed_recipients = ?, kept_at = ?, kept_until = ?, chunks = ? WHERE domain = ? AND journey_id = ?"
                    + " IF seq = ?").bind(conditional), doing);
            }
            if (applied) {
                current.ifPresent(replaced -> forget(replaced, doing));
                return;
            }
        }
        throw new CassandraStoreException("gave up " + doing + " after " + MAX_ATTEMPTS + " concurrent updates");
    }

    @Override
    public Optional<FailedCopy> find(DomainName domain, String journeyId) {
        // A version replaced between reading the row and its bytes has lost them: read the row again.
        for (int attempt = 0; attempt < 3; attempt++) {
            Row row = store.execute(store.prepare("SELECT " + COLUMNS + " FROM failed_copies WHERE domain = ? AND journey_id = ?")
                .bind(domain.asString(), journeyId), "reading the failed copy of journey " + journeyId).one();
            if (row == null) {
                return Optional.empty();
            }
            Optional<byte[]> message = readChunks(domain.asString(), journeyId, row.getUuid("seq"), row.getInt("chunks"));
            if (message.isPresent()) {
                return Optional.of(new FailedCopy(domain, journeyId, Optional.ofNullable(row.getString("alias")),
                    Optional.ofNullable(row.getString("message_id")), row.getString("sender"),
                    JsonColumns.strings(row.getString("failed_recipients")), message.get(),
                    StoredInstant.parse(row.getString("kept_at")), StoredInstant.parse(row.getString("kept_until"))));
            }
        }
        return Optional.empty();
    }

    @Override
    public Optional<Instant> keptUntil(DomainName domain, String journeyId) {
        Row row = store.execute(store.prepare("SELECT kept_until FROM failed_copies WHERE domain = ? AND journey_id = ?")
            .bind(domain.asString(), journeyId), "reading the failed copy of journey " + journeyId).one();
        return Optional.ofNullable(row).map(found -> StoredInstant.parse(found.getString("kept_until")));
    }

    /** The days up to {@code now}'s, oldest first; in each, the rows kept until {@code now} or before. */
    @Override
    public int purgeExpired(Instant now, Set<DomainName> held) {
        String until = StoredInstant.format(now);
        String over = day(clock.instant().minus(Duration.ofDays(1)));
        List<String> days = new ArrayList<>();
        for (Row row : store.execute(store.prepare("SELECT day FROM failed_copy_end_days WHERE shard = ? AND day <= ?")
            .bind(DAYS_SHARD, day(now)), "listing the failed copies' days")) {
            days.add(row.getString("day"));
        }
        int purged = 0;
        for (String day : days) {
            boolean emptied = true;
            for (Row row : store.execute(store.prepare("SELECT kept_until, seq, domain, journey_id FROM failed_copies_by_end"
                + " WHERE day = ?").bind(day).setPageSize(ROWS_PER_PAGE), "reading the failed copies kept until " + day)) {
                Version version = new Version(row.getString("domain"), row.getString("journey_id"), row.getUuid("seq"),
                    row.getString("kept_until"));
                if (version.keptUntil.compareTo(until) > 0 || held.contains(DomainName.of(version.domain))) {
                    emptied = false;
                } else if (purge(version)) {
                    purged++;
                } else if (!forgetUnowned(version)) {
                    emptied = false;
                }
            }
            // A day over (by the wall clock, so no keep writes into it any more) and empty needs no more reading.
            if (emptied && day.compareTo(over) < 0) {
                store.execute(store.prepare("DELETE FROM failed_copy_end_days WHERE shard = ? AND day = ?").bind(DAYS_SHARD, day),
                    "forgetting the failed copies' day " + day);
            }
        }
        return purged;
    }

    /** Deletes the copy if its row still names this version: whether it did. */
    private boolean purge(Version version) {
        String doing = "purging the failed copy of journey " + version.journey;
        if (!store.applied(store.prepare("DELETE FROM failed_copies WHERE domain = ? AND journey_id = ? IF seq = ?")
            .bind(version.domain, version.journey, version.seq), doing)) {
            return false;
        }
        forget(version, doing);
        return true;
    }

    /** A version no copy's row names: deleted once old enough not to be a keep under way. @return whether it was */
    private boolean forgetUnowned(Version version) {
        Optional<Version> current = version(version.domain, version.journey);
        if (current.filter(owner -> owner.seq.equals(version.seq)).isPresent()) {
            return false;
        }
        if (Instant.ofEpochMilli(Uuids.unixTimestamp(version.seq)).isAfter(clock.instant().minus(UNOWNED_AFTER))) {
            return false;
        }
        forget(version, "forgetting a replaced failed copy of journey " + version.journey);
        return true;
    }

    /** Deletes a version's purge row and bytes together. */
    private void forget(Version version, String doing) {
        store.executeLogged(BatchStatement.newInstance(DefaultBatchType.LOGGED,
            store.prepare("DELETE FROM failed_copies_by_end WHERE day = ? AND kept_until = ? AND seq = ?")
                .bind(day(StoredInstant.parse(version.keptUntil)), version.keptUntil, version.seq),
            chunks.delete(version.domain, version.journey, version.seq)), doing);
    }

    /** The version the copy's row names, read through Paxos: what a compare-and-set compares with. */
    private Optional<Version> version(String domain, String journey) {
        Row row = store.execute(store.prepare("SELECT seq, kept_until FROM failed_copies WHERE domain = ? AND journey_id = ?")
            .bind(domain, journey).setConsistencyLevel(ConsistencyLevel.LOCAL_SERIAL), "reading the failed copy of journey " + journey).one();
        return Optional.ofNullable(row).map(found -> new Version(domain, journey, found.getUuid("seq"), found.getString("kept_until")));
    }

    private int writeChunks(String domain, String journey, UUID seq, byte[] message) {
        return chunks.write(domain, journey, seq, message, 0, "storing the failed copy of journey " + journey);
    }

    /** The bytes, chunk after chunk; empty when some are missing (the version was replaced meanwhile). */
    private Optional<byte[]> readChunks(String domain, String journey, UUID seq, int count) {
        return chunks.read(domain, journey, seq, count, "reading the failed copy of journey " + journey);
    }

    /** The UTC day of an instant, {@code yyyy-MM-dd}: text order is time order. */
    private static String day(Instant instant) {
        return LocalDate.ofInstant(instant, ZoneOffset.UTC).toString();
    }

    /** One version of a journey's copy: its bytes and purge row are keyed by {@code seq}. */
    private static final class Version {
        private final String domain;
        private final String journey;
        private final UUID seq;
        private final String keptUntil;

        private Version(String domain, String journey, UUID seq, String keptUntil) {
            this.domain = domain;
            this.journey = journey;
            this.seq = seq;
            this.keptUntil = keptUntil;
        }
    }
}
