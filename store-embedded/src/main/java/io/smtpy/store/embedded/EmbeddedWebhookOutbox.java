package io.smtpy.store.embedded;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smtpy.core.store.NotFoundException;
import io.smtpy.webhooks.DeliveryAttempt;
import io.smtpy.webhooks.DeliveryState;
import io.smtpy.webhooks.WebhookDelivery;
import io.smtpy.webhooks.WebhookDeliveryId;
import io.smtpy.webhooks.WebhookId;
import io.smtpy.webhooks.WebhookScope;
import io.smtpy.webhooks.WebhookOutbox;

/**
 * The webhook outbox in the table {@code webhook_deliveries}: one row per delivery, its attempts as a JSON array;
 * the column {@code domain} holds the endpoint's {@link WebhookScope#key()} (a domain, or {@code account:<id>}).
 * Every write is a committed transaction with {@code synchronous=FULL} ({@link SqliteConnections}), so a delivery
 * added survives a SIGKILL the moment {@link #add} returns.
 */
final class EmbeddedWebhookOutbox implements WebhookOutbox {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String OF_ENDPOINT = "SELECT * FROM webhook_deliveries WHERE domain = ? AND endpoint = ?";

    private final SqliteConnections connections;

    EmbeddedWebhookOutbox(SqliteConnections connections) {
        this.connections = connections;
    }

    @Override
    public void add(WebhookDelivery delivery) {
        connections.write(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO webhook_deliveries (state,"
                + " next_attempt_at, attempts, domain, endpoint, message_id, event_type, event_at, payload, created_at, id)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                bindState(insert, delivery);
                insert.setString(4, delivery.scope().key());
                insert.setString(5, delivery.endpoint().asString());
                insert.setString(6, delivery.messageId());
                insert.setString(7, delivery.eventType());
                insert.setString(8, StoredInstant.format(delivery.eventAt()));
                insert.setString(9, delivery.payload());
                insert.setString(10, StoredInstant.format(delivery.createdAt()));
                insert.setString(11, delivery.id().asString());
                return insert.executeUpdate();
            }
        });
    }

    @Override
    public void update(WebhookDelivery delivery) {
        int updated = connections.write(connection -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE webhook_deliveries"
                + " SET state = ?, next_attempt_at = ?, attempts = ? WHERE id = ?")) {
                bindState(update, delivery);
                update.setString(4, delivery.id().asString());
                return update.executeUpdate();
            }
        });
        if (updated == 0) {
            throw new NotFoundException("webhook delivery " + delivery.id() + " is not stored");
        }
    }

    /** State, next attempt and attempts as parameters 1 to 3. */
    private static void bindState(PreparedStatement statement, WebhookDelivery delivery) throws SQLException {
        statement.setString(1, delivery.state().asString());
        statement.setString(2, StoredInstant.format(delivery.nextAttemptAt()));
        ArrayNode attempts = MAPPER.createArrayNode();
        for (DeliveryAttempt attempt : delivery.attempts()) {
            ObjectNode json = attempts.addObject();
            json.put("at", StoredInstant.format(attempt.at()));
            attempt.status().ifPresent(status -> json.put("status", status));
            json.put("durationMillis", attempt.durationMillis());
            json.put("outcome", attempt.outcome());
        }
        statement.setString(3, JsonColumns.write(attempts));
    }

    @Override
    public Optional<WebhookDelivery> find(WebhookScope scope, WebhookDeliveryId id) {
        return select("SELECT * FROM webhook_deliveries WHERE domain = ? AND id = ?", scope.key(), id.asString())
            .stream().findFirst();
    }

    @Override
    public List<WebhookDelivery> due(Instant now, int limit) {
        return select("SELECT * FROM webhook_deliveries WHERE state = 'pending' AND next_attempt_at <= ?"
            + " ORDER BY next_attempt_at, seq LIMIT " + Math.max(0, limit), StoredInstant.format(now));
    }

    @Override
    public List<WebhookDelivery> batchable(WebhookScope scope, WebhookId endpoint, Instant now, int limit) {
        return select(OF_ENDPOINT + " AND state = 'pending' AND (next_attempt_at <= ? OR attempts = '[]')"
            + " ORDER BY next_attempt_at, created_at, seq LIMIT " + Math.max(0, limit),
            scope.key(), endpoint.asString(), StoredInstant.format(now));
    }

    @Override
    public List<WebhookDelivery> list(WebhookScope scope, WebhookId endpoint, int limit) {
        return select(OF_ENDPOINT + " ORDER BY created_at DESC, seq DESC LIMIT " + Math.max(0, limit),
            scope.key(), endpoint.asString());
    }

    @Override
    public List<WebhookDelivery> ofEvents(WebhookScope scope, WebhookId endpoint, Instant from, Instant to, int limit) {
        return select(OF_ENDPOINT + " AND event_at >= ? AND event_at < ? ORDER BY event_at, seq LIMIT " + Math.max(0, limit),
            scope.key(), endpoint.asString(), StoredInstant.format(from), StoredInstant.format(to));
    }

    @Override
    public List<WebhookDelivery> ofMessage(WebhookScope scope, WebhookId endpoint, String messageId) {
        return select(OF_ENDPOINT + " AND message_id = ? ORDER BY created_at DESC, seq DESC",
            scope.key(), endpoint.asString(), messageId);
    }

    @Override
    public int purgeFinishedBefore(Instant before) {
        return connections.write(connection -> {
            try (PreparedStatement delete = connection.prepareStatement(
                "DELETE FROM webhook_deliveries WHERE state <> 'pending' AND created_at < ?")) {
                delete.setString(1, StoredInstant.format(before));
                return delete.executeUpdate();
            }
        });
    }

    @Override
    public void deleteEndpoint(WebhookScope scope, WebhookId endpoint) {
        connections.write(connection -> {
            try (PreparedStatement delete = connection.prepareStatement(
                "DELETE FROM webhook_deliveries WHERE domain = ? AND endpoint = ?")) {
                delete.setString(1, scope.key());
                delete.setString(2, endpoint.asString());
                return delete.executeUpdate();
            }
        });
    }

    private List<WebhookDelivery> select(String sql, String... parameters) {
        return connections.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(sql)) {
                for (int i = 0; i < parameters.length; i++) {
                    select.setString(i + 1, parameters[i]);
                }
                try (ResultSet rows = select.executeQuery()) {
                    List<WebhookDelivery> deliveries = new ArrayList<>();
                    while (rows.next()) {
                        deliveries.add(delivery(rows));
                    }
                    return deliveries;
                }
            }
        });
    }

    private static WebhookDelivery delivery(ResultSet row) throws SQLException {
        List<DeliveryAttempt> attempts = new ArrayList<>();
        for (JsonNode attempt : JsonColumns.read(row.getString("attempts"))) {
            attempts.add(new DeliveryAttempt(StoredInstant.parse(attempt.get("at").asText()),
                attempt.has("status") ? Optional.of(attempt.get("status").asInt()) : Optional.empty(),
                attempt.get("durationMillis").asLong(), attempt.get("outcome").asText()));
        }
        return new WebhookDelivery(WebhookDeliveryId.of(row.getString("id")), WebhookId.of(row.getString("endpoint")),
            WebhookScope.parse(row.getString("domain")), row.getString("message_id"), row.getString("event_type"),
            StoredInstant.parse(row.getString("event_at")), row.getString("payload"),
            StoredInstant.parse(row.getString("created_at")), DeliveryState.parse(row.getString("state")),
            StoredInstant.parse(row.getString("next_attempt_at")), attempts);
    }
}
