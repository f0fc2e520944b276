package io.smtpy.store.embedded;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smtpy.core.model.DomainName;
import io.smtpy.limits.LimitAction;
import io.smtpy.limits.LimitDirection;
import io.smtpy.limits.LimitMetric;
import io.smtpy.limits.LimitScope;
import io.smtpy.limits.LimitSet;
import io.smtpy.limits.LimitSettingsRepository;
import io.smtpy.limits.LimitSubject;

/**
 * Limit sets in the table {@code limit_settings} (migration 22), one row per subject and direction, the metrics set as a
 * JSON object. Read per domain when {@code LimitSettings} reloads its memory, never per message.
 */
final class EmbeddedLimitSettingsRepository implements LimitSettingsRepository {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final SqliteConnections connections;

    EmbeddedLimitSettingsRepository(SqliteConnections connections) {
        this.connections = connections;
    }

    @Override
    public void put(LimitSet set) {
        ObjectNode limits = MAPPER.createObjectNode();
        set.limits().forEach((metric, value) -> limits.put(metric.field(), value));
        connections.write(connection -> {
            try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO limit_settings (domain, scope, key,"
                + " direction, limits, action, notify) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (domain, scope, key, direction)"
                + " DO UPDATE SET limits = excluded.limits, action = excluded.action, notify = excluded.notify")) {
                bindKey(upsert, set.subject(), set.direction());
                upsert.setString(5, limits.toString());
                upsert.setString(6, set.action().asString());
                upsert.setInt(7, set.notifyOwners() ? 1 : 0);
                upsert.executeUpdate();
            }
            return null;
        });
    }

    private static void bindKey(PreparedStatement statement, LimitSubject subject, LimitDirection direction) throws SQLException {
        statement.setString(1, subject.domain().asString());
        statement.setString(2, subject.scope().asString());
        statement.setString(3, subject.key());
        statement.setString(4, direction.asString());
    }

    @Override
    public Optional<LimitSet> find(LimitSubject subject, LimitDirection direction) {
        return connections.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT * FROM limit_settings"
                + " WHERE domain = ? AND scope = ? AND key = ? AND direction = ?")) {
                bindKey(select, subject, direction);
                return rows(select).stream().findFirst();
            }
        });
    }

    @Override
    public List<LimitSet> list(DomainName domain) {
        List<LimitSet> sets = connections.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT * FROM limit_settings WHERE domain = ?")) {
                select.setString(1, domain.asString());
                return rows(select);
            }
        });
        sets.sort(LimitSet.ORDER);
        return sets;
    }

    @Override
    public boolean remove(LimitSubject subject, LimitDirection direction) {
        return connections.write(connection -> {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM limit_settings"
                + " WHERE domain = ? AND scope = ? AND key = ? AND direction = ?")) {
                bindKey(delete, subject, direction);
                return delete.executeUpdate() > 0;
            }
        });
    }

    private static List<LimitSet> rows(PreparedStatement select) throws SQLException {
        List<LimitSet> sets = new ArrayList<>();
        try (ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                LimitSubject subject = LimitSubject.of(LimitScope.parse(rows.getString("scope")),
                    DomainName.of(rows.getString("domain")), rows.getString("key"));
                sets.add(LimitSet.of(subject, LimitDirection.parse(rows.getString("direction")), limits(rows.getString("limits")),
                    LimitAction.parse(rows.getString("action")), rows.getInt("notify") == 1));
            }
        }
        return sets;
    }

    private static Map<LimitMetric, Long> limits(String json) {
        Map<LimitMetric, Long> limits = new EnumMap<>(LimitMetric.class);
        try {
            JsonNode node = MAPPER.readTree(json);
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                LimitMetric.ofField(field.getKey()).ifPresent(metric -> limits.put(metric, field.getValue().longValue()));
            }
        } catch (JsonProcessingException e) {
            throw new EmbeddedStoreException("a limit_settings row holds no JSON object: " + e.getMessage(), e);
        }
        return limits;
    }
}
