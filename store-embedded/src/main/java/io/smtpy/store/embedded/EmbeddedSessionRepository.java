package io.smtpy.store.embedded;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.smtpy.access.AccessId;
import io.smtpy.access.Session;
import io.smtpy.access.store.SessionRepository;
import io.smtpy.core.store.AlreadyExistsException;

/** Members' sessions in the {@code sessions} table; only the token's hash is stored. */
final class EmbeddedSessionRepository implements SessionRepository {
    private static final String COLUMNS = "id, member, token_hash, created_at, expires_at, source, user_agent";

    private final SqliteConnections connections;

    EmbeddedSessionRepository(SqliteConnections connections) {
        this.connections = connections;
    }

    @Override
    public void create(Session session) {
        int inserted = connections.write(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO sessions (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING")) {
                insert.setString(1, session.id().asString());
                insert.setString(2, session.member().asString());
                insert.setString(3, session.tokenHash());
                insert.setString(4, StoredInstant.format(session.createdAt()));
                insert.setString(5, StoredInstant.format(session.expiresAt()));
                insert.setString(6, session.source());
                insert.setString(7, session.userAgent());
                return insert.executeUpdate();
            }
        });
        // Ids are 80 random bits: a clash is a bug, and replacing another member's session would be a worse one.
        if (inserted == 0) {
            throw new AlreadyExistsException("session " + session.id() + " already exists");
        }
    }

    @Override
    public Optional<Session> get(AccessId id) {
        return sessions("id = ?", id).stream().findFirst();
    }

    @Override
    public List<Session> ofMember(AccessId member) {
        return sessions("member = ? ORDER BY created_at, id", member);
    }

    @Override
    public boolean delete(AccessId id) {
        return delete("id = ?", id.asString()) > 0;
    }

    @Override
    public void deleteOfMember(AccessId member) {
        delete("member = ?", member.asString());
    }

    @Override
    public int deleteExpired(Instant now) {
        // Session.expired: a session is over at its expiry instant; fixed-width text compares as time.
        return delete("expires_at <= ?", StoredInstant.format(now));
    }

    private int delete(String where, String parameter) {
        return connections.write(connection -> {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM sessions WHERE " + where)) {
                delete.setString(1, parameter);
                return delete.executeUpdate();
            }
        });
    }

    private List<Session> sessions(String where, AccessId parameter) {
        return connections.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS + " FROM sessions WHERE " + where)) {
                select.setString(1, parameter.asString());
                try (ResultSet rows = select.executeQuery()) {
                    List<Session> sessions = new ArrayList<>();
                    while (rows.next()) {
                        sessions.add(session(rows));
                    }
                    return sessions;
                }
            }
        });
    }

    private static Session session(ResultSet row) throws SQLException {
        return new Session(AccessId.of(row.getString("id")), AccessId.of(row.getString("member")), row.getString("token_hash"),
            StoredInstant.parse(row.getString("created_at")), StoredInstant.parse(row.getString("expires_at")),
            row.getString("source"), row.getString("user_agent"));
    }
}
