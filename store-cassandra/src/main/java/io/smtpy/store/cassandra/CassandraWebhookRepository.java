package io.smtpy.store.cassandra;

import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.Row;

import io.smtpy.core.events.MailEventType;
import io.smtpy.core.store.AlreadyExistsException;
import io.smtpy.core.store.NotFoundException;
import io.smtpy.store.embedded.StoredInstant;
import io.smtpy.webhooks.WebhookBatch;
import io.smtpy.webhooks.WebhookEndpoint;
import io.smtpy.webhooks.WebhookId;
import io.smtpy.webhooks.WebhookRepository;
import io.smtpy.webhooks.WebhookScope;

/**
 * Webhook endpoints in {@code webhooks}, key {@code ((domain), id)}: the column {@code domain} holds the endpoint's
 * {@link WebhookScope#key()} (a domain, or {@code account:<id>}), so a scope's few endpoints are one partition, read
 * whole by {@link #list} and sorted there. An id is unique across scopes, as in the embedded store: it is claimed in
 * {@code webhook_ids}, key {@code ((id))}, by a conditional insert before the endpoint is written, and released when
 * it is deleted. Every write is conditional; secrets are stored as the caller sealed them.
 */
public final class CassandraWebhookRepository implements WebhookRepository {
    public static final TableSet TABLES = TableSet.of("webhooks")
        .migration(
            "CREATE TABLE IF NOT EXISTS webhooks ("
                + "domain text, id text, url text, events set<text>, enabled boolean, disabled_reason text,"
                + " sealed_secret text, sealed_previous_secret text, previous_until text, created_at text,"
                + " consecutive_failures int, batch_max_events int, batch_max_delay_seconds int,"
                + " PRIMARY KEY ((domain), id))",
            "CREATE TABLE IF NOT EXISTS webhook_ids (id text PRIMARY KEY, domain text)")
        .build();

    private static final String VALUE_COLUMNS = "url, events, enabled, disabled_reason, sealed_secret,"
        + " sealed_previous_secret, previous_until, created_at, consecutive_failures, batch_max_events,"
        + " batch_max_delay_seconds";
    private static final int VALUE_COUNT = VALUE_COLUMNS.split(",").length;
    private static final Comparator<WebhookEndpoint> OLDEST_FIRST = Comparator.comparing(WebhookEndpoint::createdAt)
        .thenComparing(endpoint -> endpoint.id().asString());

    private final CassandraStore store;

    public CassandraWebhookRepository(CassandraStore store) {
        this.store = store;
    }

    @Override
    public void create(WebhookEndpoint endpoint) {
        String id = endpoint.id().asString();
        if (!store.applied(store.prepare("INSERT INTO webhook_ids (id, domain) VALUES (?, ?) IF NOT EXISTS")
            .bind(id, endpoint.scope().key()), "claiming webhook id " + id)) {
            throw new AlreadyExistsException("webhook " + endpoint.id() + " already exists");
        }
        BoundStatement insert = bindValues(store.prepare("INSERT INTO webhooks (domain, id, " + VALUE_COLUMNS
            + ") VALUES (?, ?" + ", ?".repeat(VALUE_COUNT) + ") IF NOT EXISTS").bind(), 2, endpoint)
            .setString(0, endpoint.scope().key())
            .setString(1, id);
        if (!store.applied(insert, "creating webhook " + id)) {
            throw new AlreadyExistsException("webhook " + endpoint.id() + " already exists");
        }
    }

    @Override
    public Optional<WebhookEndpoint> find(WebhookScope scope, WebhookId id) {
        Row row = store.execute(store.prepare("SELECT domain, id, " + VALUE_COLUMNS
            + " FROM webhooks WHERE domain = ? AND id = ?").bind(scope.key(), id.asString()),
            "reading webhook " + id.asString()).one();
        return Optional.ofNullable(row).map(CassandraWebhookRepository::endpoint);
    }

    @Override
    public List<WebhookEndpoint> list(WebhookScope scope) {
        List<WebhookEndpoint> endpoints = new ArrayList<>();
        for (Row row : store.execute(store.prepare("SELECT domain, id, " + VALUE_COLUMNS
            + " FROM webhooks WHERE domain = ?").bind(scope.key()), "listing the webhooks of " + scope.key())) {
            endpoints.add(endpoint(row));
        }
        endpoints.sort(OLDEST_FIRST);
        return endpoints;
    }

    @Override
    public void update(WebhookEndpoint endpoint) {
        String assignments = Arrays.stream(VALUE_COLUMNS.split(","))
            .map(column -> column.trim() + " = ?").collect(Collectors.joining(", "));
        BoundStatement update = bindValues(store.prepare("UPDATE webhooks SET " + assignments
            + " WHERE domain = ? AND id = ? IF EXISTS").bind(), 0, endpoint)
            .setString(VALUE_COUNT, endpoint.scope().key())
            .setString(VALUE_COUNT + 1, endpoint.id().asString());
        if (!store.applied(update, "updating webhook " + endpoint.id().asString())) {
            throw new NotFoundException("webhook " + endpoint.id() + " of " + endpoint.scope() + " is not stored");
        }
    }

    @Override
    public boolean delete(WebhookScope scope, WebhookId id) {
        if (!store.applied(store.prepare("DELETE FROM webhooks WHERE domain = ? AND id = ? IF EXISTS")
            .bind(scope.key(), id.asString()), "deleting webhook " + id.asString())) {
            return false;
        }
        store.applied(store.prepare("DELETE FROM webhook_ids WHERE id = ? IF domain = ?")
            .bind(id.asString(), scope.key()), "releasing webhook id " + id.asString());
        return true;
    }

    /** Binds the value columns in their order from index {@code first}. */
    private static BoundStatement bindValues(BoundStatement statement, int first, WebhookEndpoint endpoint) {
        Set<String> events = endpoint.events().stream().map(MailEventType::asString)
            .collect(Collectors.toCollection(LinkedHashSet::new));
        int i = first;
        return statement
            .setString(i++, endpoint.url().toString())
            .setSet(i++, events, String.class)
            .setBoolean(i++, endpoint.enabled())
            .setString(i++, endpoint.disabledReason().orElse(null))
            .setString(i++, endpoint.sealedSecret())
            .setString(i++, endpoint.sealedPreviousSecret().orElse(null))
            .setString(i++, endpoint.previousUntil().map(StoredInstant::format).orElse(null))
            .setString(i++, StoredInstant.format(endpoint.createdAt()))
            .setInt(i++, endpoint.consecutiveFailures())
            .set(i++, endpoint.batch().map(WebhookBatch::maxEvents).orElse(null), Integer.class)
            .set(i, endpoint.batch().map(batch -> (int) batch.maxDelay().getSeconds()).orElse(null), Integer.class);
    }

    private static WebhookEndpoint endpoint(Row row) {
        Set<MailEventType> events = new LinkedHashSet<>();
        row.getSet("events", String.class).forEach(type -> events.add(MailEventType.parse(type)));
        Integer maxEvents = row.get("batch_max_events", Integer.class);
        Optional<WebhookBatch> batch = maxEvents == null ? Optional.empty()
            : Optional.of(WebhookBatch.of(maxEvents, row.getInt("batch_max_delay_seconds")));
        return new WebhookEndpoint(WebhookId.of(row.getString("id")), WebhookScope.parse(row.getString("domain")),
            URI.create(row.getString("url")), events, row.getBoolean("enabled"),
            Optional.ofNullable(row.getString("disabled_reason")), row.getString("sealed_secret"),
            Optional.ofNullable(row.getString("sealed_previous_secret")),
            Optional.ofNullable(row.getString("previous_until")).map(StoredInstant::parse),
            StoredInstant.parse(row.getString("created_at")), row.getInt("consecutive_failures"), batch);
    }
}
