package io.smtpy.store.cassandra;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

import javax.mail.internet.AddressException;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;

import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.LocalPart;
import io.smtpy.core.store.AlreadyExistsException;
import io.smtpy.core.store.NotFoundException;
import io.smtpy.rules.quarantine.QuarantineId;
import io.smtpy.rules.quarantine.QuarantineKind;
import io.smtpy.rules.quarantine.QuarantinePage;
import io.smtpy.rules.quarantine.QuarantineQuery;
import io.smtpy.rules.quarantine.QuarantineRepository;
import io.smtpy.rules.quarantine.QuarantineState;
import io.smtpy.rules.quarantine.QuarantinedMail;
import io.smtpy.store.embedded.JsonColumns;
import io.smtpy.store.embedded.StoredInstant;

/**
 * The quarantine in five tables, each read by its partition key:
 * <ul>
 * <li>{@code quarantine}: one row per (domain, id), written only by conditional writes, so that an id is taken once.
 * It holds no metadata, only where the rest is: the mail's {@code seq} (a time UUID taken when it is put), its
 * reception and expiry instants (the keys of the two tables below) and its number of chunks.</li>
 * <li>{@code quarantine_by_received}: the metadata, one partition per domain, newest first by (received_at, seq):
 * a listing reads the domain's rows in its order (the port's filters and total need every row that passes), and a
 * page never reads bytes.</li>
 * <li>{@code quarantine_by_expiry} and {@code quarantine_expiry_days}: the mails of every domain by expiry, one
 * partition per UTC day of {@code expires_at}, and the days that have one (a single small partition), so that
 * {@link #expired} reads the oldest days first.</li>
 * <li>{@code quarantine_chunks}: the bytes in chunks of at most 64 KiB, one partition per (domain, id, seq), read
 * back in chunk order a page of chunks at a time.</li>
 * </ul>
 * A put writes the bytes first, then claims the id (the bytes under a fresh seq belong to nobody until then, and are
 * deleted when the id is taken), then the metadata and expiry rows in one logged batch: a reader never sees a mail
 * whose bytes are incomplete. A delete removes those rows and the bytes in one logged batch, then the claim.
 *
 * <p>Every row also gets a TTL ending {@link #TTL_GRACE} after the mail's expiry (wall clock; after the put for a mail
 * put already expired), a safety net should the quarantine's own purge ({@link #expired}, which records what it
 * discards) not run: it normally deletes them first.
 * So an update may not move a mail's reception or expiry instant (those key its rows and set their TTL).
 */
public final class CassandraQuarantineRepository implements QuarantineRepository {
    public static final TableSet TABLES = TableSet.of("quarantine")
        .migration(
            "CREATE TABLE IF NOT EXISTS quarantine (domain text, id text, seq timeuuid, received_at text, expires_at text,"
                + " chunks int, PRIMARY KEY ((domain), id))",
            "CREATE TABLE IF NOT EXISTS quarantine_by_received (domain text, received_at text, seq timeuuid, id text,"
                + " alias text, sender text, recipients text, kind text, reason text, decided_by text, verdicts text,"
                + " subject text, header_from text, message_id text, size bigint, expires_at text, state text,"
                + " released_at text, PRIMARY KEY ((domain), received_at, seq))"
                + " WITH CLUSTERING ORDER BY (received_at DESC, seq DESC)",
            "CREATE TABLE IF NOT EXISTS quarantine_by_expiry (day text, expires_at text, seq timeuuid, domain text, id text,"
                + " received_at text, PRIMARY KEY ((day), expires_at, seq))",
            "CREATE TABLE IF NOT EXISTS quarantine_expiry_days (shard int, day text, PRIMARY KEY ((shard), day))",
            "CREATE TABLE IF NOT EXISTS quarantine_chunks (domain text, id text, seq timeuuid, chunk int, bytes blob,"
                + " PRIMARY KEY ((domain, id, seq), chunk))")
        .build();

    static final int CHUNK_BYTES = ChunkedBytes.CHUNK_BYTES;
    /** How long past its expiry Cassandra keeps a mail the purge has not deleted. */
    static final Duration TTL_GRACE = Duration.ofDays(7);
    /** The only partition of {@code quarantine_expiry_days}: a row per day, a few hundred at most. */
    private static final int DAYS_SHARD = 0;
    private static final int ROWS_PER_PAGE = 500;
    private static final String METADATA = "domain, received_at, seq, id, alias, sender, recipients, kind, reason, decided_by,"
        + " verdicts, subject, header_from, message_id, size, expires_at, state, released_at";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final CassandraStore store;
    private final ChunkedBytes chunks;
    private final Clock clock;

    public CassandraQuarantineRepository(CassandraStore store) {
        this(store, Clock.systemUTC());
    }

    /** {@code clock} is Cassandra's time for the TTLs, not the quarantine's: that one is the caller's. */
    CassandraQuarantineRepository(CassandraStore store, Clock clock) {
        this.store = store;
        this.chunks = new ChunkedBytes(store, "quarantine_chunks", "id");
        this.clock = clock;
    }

    @Override
    public void put(QuarantinedMail mail, byte[] message) {
        UUID seq = Uuids.timeBased();
        int ttl = ttl(mail.expiresAt());
        int chunkCount = writeChunks(mail.domain(), mail.id(), seq, message, ttl);
        if (!store.applied(store.prepare("INSERT INTO quarantine (domain, id, seq, received_at, expires_at, chunks)"
            + " VALUES (?, ?, ?, ?, ?, ?) IF NOT EXISTS USING TTL ?").bind(mail.domain().asString(), mail.id().asString(), seq,
                StoredInstant.format(mail.receivedAt()), StoredInstant.format(mail.expiresAt()), chunkCount, ttl),
            "claiming quarantined mail " + mail.id())) {
            deleteChunks(mail.domain(), mail.id(), seq);
            throw new AlreadyExistsException("quarantined mail " + mail.id() + " of " + mail.domain() + " already exists");
        }
        String day = day(mail.expiresAt());
        store.executeLogged(BatchStatement.newInstance(DefaultBatchType.LOGGED,
            metadataRow(mail, seq, ttl),
            store.prepare("INSERT INTO quarantine_by_expiry (day, expires_at, seq, domain, id, received_at) VALUES (?, ?, ?, ?, ?, ?)"
                + " USING TTL ?").bind(day, StoredInstant.format(mail.expiresAt()), seq, mail.domain().asString(),
                mail.id().asString(), StoredInstant.format(mail.receivedAt()), ttl),
            store.prepare("INSERT INTO quarantine_expiry_days (shard, day) VALUES (?, ?) USING TTL ?")
                .bind(DAYS_SHARD, day, ttl(endOf(day)))), "storing quarantined mail " + mail.id());
    }

    @Override
    public Optional<QuarantinedMail> find(DomainName domain, QuarantineId id) {
        return locate(domain, id).flatMap(this::metadata);
    }

    /** The bytes, chunk after chunk; empty when the mail is not stored, or is being deleted. */
    @Override
    public Optional<byte[]> message(DomainName domain, QuarantineId id) {
        Optional<Location> location = locate(domain, id);
        if (location.isEmpty()) {
            return Optional.empty();
        }
        return chunks.read(domain.asString(), id.asString(), location.get().seq, location.get().chunks,
            "reading quarantined mail " + id);
    }

    /** Reads the domain's metadata newest first, testing each row: the total needs every one that passes. */
    @Override
    public QuarantinePage list(QuarantineQuery query) {
        StringBuilder cql = new StringBuilder("SELECT " + METADATA + " FROM quarantine_by_received WHERE domain = ?");
        List<Object> values = new ArrayList<>();
        values.add(query.domain().asString());
        query.receivedFrom().ifPresent(from -> {
            cql.append(" AND received_at >= ?");
            values.add(StoredInstant.format(from));
        });
        query.receivedTo().ifPresent(to -> {
            cql.append(" AND received_at < ?");
            values.add(StoredInstant.format(to));
        });
        List<QuarantinedMail> items = new ArrayList<>();
        long total = 0;
        for (Row row : store.execute(store.prepare(cql.toString()).bind(values.toArray()).setPageSize(ROWS_PER_PAGE),
            "listing the quarantine of " + query.domain())) {
            QuarantinedMail mail = mail(row);
            if (query.test(mail)) {
                if (total >= query.offset() && items.size() < query.limit()) {
                    items.add(mail);
                }
                total++;
            }
        }
        return new QuarantinePage(items, total);
    }

    /**
     * @throws IllegalArgumentException when the update moves the mail's reception or expiry instant
     */
    @Override
    public void update(QuarantinedMail mail) {
        Location location = locate(mail.domain(), mail.id()).orElseThrow(() ->
            new NotFoundException("quarantined mail " + mail.id() + " of " + mail.domain() + " is not stored"));
        if (!location.receivedAt.equals(StoredInstant.format(mail.receivedAt()))
            || !location.expiresAt.equals(StoredInstant.format(mail.expiresAt()))) {
            throw new IllegalArgumentException("the reception and expiry instants of quarantined mail " + mail.id() + " are fixed");
        }
        store.execute(metadataRow(mail, location.seq, ttl(mail.expiresAt())), "updating quarantined mail " + mail.id());
    }

    @Override
    public boolean delete(DomainName domain, QuarantineId id) {
        return locate(domain, id).map(this::delete).orElse(false);
    }

    /** The rows and the bytes in one logged batch, then the claim: whether this call removed the claim. */
    private boolean delete(Location location) {
        String doing = "deleting quarantined mail " + location.id;
        store.executeLogged(BatchStatement.newInstance(DefaultBatchType.LOGGED,
            store.prepare("DELETE FROM quarantine_by_received WHERE domain = ? AND received_at = ? AND seq = ?")
                .bind(location.domain, location.receivedAt, location.seq),
            store.prepare("DELETE FROM quarantine_by_expiry WHERE day = ? AND expires_at = ? AND seq = ?")
                .bind(day(StoredInstant.parse(location.expiresAt)), location.expiresAt, location.seq),
            deleteChunksStatement(location.domain, location.id, location.seq)), doing);
        return store.applied(store.prepare("DELETE FROM quarantine WHERE domain = ? AND id = ? IF seq = ?")
            .bind(location.domain, location.id, location.seq), doing);
    }

    /** Soonest expired first: the days oldest first, each day's rows by expiry and then by the order put. */
    @Override
    public List<QuarantinedMail> expired(Instant now, int limit) {
        List<QuarantinedMail> expired = new ArrayList<>();
        if (limit <= 0) {
            return expired;
        }
        String until = StoredInstant.format(now);
        List<String> days = new ArrayList<>();
        for (Row row : store.execute(store.prepare("SELECT day FROM quarantine_expiry_days WHERE shard = ? AND day <= ?")
            .bind(DAYS_SHARD, day(now)), "listing the quarantine's expiry days")) {
            days.add(row.getString("day"));
        }
        for (String day : days) {
            for (Row row : store.execute(store.prepare("SELECT domain, received_at, seq FROM quarantine_by_expiry"
                + " WHERE day = ? AND expires_at <= ?").bind(day, until).setPageSize(ROWS_PER_PAGE), "reading expired quarantined mail")) {
                Optional<QuarantinedMail> mail = metadata(row.getString("domain"), row.getString("received_at"), row.getUuid("seq"));
                if (mail.isPresent()) {
                    expired.add(mail.get());
                    if (expired.size() == limit) {
                        return expired;
                    }
                }
            }
        }
        return expired;
    }

    @Override
    public void deleteDomain(DomainName domain) {
        List<Location> locations = new ArrayList<>();
        for (Row row : store.execute(store.prepare("SELECT domain, id, seq, received_at, expires_at, chunks FROM quarantine"
            + " WHERE domain = ?").bind(domain.asString()), "listing the quarantine of " + domain)) {
            locations.add(location(row));
        }
        locations.forEach(this::delete);
    }

    private int writeChunks(DomainName domain, QuarantineId id, UUID seq, byte[] message, int ttl) {
        return chunks.write(domain.asString(), id.asString(), seq, message, ttl, "storing quarantined mail " + id);
    }

    private void deleteChunks(DomainName domain, QuarantineId id, UUID seq) {
        store.execute(deleteChunksStatement(domain.asString(), id.asString(), seq), "deleting the bytes of quarantined mail " + id);
    }

    private BoundStatement deleteChunksStatement(String domain, String id, UUID seq) {
        return chunks.delete(domain, id, seq);
    }

    private Optional<Location> locate(DomainName domain, QuarantineId id) {
        Row row = store.execute(store.prepare("SELECT domain, id, seq, received_at, expires_at, chunks FROM quarantine"
            + " WHERE domain = ? AND id = ?").bind(domain.asString(), id.asString()), "locating quarantined mail " + id).one();
        return Optional.ofNullable(row).map(CassandraQuarantineRepository::location);
    }

    private Optional<QuarantinedMail> metadata(Location location) {
        return metadata(location.domain, location.receivedAt, location.seq);
    }

    private Optional<QuarantinedMail> metadata(String domain, String receivedAt, UUID seq) {
        Row row = store.execute(store.prepare("SELECT " + METADATA + " FROM quarantine_by_received"
            + " WHERE domain = ? AND received_at = ? AND seq = ?").bind(domain, receivedAt, seq), "reading quarantined mail").one();
        return Optional.ofNullable(row).map(CassandraQuarantineRepository::mail);
    }

    /** The metadata row, whole: what put writes and update replaces. */
    private BoundStatement metadataRow(QuarantinedMail mail, UUID seq, int ttl) {
        List<String> recipients = new ArrayList<>();
        mail.recipients().forEach(recipient -> recipients.add(recipient.asString()));
        ObjectNode verdicts = MAPPER.createObjectNode();
        mail.verdicts().forEach(verdicts::put);
        return store.prepare("INSERT INTO quarantine_by_received (" + METADATA + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
            + " ?, ?, ?, ?) USING TTL ?").bind(
            mail.domain().asString(),
            StoredInstant.format(mail.receivedAt()),
            seq,
            mail.id().asString(),
            mail.alias().map(LocalPart::asString).orElse(null),
            mail.sender().asString(),
            JsonColumns.stringsJson(recipients),
            mail.kind().asString(),
            mail.reason(),
            mail.decidedBy(),
            JsonColumns.write(verdicts),
            mail.subject().orElse(null),
            mail.headerFrom().orElse(null),
            mail.messageId().orElse(null),
            mail.size(),
            StoredInstant.format(mail.expiresAt()),
            mail.state().asString(),
            mail.releasedAt().map(StoredInstant::format).orElse(null),
            ttl);
    }

    private static QuarantinedMail mail(Row row) {
        List<MailAddress> recipients = new ArrayList<>();
        for (String recipient : JsonColumns.strings(row.getString("recipients"))) {
            recipients.add(address(recipient));
        }
        Map<String, String> verdicts = new TreeMap<>();
        JsonColumns.read(row.getString("verdicts")).fields()
            .forEachRemaining(verdict -> verdicts.put(verdict.getKey(), verdict.getValue().asText()));
        return QuarantinedMail.builder(QuarantineId.of(row.getString("id")), DomainName.of(row.getString("domain")),
                QuarantineKind.parse(row.getString("kind")), StoredInstant.parse(row.getString("received_at")),
                StoredInstant.parse(row.getString("expires_at")))
            .alias(Optional.ofNullable(row.getString("alias")).map(LocalPart::of))
            .sender(MaybeSender.getMailSender(row.getString("sender")))
            .recipients(recipients)
            .reason(row.getString("reason"))
            .decidedBy(row.getString("decided_by"))
            .verdicts(verdicts)
            .subject(Optional.ofNullable(row.getString("subject")))
            .headerFrom(Optional.ofNullable(row.getString("header_from")))
            .messageId(Optional.ofNullable(row.getString("message_id")))
            .size(row.getLong("size"))
            .state(QuarantineState.parse(row.getString("state")))
            .releasedAt(Optional.ofNullable(row.getString("released_at")).map(StoredInstant::parse))
            .build();
    }

    private static MailAddress address(String text) {
        try {
            return new MailAddress(text);
        } catch (AddressException e) {
            throw new CassandraStoreException("stored recipient '" + text + "' is not an address", e);
        }
    }

    /**
     * Seconds from now to {@code expiry} (none when it is past already) plus the grace, at most Cassandra's maximum:
     * the purge always has the grace to act first.
     */
    private int ttl(Instant expiry) {
        long seconds = Math.max(0, Duration.between(clock.instant(), expiry).getSeconds()) + TTL_GRACE.getSeconds();
        return (int) Math.min(Ttls.MAX_SECONDS, seconds);
    }

    /** The UTC day of an instant, {@code yyyy-MM-dd}: text order is time order. */
    private static String day(Instant instant) {
        return LocalDate.ofInstant(instant, ZoneOffset.UTC).toString();
    }

    private static Instant endOf(String day) {
        return LocalDate.parse(day).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    private static Location location(Row row) {
        return new Location(row.getString("domain"), row.getString("id"), row.getUuid("seq"), row.getString("received_at"),
            row.getString("expires_at"), row.getInt("chunks"));
    }

    /** The claim row: where a mail's metadata, expiry row and bytes are. */
    private static final class Location {
        private final String domain;
        private final String id;
        private final UUID seq;
        private final String receivedAt;
        private final String expiresAt;
        private final int chunks;

        private Location(String domain, String id, UUID seq, String receivedAt, String expiresAt, int chunks) {
            this.domain = domain;
            this.id = id;
            this.seq = seq;
            this.receivedAt = receivedAt;
            this.expiresAt = expiresAt;
            this.chunks = chunks;
        }
    }
}
