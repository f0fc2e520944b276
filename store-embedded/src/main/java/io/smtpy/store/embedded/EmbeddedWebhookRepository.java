package io.smtpy.store.embedded;

import java.net.URI;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import io.smtpy.core.events.MailEventType;
import io.smtpy.core.store.AlreadyExistsException;
import io.smtpy.core.store.NotFoundException;
import io.smtpy.webhooks.WebhookEndpoint;
import io.smtpy.webhooks.WebhookBatch;
import io.smtpy.webhooks.WebhookId;
import io.smtpy.webhooks.WebhookScope;
import io.smtpy.webhooks.WebhookRepository;

/**
 * Webhook endpoints in the table {@code webhooks}, one row each; secrets as the caller sealed them. The column
 * {@code domain} holds the endpoint's {@link WebhookScope#key()}: the domain, or {@code account:<id>}.
 */
final class EmbeddedWebhookRepository implements WebhookRepository {
    private static final String VALUES = "url = ?, events = ?, enabled = ?, disabled_reason = ?, sealed_secret = ?,"
        + " sealed_previous_secret = ?, previous_until = ?, created_at = ?, consecutive_failures = ?,"
        + " batch_max_events = ?, batch_max_delay_seconds = ?";

    private final SqliteConnections connections;

    EmbeddedWebhookRepository(SqliteConnections connections) {
        this.connections = connections;
    }

    @Override
    public void create(WebhookEndpoint endpoint) {
        connections.write(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO webhooks (url, events, enabled,"
                + " disabled_reason, sealed_secret, sealed_previous_secret, previous_until, created_at, consecutive_failures,"
                + " batch_max_events, batch_max_delay_seconds, domain, id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (id) DO NOTHING")) {
                bind(insert, endpoint);
                if (insert.executeUpdate() == 0) {
                    throw new AlreadyExistsException("webhook " + endpoint.id() + " already exists");
                }
            }
            return null;
        });
    }

    @Override
    public Optional<WebhookEndpoint> find(WebhookScope scope, WebhookId id) {
        return select("SELECT * FROM webhooks WHERE domain = ? AND id = ?", scope.key(), id.asString()).stream().findFirst();
    }

    @Override
    public List<WebhookEndpoint> list(WebhookScope scope) {
        return select("SELECT * FROM webhooks WHERE domain = ? ORDER BY created_at, id", scope.key());
    }

    @Override
    public void update(WebhookEndpoint endpoint) {
        int updated = connections.write(connection -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE webhooks SET " + VALUES
                + " WHERE domain = ? AND id = ?")) {
                bind(update, endpoint);
                return update.executeUpdate();
            }
        });
        if (updated == 0) {
            throw new NotFoundException("webhook " + endpoint.id() + " of " + endpoint.scope() + " is not stored");
        }
    }

    @Override
    public boolean delete(WebhookScope scope, WebhookId id) {
        return connections.write(connection -> {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM webhooks WHERE domain = ? AND id = ?")) {
                delete.setString(1, scope.key());
                delete.setString(2, id.asString());
                return delete.executeUpdate() > 0;
            }
        });
    }

    /** The columns of {@link #VALUES}, then the scope's key and id. */
    private static void bind(PreparedStatement statement, WebhookEndpoint endpoint) throws SQLException {
        statement.setString(1, endpoint.url().toString());
        statement.setString(2, JsonColumns.stringsJson(endpoint.events().stream().map(MailEventType::asString).collect(Collectors.toList())));
        statement.setInt(3, endpoint.enabled() ? 1 : 0);
        statement.setString(4, endpoint.disabledReason().orElse(null));
        statement.setString(5, endpoint.sealedSecret());
        statement.setString(6, endpoint.sealedPreviousSecret().orElse(null));
        statement.setString(7, endpoint.previousUntil().map(StoredInstant::format).orElse(null));
        statement.setString(8, StoredInstant.format(endpoint.createdAt()));
        statement.setInt(9, endpoint.consecutiveFailures());
        if (endpoint.batch().isPresent()) {
            statement.setInt(10, endpoint.batch().get().maxEvents());
            statement.setLong(11, endpoint.batch().get().maxDelay().getSeconds());
        } else {
            statement.setNull(10, java.sql.Types.INTEGER);
            statement.setNull(11, java.sql.Types.INTEGER);
        }
        statement.setString(12, endpoint.scope().key());
        statement.setString(13, endpoint.id().asString());
    }

    private List<WebhookEndpoint> select(String sql, String... parameters) {
        return connections.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(sql)) {
                for (int i = 0; i < parameters.length; i++) {
                    select.setString(i + 1, parameters[i]);
                }
                try (ResultSet rows = select.executeQuery()) {
                    List<WebhookEndpoint> endpoints = new ArrayList<>();
                    while (rows.next()) {
                        endpoints.add(endpoint(rows));
                    }
                    return endpoints;
                }
            }
        });
    }

    private static WebhookEndpoint endpoint(ResultSet row) throws SQLException {
        Set<MailEventType> events = new LinkedHashSet<>();
        JsonColumns.strings(row.getString("events")).forEach(type -> events.add(MailEventType.parse(type)));
        int batchMaxEvents = row.getInt("batch_max_events");
        Optional<WebhookBatch> batch = row.wasNull() ? Optional.empty()
            : Optional.of(WebhookBatch.of(batchMaxEvents, row.getInt("batch_max_delay_seconds")));
        return new WebhookEndpoint(WebhookId.of(row.getString("id")), WebhookScope.parse(row.getString("domain")),
            URI.create(row.getString("url")), events, row.getInt("enabled") == 1,
            Optional.ofNullable(row.getString("disabled_reason")), row.getString("sealed_secret"),
            Optional.ofNullable(row.getString("sealed_previous_secret")),
            Optional.ofNullable(row.getString("previous_until")).map(StoredInstant::parse),
            StoredInstant.parse(row.getString("created_at")), row.getInt("consecutive_failures"), batch);
    }
}
