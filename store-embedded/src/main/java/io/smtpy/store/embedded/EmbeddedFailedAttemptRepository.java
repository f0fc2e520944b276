package io.smtpy.store.embedded;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.smtpy.access.AccessId;
import io.smtpy.access.FailedAttempt;
import io.smtpy.access.store.FailedAttemptRepository;

/**
 * Refused credentials in the {@code failed_attempts} table; attempts of one instant are ordered by {@code seq}, the
 * order of recording.
 */
final class EmbeddedFailedAttemptRepository implements FailedAttemptRepository {
    private final SqliteConnections connections;

    EmbeddedFailedAttemptRepository(SqliteConnections connections) {
        this.connections = connections;
    }

    @Override
    public void record(FailedAttempt attempt) {
        connections.write(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO failed_attempts (at, source, credential, reason, account) VALUES (?, ?, ?, ?, ?)")) {
                insert.setString(1, StoredInstant.format(attempt.at()));
                insert.setString(2, attempt.source());
                insert.setString(3, attempt.credential());
                insert.setString(4, attempt.reason());
                insert.setString(5, attempt.account().map(AccessId::asString).orElse(null));
                return insert.executeUpdate();
            }
        });
    }

    @Override
    public List<FailedAttempt> recent(AccessId account, int limit) {
        return connections.read(connection -> {
            // A backward scan of failed_attempts_by_account, which ends implicitly with the rowid (seq).
            try (PreparedStatement select = connection.prepareStatement("SELECT at, source, credential, reason, account"
                    + " FROM failed_attempts WHERE account = ? ORDER BY at DESC, seq DESC LIMIT ?")) {
                select.setString(1, account.asString());
                select.setInt(2, Math.max(0, limit));
                try (ResultSet rows = select.executeQuery()) {
                    List<FailedAttempt> attempts = new ArrayList<>();
                    while (rows.next()) {
                        attempts.add(new FailedAttempt(StoredInstant.parse(rows.getString("at")), rows.getString("source"),
                            rows.getString("credential"), rows.getString("reason"),
                            Optional.ofNullable(rows.getString("account")).map(AccessId::of)));
                    }
                    return attempts;
                }
            }
        });
    }

    @Override
    public int purgeBefore(Instant cutoff) {
        return connections.write(connection -> {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM failed_attempts WHERE at < ?")) {
                delete.setString(1, StoredInstant.format(cutoff));
                return delete.executeUpdate();
            }
        });
    }
}
