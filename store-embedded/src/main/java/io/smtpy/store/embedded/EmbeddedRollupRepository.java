package io.smtpy.store.embedded;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smtpy.analytics.Rollup;
import io.smtpy.analytics.RollupKey;
import io.smtpy.analytics.RollupRepository;
import io.smtpy.core.model.DomainName;

/**
 * Hourly roll-ups in the {@code analytics_rollups} table, one row per (domain, alias, hour) with the counts as one JSON
 * document: {@code {"counts": {name: n}, "top": {dimension: {value: n}}, "latency": {bin: n}}}. Adding reads the row,
 * sums in Java and writes it back, in the writer's transaction.
 */
final class EmbeddedRollupRepository implements RollupRepository {
    private static final String HOUR = "hour";

    private final SqliteConnections connections;

    EmbeddedRollupRepository(SqliteConnections connections) {
        this.connections = connections;
    }

    @Override
    public void add(Collection<Rollup> rollups) {
        if (rollups.isEmpty()) {
            return;
        }
        connections.write(connection -> {
            try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO analytics_rollups"
                + " (domain, alias, interval, bucket_start, data) VALUES (?, ?, ?, ?, ?)"
                + " ON CONFLICT (domain, alias, interval, bucket_start) DO UPDATE SET data = excluded.data")) {
                for (Rollup rollup : rollups) {
                    Rollup sum = stored(connection, rollup.key()).map(rollup::plus).orElse(rollup);
                    bind(upsert, rollup.key().domain(), rollup.key().alias(), rollup.key().hour());
                    upsert.setString(5, JsonColumns.write(json(sum)));
                    upsert.executeUpdate();
                }
            }
            return null;
        });
    }

    @Override
    public List<Rollup> find(DomainName domain, String alias, Instant from, Instant to) {
        if (!from.isBefore(to)) {
            return List.of();
        }
        return connections.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT bucket_start, data FROM analytics_rollups"
                + " WHERE domain = ? AND alias = ? AND interval = ? AND bucket_start >= ? AND bucket_start < ?"
                + " ORDER BY bucket_start")) {
                bind(select, domain, alias, from);
                select.setString(5, StoredInstant.format(to));
                try (ResultSet rows = select.executeQuery()) {
                    List<Rollup> found = new ArrayList<>();
                    while (rows.next()) {
                        RollupKey key = RollupKey.of(domain, alias, StoredInstant.parse(rows.getString("bucket_start")));
                        found.add(rollup(key, rows.getString("data")));
                    }
                    return found;
                }
            }
        });
    }

    @Override
    public void deleteDomain(DomainName domain) {
        connections.write(connection -> {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM analytics_rollups WHERE domain = ?")) {
                delete.setString(1, domain.asString());
                delete.executeUpdate();
                return null;
            }
        });
    }

    @Override
    public int deleteBefore(Instant hour) {
        return connections.write(connection -> {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM analytics_rollups WHERE bucket_start < ?")) {
                delete.setString(1, StoredInstant.format(hour));
                return delete.executeUpdate();
            }
        });
    }

    private static Optional<Rollup> stored(Connection connection, RollupKey key) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT data FROM analytics_rollups"
            + " WHERE domain = ? AND alias = ? AND interval = ? AND bucket_start = ?")) {
            bind(select, key.domain(), key.alias(), key.hour());
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(rollup(key, rows.getString("data"))) : Optional.empty();
            }
        }
    }

    private static void bind(PreparedStatement statement, DomainName domain, String alias, Instant hour) throws SQLException {
        statement.setString(1, domain.asString());
        statement.setString(2, alias);
        statement.setString(3, HOUR);
        statement.setString(4, StoredInstant.format(hour));
    }

    private static JsonNode json(Rollup rollup) {
        ObjectNode document = JsonNodeFactory.instance.objectNode();
        ObjectNode counts = document.putObject("counts");
        rollup.counts().forEach(counts::put);
        ObjectNode top = document.putObject("top");
        rollup.top().forEach((dimension, values) -> {
            ObjectNode dimensionNode = top.putObject(dimension);
            values.forEach(dimensionNode::put);
        });
        ObjectNode latency = document.putObject("latency");
        rollup.latency().forEach((bin, count) -> latency.put(String.valueOf(bin), count));
        return document;
    }

    private static Rollup rollup(RollupKey key, String data) {
        JsonNode document = JsonColumns.read(data);
        Map<String, Map<String, Long>> top = new HashMap<>();
        document.path("top").fields().forEachRemaining(dimension -> top.put(dimension.getKey(), longs(dimension.getValue())));
        Map<Integer, Long> latency = new HashMap<>();
        longs(document.path("latency")).forEach((bin, count) -> latency.put(Integer.parseInt(bin), count));
        try {
            return new Rollup(key, longs(document.path("counts")), top, latency);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new EmbeddedStoreException("the stored analytics roll-up of " + key + " cannot be read: " + e.getMessage(), e);
        }
    }

    private static Map<String, Long> longs(JsonNode object) {
        Map<String, Long> values = new HashMap<>();
        object.fields().forEachRemaining(field -> values.put(field.getKey(), field.getValue().asLong()));
        return values;
    }
}
