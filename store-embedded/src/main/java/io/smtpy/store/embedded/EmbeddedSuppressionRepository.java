package io.smtpy.store.embedded;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.smtpy.core.model.Destination;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.LocalPart;
import io.smtpy.core.store.AlreadyExistsException;
import io.smtpy.suppression.Suppression;
import io.smtpy.suppression.SuppressionCause;
import io.smtpy.suppression.SuppressionCursor;
import io.smtpy.suppression.SuppressionId;
import io.smtpy.suppression.SuppressionPage;
import io.smtpy.suppression.SuppressionQuery;
import io.smtpy.suppression.SuppressionRepository;

/**
 * Suppressions in the table {@code suppressions} (migration 16), one row each.
 *
 * <p>The mail path asks {@link #active} for every destination of every copy, and almost always the answer is "none".
 * This repository is the file's only writer of suppressions, so it keeps in memory how many rows each (domain, alias,
 * destination) has ({@link #rows}): a destination with none is answered without a read (a read per copy cost the mail
 * path about 0.1 ms), one with rows is read as before. A key counts from just before its row is written until just after
 * it is deleted, so the count never says "none" of a row a reader could see.
 */
final class EmbeddedSuppressionRepository implements SuppressionRepository {
    private final SqliteConnections connections;
    private final Map<List<String>, Integer> rows = new ConcurrentHashMap<>();

    EmbeddedSuppressionRepository(SqliteConnections connections) {
        this.connections = connections;
        connections.read(connection -> {
            try (PreparedStatement table = connection.prepareStatement(
                    "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'suppressions'");
                 ResultSet exists = table.executeQuery()) {
                if (exists.getLong(1) == 0) {
                    // A schema older than suppressions (only in tests of the migrations themselves).
                    return null;
                }
            }
            try (PreparedStatement select = connection.prepareStatement("SELECT domain, alias, destination_key FROM suppressions");
                 ResultSet all = select.executeQuery()) {
                while (all.next()) {
                    count(List.of(all.getString(1), all.getString(2), all.getString(3)), 1);
                }
            }
            return null;
        });
    }

    private static List<String> key(DomainName domain, LocalPart alias, Destination destination) {
        return List.of(domain.asString(), alias.asString(), key(destination));
    }

    private void count(List<String> key, int change) {
        rows.merge(key, change, (before, delta) -> before + delta <= 0 ? null : before + delta);
    }

    @Override
    public void add(Suppression suppression) {
        List<String> key = key(suppression.domain(), suppression.alias(), suppression.destination());
        count(key, 1);
        try {
            insert(suppression);
        } catch (RuntimeException e) {
            count(key, -1);
            throw e;
        }
    }

    private void insert(Suppression suppression) {
        connections.write(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO suppressions (id, domain, alias,"
                + " destination, destination_key, reason, cause, since, until, journey_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (id) DO NOTHING")) {
                insert.setString(1, suppression.id().asString());
                insert.setString(2, suppression.domain().asString());
                insert.setString(3, suppression.alias().asString());
                insert.setString(4, suppression.destination().asString());
                insert.setString(5, key(suppression.destination()));
                insert.setString(6, suppression.reason());
                insert.setString(7, suppression.cause().asString());
                insert.setString(8, StoredInstant.format(suppression.since()));
                insert.setString(9, StoredInstant.format(suppression.until()));
                insert.setString(10, suppression.journeyId().orElse(null));
                if (insert.executeUpdate() == 0) {
                    throw new AlreadyExistsException("suppression " + suppression.id() + " already exists");
                }
            }
            return null;
        });
    }

    private static String key(Destination destination) {
        return destination.asString().toLowerCase(Locale.ROOT);
    }

    @Override
    public Optional<Suppression> find(DomainName domain, SuppressionId id) {
        return select("SELECT * FROM suppressions WHERE domain = ? AND id = ?", domain.asString(), id.asString())
            .stream().findFirst();
    }

    @Override
    public Optional<Suppression> active(DomainName domain, LocalPart alias, Destination destination, Instant now) {
        if (!rows.containsKey(key(domain, alias, destination))) {
            return Optional.empty();
        }
        return select("SELECT * FROM suppressions WHERE domain = ? AND alias = ? AND destination_key = ? AND until > ?"
            + " ORDER BY until DESC LIMIT 1", domain.asString(), alias.asString(), key(destination), StoredInstant.format(now))
            .stream().findFirst();
    }

    @Override
    public SuppressionPage list(SuppressionQuery query) {
        StringBuilder sql = new StringBuilder("SELECT * FROM suppressions WHERE domain = ? AND until > ?");
        List<String> parameters = new ArrayList<>(List.of(query.domain().asString(), StoredInstant.format(query.activeAt())));
        query.alias().ifPresent(alias -> {
            sql.append(" AND alias = ?");
            parameters.add(alias.asString());
        });
        query.destination().ifPresent(destination -> {
            sql.append(" AND destination_key = ?");
            parameters.add(key(destination));
        });
        query.after().ifPresent(cursor -> {
            sql.append(" AND (since < ? OR (since = ? AND id > ?))");
            String since = StoredInstant.format(cursor.since());
            parameters.add(since);
            parameters.add(since);
            parameters.add(cursor.id().asString());
        });
        // The order of SuppressionCursor.ORDER: newest first, ties by id.
        sql.append(" ORDER BY since DESC, id LIMIT ").append(query.limit() + 1);
        return SuppressionPage.of(select(sql.toString(), parameters.toArray(new String[0])), query.limit());
    }

    @Override
    public boolean remove(DomainName domain, SuppressionId id) {
        Optional<List<String>> removed = connections.write(connection -> {
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM suppressions WHERE domain = ? AND id = ? RETURNING alias, destination_key")) {
                delete.setString(1, domain.asString());
                delete.setString(2, id.asString());
                try (ResultSet row = delete.executeQuery()) {
                    return row.next() ? Optional.of(List.of(domain.asString(), row.getString(1), row.getString(2)))
                        : Optional.<List<String>>empty();
                }
            }
        });
        removed.ifPresent(key -> count(key, -1));
        return removed.isPresent();
    }

    @Override
    public List<Suppression> ended(Instant now, int limit) {
        return select("SELECT * FROM suppressions WHERE until <= ? ORDER BY until LIMIT " + Math.max(0, limit),
            StoredInstant.format(now));
    }

    private List<Suppression> select(String sql, String... parameters) {
        return connections.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(sql)) {
                for (int i = 0; i < parameters.length; i++) {
                    select.setString(i + 1, parameters[i]);
                }
                try (ResultSet rows = select.executeQuery()) {
                    List<Suppression> suppressions = new ArrayList<>();
                    while (rows.next()) {
                        suppressions.add(suppression(rows));
                    }
                    return suppressions;
                }
            }
        });
    }

    private static Suppression suppression(ResultSet row) throws SQLException {
        return new Suppression(SuppressionId.of(row.getString("id")), DomainName.of(row.getString("domain")),
            LocalPart.of(row.getString("alias")), Destination.of(row.getString("destination")), row.getString("reason"),
            SuppressionCause.parse(row.getString("cause")), StoredInstant.parse(row.getString("since")),
            StoredInstant.parse(row.getString("until")), Optional.ofNullable(row.getString("journey_id")));
    }
}
