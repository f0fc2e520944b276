package io.smtpy.store.cassandra;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
import com.datastax.oss.driver.api.core.cql.Row;

import io.smtpy.access.AccessId;
import io.smtpy.access.Session;
import io.smtpy.access.store.SessionRepository;
import io.smtpy.core.store.AlreadyExistsException;
import io.smtpy.store.embedded.StoredInstant;

/**
 * Members' sessions in four tables; only the token's hash is stored.
 * <ul>
 * <li>{@code sessions}, key {@code id}: the sessions. Created ({@code IF NOT EXISTS}: ids are 80 random bits, so a
 * clash is a bug, and replacing another member's session would be a worse one) and deleted ({@code IF EXISTS},
 * which tells whether there was one) by conditional writes only.</li>
 * <li>{@code sessions_by_member}, partition {@code member}, clustering {@code (created_at, id)}: which sessions a
 * member has, oldest first, for listing and for ending them all.</li>
 * <li>{@code sessions_by_expiry}, partition {@code expiry_hour} (UTC hour of the expiry), clustering
 * {@code (expires_at, id)}: which sessions are over by a given time, so expired ones are found without a scan.</li>
 * <li>{@code session_expiry_hours}, one partition ({@code shard} 0), clustering {@code hour}: the hours that
 * {@code sessions_by_expiry} holds.</li>
 * </ul>
 * The three lookup tables hold keys only and are written before the session, so a session is never out of reach
 * of {@link #deleteOfMember} (a password reset must end every session); a lookup row left by a failed or refused
 * write points at nothing, or at a session that does not match it, and is skipped. Every row carries a TTL of the
 * session's lifetime (plus a margin for clocks), so a session Cassandra still holds after its expiry is one
 * {@link #deleteExpired} has not reached yet; the TTL counts from the write, which for a new session is its
 * creation, so no clock is needed here.
 */
public final class CassandraSessionRepository implements SessionRepository {
    public static final TableSet TABLES = TableSet.of("sessions")
        .migration(
            "CREATE TABLE IF NOT EXISTS sessions (id text PRIMARY KEY, member text, token_hash text, created_at text,"
                + " expires_at text, source text, user_agent text)",
            "CREATE TABLE IF NOT EXISTS sessions_by_member (member text, created_at text, id text,"
                + " PRIMARY KEY (member, created_at, id))",
            "CREATE TABLE IF NOT EXISTS sessions_by_expiry (expiry_hour text, expires_at text, id text,"
                + " PRIMARY KEY (expiry_hour, expires_at, id))",
            "CREATE TABLE IF NOT EXISTS session_expiry_hours (shard int, hour text, PRIMARY KEY (shard, hour))")
        .build();

    private static final String COLUMNS = "id, member, token_hash, created_at, expires_at, source, user_agent";
    private static final int SHARD = 0;
    private static final Duration TTL_MARGIN = Duration.ofMinutes(5);

    private final CassandraStore store;

    public CassandraSessionRepository(CassandraStore store) {
        this.store = store;
    }

    @Override
    public void create(Session session) {
        String id = session.id().asString();
        String createdAt = StoredInstant.format(session.createdAt());
        String expiresAt = StoredInstant.format(session.expiresAt());
        int ttl = ttlSeconds(session);
        store.executeLogged(BatchStatement.newInstance(DefaultBatchType.LOGGED,
            store.prepare("INSERT INTO sessions_by_member (member, created_at, id) VALUES (?, ?, ?) USING TTL ?")
                .bind(session.member().asString(), createdAt, id, ttl),
            store.prepare("INSERT INTO sessions_by_expiry (expiry_hour, expires_at, id) VALUES (?, ?, ?) USING TTL ?")
                .bind(hour(expiresAt), expiresAt, id, ttl),
            // Every session of the hour is over (and gone by its own TTL) an hour after any of them expires.
            store.prepare("INSERT INTO session_expiry_hours (shard, hour) VALUES (?, ?) USING TTL ?")
                .bind(SHARD, hour(expiresAt), ttl + 3_600)), "indexing session " + id);
        boolean created = store.applied(store.prepare("INSERT INTO sessions (" + COLUMNS + ")"
            + " VALUES (?, ?, ?, ?, ?, ?, ?) IF NOT EXISTS USING TTL ?")
            .bind(id, session.member().asString(), session.tokenHash(), createdAt, expiresAt, session.source(),
                session.userAgent(), ttl), "creating session " + id);
        if (!created) {
            get(session.id()).ifPresent(existing -> {
                // Only the lookup rows this write added: those of the session that holds the id stay.
                if (!existing.member().equals(session.member()) || !existing.createdAt().equals(session.createdAt())) {
                    store.execute(store.prepare("DELETE FROM sessions_by_member WHERE member = ? AND created_at = ? AND id = ?")
                        .bind(session.member().asString(), createdAt, id), "unindexing refused session " + id);
                }
                if (!existing.expiresAt().equals(session.expiresAt())) {
                    store.execute(store.prepare("DELETE FROM sessions_by_expiry WHERE expiry_hour = ? AND expires_at = ? AND id = ?")
                        .bind(hour(expiresAt), expiresAt, id), "unindexing refused session " + id);
                }
            });
            throw new AlreadyExistsException("session " + id + " already exists");
        }
    }

    @Override
    public Optional<Session> get(AccessId id) {
        Row row = store.execute(store.prepare("SELECT " + COLUMNS + " FROM sessions WHERE id = ?").bind(id.asString()),
            "reading session " + id).one();
        return Optional.ofNullable(row).map(CassandraSessionRepository::session);
    }

    @Override
    public List<Session> ofMember(AccessId member) {
        List<Session> sessions = new ArrayList<>();
        for (Row row : memberIndex(member)) {
            get(AccessId.of(row.getString("id")))
                .filter(session -> session.member().equals(member)
                    && StoredInstant.format(session.createdAt()).equals(row.getString("created_at")))
                .ifPresent(sessions::add);
        }
        return sessions;
    }

    @Override
    public boolean delete(AccessId id) {
        return get(id).map(this::end).orElse(false);
    }

    @Override
    public void deleteOfMember(AccessId member) {
        for (Row row : memberIndex(member)) {
            Optional<Session> session = get(AccessId.of(row.getString("id")));
            if (session.isPresent() && session.get().member().equals(member)) {
                end(session.get());
            } else {
                store.execute(store.prepare("DELETE FROM sessions_by_member WHERE member = ? AND created_at = ? AND id = ?")
                    .bind(member.asString(), row.getString("created_at"), row.getString("id")),
                    "unindexing a stale session of " + member);
            }
        }
    }

    /**
     * Visits the expiry hours up to now's, ends each session expired by {@code now} (Session.expired: a session is
     * over at its expiry instant), and forgets the hours wholly past.
     */
    @Override
    public int deleteExpired(Instant now) {
        String until = StoredInstant.format(now);
        String nowHour = hour(until);
        List<String> hours = new ArrayList<>();
        for (Row row : store.execute(store.prepare("SELECT hour FROM session_expiry_hours WHERE shard = ? AND hour <= ?")
            .bind(SHARD, nowHour), "listing the expiry hours of sessions")) {
            hours.add(row.getString("hour"));
        }
        int deleted = 0;
        for (String hour : hours) {
            for (Row row : store.execute(store.prepare("SELECT expires_at, id FROM sessions_by_expiry"
                + " WHERE expiry_hour = ? AND expires_at <= ?").bind(hour, until), "reading sessions expiring in " + hour)) {
                Optional<Session> session = get(AccessId.of(row.getString("id")));
                if (session.isPresent() && StoredInstant.format(session.get().expiresAt()).equals(row.getString("expires_at"))) {
                    deleted += end(session.get()) ? 1 : 0;
                } else {
                    store.execute(store.prepare("DELETE FROM sessions_by_expiry WHERE expiry_hour = ? AND expires_at = ? AND id = ?")
                        .bind(hour, row.getString("expires_at"), row.getString("id")), "unindexing a stale session");
                }
            }
            if (hour.compareTo(nowHour) < 0) {
                store.execute(store.prepare("DELETE FROM session_expiry_hours WHERE shard = ? AND hour = ?").bind(SHARD, hour),
                    "forgetting the expiry hour " + hour);
            }
        }
        return deleted;
    }

    /** Deletes the session, then its lookup rows; whether this call deleted it. */
    private boolean end(Session session) {
        String id = session.id().asString();
        boolean deleted = store.applied(store.prepare("DELETE FROM sessions WHERE id = ? IF EXISTS").bind(id),
            "deleting session " + id);
        String expiresAt = StoredInstant.format(session.expiresAt());
        store.executeLogged(BatchStatement.newInstance(DefaultBatchType.LOGGED,
            store.prepare("DELETE FROM sessions_by_member WHERE member = ? AND created_at = ? AND id = ?")
                .bind(session.member().asString(), StoredInstant.format(session.createdAt()), id),
            store.prepare("DELETE FROM sessions_by_expiry WHERE expiry_hour = ? AND expires_at = ? AND id = ?")
                .bind(hour(expiresAt), expiresAt, id)), "unindexing session " + id);
        return deleted;
    }

    private Iterable<Row> memberIndex(AccessId member) {
        return store.execute(store.prepare("SELECT created_at, id FROM sessions_by_member WHERE member = ?")
            .bind(member.asString()), "listing the sessions of " + member);
    }

    /** The session's lifetime and a margin, in whole seconds: at least the margin, at most Cassandra's limit. */
    private static int ttlSeconds(Session session) {
        Duration lifetime = Duration.between(session.createdAt(), session.expiresAt());
        long seconds = (lifetime.isNegative() ? 0 : lifetime.getSeconds() + (lifetime.getNano() > 0 ? 1 : 0))
            + TTL_MARGIN.getSeconds();
        return (int) Math.min(seconds, Ttls.MAX_SECONDS - 3_600);
    }

    /** {@code 2026-01-01T00}: the UTC hour of a {@link StoredInstant} text. */
    private static String hour(String storedInstant) {
        return storedInstant.substring(0, 13);
    }

    private static Session session(Row row) {
        return new Session(AccessId.of(row.getString("id")), AccessId.of(row.getString("member")),
            row.getString("token_hash"), StoredInstant.parse(row.getString("created_at")),
            StoredInstant.parse(row.getString("expires_at")), row.getString("source"), row.getString("user_agent"));
    }
}
