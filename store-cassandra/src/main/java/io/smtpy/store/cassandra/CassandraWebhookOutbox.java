package io.smtpy.store.cassandra;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

import com.datastax.oss.driver.api.core.DriverException;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchableStatement;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.data.TupleValue;
import com.datastax.oss.driver.api.core.type.DataTypes;
import com.datastax.oss.driver.api.core.type.TupleType;

import io.smtpy.core.store.NotFoundException;
import io.smtpy.store.embedded.StoredInstant;
import io.smtpy.webhooks.DeliveryAttempt;
import io.smtpy.webhooks.DeliveryState;
import io.smtpy.webhooks.WebhookDelivery;
import io.smtpy.webhooks.WebhookDeliveryId;
import io.smtpy.webhooks.WebhookId;
import io.smtpy.webhooks.WebhookOutbox;
import io.smtpy.webhooks.WebhookScope;

/**
 * The webhook outbox, shared by every node: a durable queue of deliveries that several nodes take from at once.
 *
 * <p><b>Claims.</b> The port has no "take" of its own: {@link #due} and {@link #batchable} are what the sender
 * ({@code WebhookDeliveries}) reads right before it POSTs and stores the outcome with {@link #update}. So those two
 * claim what they return: a conditional write ({@code IF version = ?}) stamps the delivery with this outbox's node id
 * and a lease of {@link #CLAIM_LEASE} from the caller's {@code now}; a delivery claimed by another node whose lease
 * has not run out is left out, so two nodes never hold one delivery at once. A node sees its own claims again
 * (the sender asks {@link #batchable} for the delivery {@link #due} gave it). {@link #update} releases the claim. A node
 * that dies holding claims delays those deliveries by the lease, after which another node takes them: at least once,
 * as the port promises.
 *
 * <p><b>Tables.</b> {@code webhook_deliveries}, key {@code ((id))}: the delivery, its attempts as tuples, its claim
 * and a {@code version} that every conditional write checks and raises. It is created by a plain insert (in the
 * logged batch that also writes its index rows, so an added delivery is findable the moment {@link #add} returns),
 * under a fresh random id no one else can know yet; every later write to it is conditional. Index tables, all read
 * by partition key:
 * <ul>
 * <li>{@code webhook_deliveries_due}, key {@code ((minute), next_attempt_at, id)}, and {@code
 * webhook_delivery_due_minutes}, key {@code ((interval), minute)}: pending deliveries by next attempt, in one
 * partition per minute, so the tombstones a consumed queue leaves stay in past minutes that are no longer read; a
 * minute found empty is forgotten ({@link #ADD_GRACE} after it passed).</li>
 * <li>{@code webhook_deliveries_pending}, key {@code ((domain, endpoint), next_attempt_at, created_at, id)}: an
 * endpoint's pending deliveries, for {@link #batchable}.</li>
 * <li>{@code webhook_deliveries_by_endpoint}, key {@code ((domain, endpoint, day), created_at DESC, id DESC)};
 * {@code webhook_deliveries_by_event}, key {@code ((domain, endpoint, day), event_at, id)} with the days that have any
 * in {@code webhook_delivery_event_days}, key {@code ((domain, endpoint), day)}; {@code webhook_deliveries_by_message},
 * key {@code ((domain, endpoint, message_id), created_at DESC, id DESC)}; {@code webhook_deliveries_by_hour}, key
 * {@code ((hour), created_at, id)}, with the hours that have any in {@code webhook_delivery_hours}, key
 * {@code ((interval), hour)}: the delivery log by endpoint, event time and message, and by creation for the
 * purge. A day or an hour bounds each partition.</li>
 * </ul>
 * The two pending indexes are hints: each row carries the version of the delivery it was written for and every use
 * checks it against the delivery. A hint the delivery has moved past is deleted {@code USING TIMESTAMP} of the hint
 * as read, which cannot erase a newer write of the same row. Being checked, a deleted hint that comes back is
 * harmless, hence their short {@code gc_grace_seconds} (fewer tombstones to read through).
 */
public final class CassandraWebhookOutbox implements WebhookOutbox {
    public static final TableSet TABLES = TableSet.of("webhook_deliveries")
        .migration(
            "CREATE TABLE IF NOT EXISTS webhook_deliveries ("
                + "id text PRIMARY KEY, domain text, endpoint text, message_id text, event_type text, event_at text,"
                + " payload text, created_at text, state text, next_attempt_at text,"
                + " attempts list<frozen<tuple<text, int, bigint, text>>>, claimed_by uuid, claimed_until text,"
                + " version bigint)",
            "CREATE TABLE IF NOT EXISTS webhook_deliveries_due ("
                + "minute text, next_attempt_at text, id text, version bigint,"
                + " PRIMARY KEY ((minute), next_attempt_at, id)) WITH gc_grace_seconds = 3600",
            "CREATE TABLE IF NOT EXISTS webhook_delivery_due_minutes ("
                + "interval text, minute text, touched boolean, PRIMARY KEY ((interval), minute))",
            "CREATE TABLE IF NOT EXISTS webhook_deliveries_pending ("
                + "domain text, endpoint text, next_attempt_at text, created_at text, id text, tried boolean,"
                + " version bigint, PRIMARY KEY ((domain, endpoint), next_attempt_at, created_at, id))"
                + " WITH gc_grace_seconds = 3600",
            "CREATE TABLE IF NOT EXISTS webhook_deliveries_by_endpoint ("
                + "domain text, endpoint text, day text, created_at text, id text,"
                + " PRIMARY KEY ((domain, endpoint, day), created_at, id))"
                + " WITH CLUSTERING ORDER BY (created_at DESC, id DESC)",
            "CREATE TABLE IF NOT EXISTS webhook_deliveries_by_event ("
                + "domain text, endpoint text, day text, event_at text, id text,"
                + " PRIMARY KEY ((domain, endpoint, day), event_at, id))",
            "CREATE TABLE IF NOT EXISTS webhook_delivery_event_days ("
                + "domain text, endpoint text, day text, PRIMARY KEY ((domain, endpoint), day))",
            "CREATE TABLE IF NOT EXISTS webhook_deliveries_by_message ("
                + "domain text, endpoint text, message_id text, created_at text, id text,"
                + " PRIMARY KEY ((domain, endpoint, message_id), created_at, id))"
                + " WITH CLUSTERING ORDER BY (created_at DESC, id DESC)",
            "CREATE TABLE IF NOT EXISTS webhook_deliveries_by_hour ("
                + "hour text, created_at text, id text, domain text, endpoint text, event_at text, message_id text,"
                + " PRIMARY KEY ((hour), created_at, id))",
            "CREATE TABLE IF NOT EXISTS webhook_delivery_hours ("
                + "interval text, hour text, touched boolean, PRIMARY KEY ((interval), hour))")
        .build();

    /**
     * How long a claim holds: longer than a node takes to send what one {@link #due} gave it (the sender takes 100,
     * each POST bounded by its 10 s timeout, most far quicker), short enough that a dead node's claims soon pass on.
     */
    static final Duration CLAIM_LEASE = Duration.ofMinutes(10);
    /**
     * How far behind another node's {@code now} an add may be (clock skew, a slow batch): a hint of a delivery not
     * visible yet is kept that long, and a minute is forgotten only that long after it passed.
     */
    static final Duration ADD_GRACE = Duration.ofMinutes(10);
    /** Conflicting writers of one delivery to outlast before giving up. */
    static final int MAX_ROUNDS = 20;
    private static final int READS_IN_FLIGHT = 32;
    private static final String MINUTES = "minute";
    private static final String HOURS = "hour";
    private static final TupleType ATTEMPT = DataTypes.tupleOf(DataTypes.TEXT, DataTypes.INT, DataTypes.BIGINT,
        DataTypes.TEXT);
    private static final String DELIVERY_COLUMNS = "id, domain, endpoint, message_id, event_type, event_at, payload,"
        + " created_at, state, next_attempt_at, attempts, claimed_by, claimed_until, version";

    private final CassandraStore store;
    private final UUID node = UUID.randomUUID();

    public CassandraWebhookOutbox(CassandraStore store) {
        this.store = store;
    }

    @Override
    public void add(WebhookDelivery delivery) {
        String id = delivery.id().asString();
        String scope = delivery.scope().key();
        String endpoint = delivery.endpoint().asString();
        String createdAt = StoredInstant.format(delivery.createdAt());
        String eventAt = StoredInstant.format(delivery.eventAt());
        List<BatchableStatement<?>> writes = new ArrayList<>();
        writes.add(store.prepare("INSERT INTO webhook_deliveries (id, domain, endpoint, message_id, event_type,"
            + " event_at, payload, created_at, state, next_attempt_at, attempts, version)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)")
            .bind(id, scope, endpoint, delivery.messageId(), delivery.eventType(), eventAt, delivery.payload(),
                createdAt, delivery.state().asString(), StoredInstant.format(delivery.nextAttemptAt()),
                attempts(delivery.attempts())));
        writes.add(store.prepare("INSERT INTO webhook_deliveries_by_endpoint (domain, endpoint, day, created_at, id)"
            + " VALUES (?, ?, ?, ?, ?)").bind(scope, endpoint, day(delivery.createdAt()), createdAt, id));
        writes.add(store.prepare("INSERT INTO webhook_deliveries_by_event (domain, endpoint, day, event_at, id)"
            + " VALUES (?, ?, ?, ?, ?)").bind(scope, endpoint, day(delivery.eventAt()), eventAt, id));
        writes.add(store.prepare("INSERT INTO webhook_delivery_event_days (domain, endpoint, day) VALUES (?, ?, ?)")
            .bind(scope, endpoint, day(delivery.eventAt())));
        writes.add(store.prepare("INSERT INTO webhook_deliveries_by_message (domain, endpoint, message_id, created_at,"
            + " id) VALUES (?, ?, ?, ?, ?)").bind(scope, endpoint, delivery.messageId(), createdAt, id));
        writes.add(store.prepare("INSERT INTO webhook_deliveries_by_hour (hour, created_at, id, domain, endpoint,"
            + " event_at, message_id) VALUES (?, ?, ?, ?, ?, ?, ?)")
            .bind(hour(delivery.createdAt()), createdAt, id, scope, endpoint, eventAt, delivery.messageId()));
        writes.add(store.prepare("INSERT INTO webhook_delivery_hours (interval, hour, touched) VALUES (?, ?, true)")
            .bind(HOURS, hour(delivery.createdAt())));
        if (delivery.state() == DeliveryState.PENDING) {
            writes.addAll(hints(delivery, 1));
        }
        store.executeLogged(BatchStatement.newInstance(DefaultBatchType.LOGGED, writes),
            "adding webhook delivery " + id);
    }

    /**
     * Stores the delivery's state, next attempt and attempts, and releases its claim. The new hints are written
     * before the delivery, the old ones deleted after it: a crash in between leaves a stale hint (checked, then
     * deleted), never a pending delivery without one.
     */
    @Override
    public void update(WebhookDelivery delivery) {
        String id = delivery.id().asString();
        String next = StoredInstant.format(delivery.nextAttemptAt());
        boolean pending = delivery.state() == DeliveryState.PENDING;
        for (int round = 0; round < MAX_ROUNDS; round++) {
            Stored old = read(id).orElseThrow(() ->
                new NotFoundException("webhook delivery " + delivery.id() + " is not stored"));
            if (pending) {
                store.executeLogged(BatchStatement.newInstance(DefaultBatchType.LOGGED, hints(delivery, old.version + 1)),
                    "indexing webhook delivery " + id);
            }
            if (store.applied(store.prepare("UPDATE webhook_deliveries SET state = ?, next_attempt_at = ?,"
                + " attempts = ?, claimed_by = null, claimed_until = null, version = ? WHERE id = ? IF version = ?")
                .bind(delivery.state().asString(), next, attempts(delivery.attempts()), old.version + 1, id,
                    old.version), "updating webhook delivery " + id)) {
                if (old.pending() && (!pending || !old.next.equals(next))) {
                    store.executeLogged(BatchStatement.newInstance(DefaultBatchType.LOGGED, unhints(old)),
                        "unindexing webhook delivery " + id);
                }
                return;
            }
        }
        throw new CassandraStoreException("webhook delivery " + id + " was written by others " + MAX_ROUNDS
            + " times while this node was updating it");
    }

    @Override
    public Optional<WebhookDelivery> find(WebhookScope scope, WebhookDeliveryId id) {
        return read(id.asString()).map(stored -> stored.delivery)
            .filter(delivery -> delivery.scope().equals(scope));
    }

    /** Claims what it returns (see the class comment). */
    @Override
    public List<WebhookDelivery> due(Instant now, int limit) {
        List<WebhookDelivery> due = new ArrayList<>();
        if (limit <= 0) {
            return due;
        }
        String nowText = StoredInstant.format(now);
        String forgettable = minute(now.minus(ADD_GRACE));
        List<Row> minutes = new ArrayList<>();
        store.execute(store.prepare("SELECT minute, WRITETIME(touched) AS written FROM webhook_delivery_due_minutes"
            + " WHERE interval = ? AND minute <= ?").bind(MINUTES, minute(now)), "listing due webhook minutes")
            .forEach(minutes::add);
        for (Row minute : minutes) {
            int left = 0;
            for (Row hint : store.execute(store.prepare("SELECT next_attempt_at, id, version, WRITETIME(version) AS"
                + " written FROM webhook_deliveries_due WHERE minute = ? AND next_attempt_at <= ?")
                .bind(minute.getString("minute"), nowText), "reading due webhook deliveries")) {
                Optional<Stored> stored = read(hint.getString("id"));
                Verdict verdict = verdict(hint, stored, now);
                if (verdict == Verdict.STALE) {
                    store.execute(store.prepare("DELETE FROM webhook_deliveries_due USING TIMESTAMP ?"
                        + " WHERE minute = ? AND next_attempt_at = ? AND id = ?").bind(hint.getLong("written"),
                        minute.getString("minute"), hint.getString("next_attempt_at"), hint.getString("id")),
                        "deleting a stale webhook hint");
                    continue;
                }
                left++;
                if (verdict == Verdict.USE && claim(stored.get(), now)) {
                    due.add(stored.get().delivery);
                    if (due.size() == limit) {
                        return due;
                    }
                }
            }
            if (left == 0 && minute.getString("minute").compareTo(forgettable) < 0) {
                store.execute(store.prepare("DELETE FROM webhook_delivery_due_minutes USING TIMESTAMP ?"
                    + " WHERE interval = ? AND minute = ?").bind(minute.getLong("written"), MINUTES,
                    minute.getString("minute")), "forgetting an empty webhook minute");
            }
        }
        return due;
    }

    /** Claims what it returns (see the class comment). */
    @Override
    public List<WebhookDelivery> batchable(WebhookScope scope, WebhookId endpoint, Instant now, int limit) {
        List<WebhookDelivery> batch = new ArrayList<>();
        if (limit <= 0) {
            return batch;
        }
        String nowText = StoredInstant.format(now);
        for (Row hint : store.execute(store.prepare("SELECT next_attempt_at, created_at, id, tried, version,"
            + " WRITETIME(version) AS written FROM webhook_deliveries_pending WHERE domain = ? AND endpoint = ?")
            .bind(scope.key(), endpoint.asString()), "reading the pending deliveries of webhook " + endpoint.asString())) {
            if (hint.getBoolean("tried") && hint.getString("next_attempt_at").compareTo(nowText) > 0) {
                continue;
            }
            Optional<Stored> stored = read(hint.getString("id"));
            Verdict verdict = verdict(hint, stored, now);
            if (verdict == Verdict.STALE) {
                store.execute(store.prepare("DELETE FROM webhook_deliveries_pending USING TIMESTAMP ? WHERE domain = ?"
                    + " AND endpoint = ? AND next_attempt_at = ? AND created_at = ? AND id = ?")
                    .bind(hint.getLong("written"), scope.key(), endpoint.asString(), hint.getString("next_attempt_at"),
                        hint.getString("created_at"), hint.getString("id")), "deleting a stale webhook hint");
                continue;
            }
            if (verdict == Verdict.WAIT) {
                continue;
            }
            WebhookDelivery delivery = stored.get().delivery;
            if ((!delivery.nextAttemptAt().isAfter(now) || delivery.attempts().isEmpty()) && claim(stored.get(), now)) {
                batch.add(delivery);
                if (batch.size() == limit) {
                    return batch;
                }
            }
        }
        return batch;
    }

    @Override
    public List<WebhookDelivery> list(WebhookScope scope, WebhookId endpoint, int limit) {
        List<String> ids = new ArrayList<>();
        if (limit <= 0) {
            return List.of();
        }
        for (String day : createdDays()) {
            for (Row entry : store.execute(store.prepare("SELECT id FROM webhook_deliveries_by_endpoint"
                + " WHERE domain = ? AND endpoint = ? AND day = ? LIMIT ?")
                .bind(scope.key(), endpoint.asString(), day, limit - ids.size()),
                "listing the deliveries of webhook " + endpoint.asString())) {
                ids.add(entry.getString("id"));
            }
            if (ids.size() >= limit) {
                break;
            }
        }
        return deliveries(ids);
    }

    @Override
    public List<WebhookDelivery> ofEvents(WebhookScope scope, WebhookId endpoint, Instant from, Instant to, int limit) {
        List<String> ids = new ArrayList<>();
        if (!from.isBefore(to) || limit <= 0) {
            return List.of();
        }
        List<String> days = new ArrayList<>();
        store.execute(store.prepare("SELECT day FROM webhook_delivery_event_days WHERE domain = ? AND endpoint = ?"
            + " AND day >= ? AND day <= ?").bind(scope.key(), endpoint.asString(), day(from), day(to.minusNanos(1))),
            "listing the event days of webhook " + endpoint.asString()).forEach(row -> days.add(row.getString("day")));
        for (String day : days) {
            for (Row entry : store.execute(store.prepare("SELECT id FROM webhook_deliveries_by_event WHERE domain = ?"
                + " AND endpoint = ? AND day = ? AND event_at >= ? AND event_at < ?").bind(scope.key(),
                endpoint.asString(), day, StoredInstant.format(from), StoredInstant.format(to)),
                "reading the deliveries of webhook " + endpoint.asString() + " by event")) {
                ids.add(entry.getString("id"));
                if (ids.size() == limit) {
                    return deliveries(ids);
                }
            }
        }
        return deliveries(ids);
    }

    @Override
    public List<WebhookDelivery> ofMessage(WebhookScope scope, WebhookId endpoint, String messageId) {
        List<String> ids = new ArrayList<>();
        store.execute(store.prepare("SELECT id FROM webhook_deliveries_by_message WHERE domain = ? AND endpoint = ?"
            + " AND message_id = ?").bind(scope.key(), endpoint.asString(), messageId),
            "reading the deliveries of message " + messageId).forEach(row -> ids.add(row.getString("id")));
        return deliveries(ids);
    }

    /**
     * Hour by hour of creation, oldest first: each finished delivery is deleted by a conditional delete, so one
     * updated meanwhile is kept; an hour with nothing left is forgotten.
     */
    @Override
    public int purgeFinishedBefore(Instant before) {
        int purged = 0;
        String beforeText = StoredInstant.format(before);
        String beforeHour = hour(before);
        List<Row> hours = new ArrayList<>();
        store.execute(store.prepare("SELECT hour, WRITETIME(touched) AS written FROM webhook_delivery_hours"
            + " WHERE interval = ? AND hour <= ?").bind(HOURS, beforeHour), "listing webhook delivery hours")
            .forEach(hours::add);
        for (Row hour : hours) {
            int left = 0;
            for (Row entry : store.execute(store.prepare("SELECT created_at, id, domain, endpoint, event_at, message_id"
                + " FROM webhook_deliveries_by_hour WHERE hour = ? AND created_at < ?")
                .bind(hour.getString("hour"), beforeText), "reading the webhook deliveries of an hour")) {
                Optional<Stored> stored = read(entry.getString("id"));
                if (stored.isEmpty()) {
                    // Left by a node that died while deleting it.
                    store.executeLogged(BatchStatement.newInstance(DefaultBatchType.LOGGED, logEntries(
                        entry.getString("domain"), entry.getString("endpoint"), entry.getString("id"),
                        entry.getString("created_at"), entry.getString("event_at"), entry.getString("message_id"))),
                        "deleting the log entries of a deleted webhook delivery");
                } else if (stored.get().pending() || !forget(stored.get())) {
                    left++;
                } else {
                    purged++;
                }
            }
            if (left == 0 && hour.getString("hour").compareTo(beforeHour) < 0) {
                store.execute(store.prepare("DELETE FROM webhook_delivery_hours USING TIMESTAMP ? WHERE interval = ?"
                    + " AND hour = ?").bind(hour.getLong("written"), HOURS, hour.getString("hour")),
                    "forgetting an empty webhook delivery hour");
            }
        }
        return purged;
    }

    @Override
    public void deleteEndpoint(WebhookScope scope, WebhookId endpoint) {
        for (String day : createdDays()) {
            for (Row entry : store.execute(store.prepare("SELECT created_at, id FROM webhook_deliveries_by_endpoint"
                + " WHERE domain = ? AND endpoint = ? AND day = ?").bind(scope.key(), endpoint.asString(), day),
                "reading the deliveries of webhook " + endpoint.asString())) {
                forgetWhatever(scope, endpoint, day, entry);
            }
        }
        store.execute(store.prepare("DELETE FROM webhook_delivery_event_days WHERE domain = ? AND endpoint = ?")
            .bind(scope.key(), endpoint.asString()), "deleting the event days of webhook " + endpoint.asString());
    }

    private void forgetWhatever(WebhookScope scope, WebhookId endpoint, String day, Row entry) {
        String id = entry.getString("id");
        for (int round = 0; round < MAX_ROUNDS; round++) {
            Optional<Stored> stored = read(id);
            if (stored.isEmpty()) {
                store.execute(store.prepare("DELETE FROM webhook_deliveries_by_endpoint WHERE domain = ?"
                    + " AND endpoint = ? AND day = ? AND created_at = ? AND id = ?").bind(scope.key(),
                    endpoint.asString(), day, entry.getString("created_at"), id), "deleting webhook delivery " + id);
                return;
            }
            if (forget(stored.get())) {
                return;
            }
        }
        throw new CassandraStoreException("webhook delivery " + id + " was written by others " + MAX_ROUNDS
            + " times while this node was deleting it");
    }

    /** Deletes the delivery if it is still as read, then its index rows; whether it was deleted. */
    private boolean forget(Stored stored) {
        WebhookDelivery delivery = stored.delivery;
        String id = delivery.id().asString();
        if (!store.applied(store.prepare("DELETE FROM webhook_deliveries WHERE id = ? IF version = ?")
            .bind(id, stored.version), "deleting webhook delivery " + id)) {
            return false;
        }
        List<BatchableStatement<?>> deletes = logEntries(delivery.scope().key(), delivery.endpoint().asString(), id,
            StoredInstant.format(delivery.createdAt()), StoredInstant.format(delivery.eventAt()), delivery.messageId());
        if (stored.pending()) {
            deletes.addAll(unhints(stored));
        }
        store.executeLogged(BatchStatement.newInstance(DefaultBatchType.LOGGED, deletes),
            "unindexing webhook delivery " + id);
        return true;
    }

    private List<BatchableStatement<?>> logEntries(String scope, String endpoint, String id, String createdAt,
                                                   String eventAt, String messageId) {
        List<BatchableStatement<?>> deletes = new ArrayList<>();
        Instant created = StoredInstant.parse(createdAt);
        deletes.add(store.prepare("DELETE FROM webhook_deliveries_by_endpoint WHERE domain = ? AND endpoint = ?"
            + " AND day = ? AND created_at = ? AND id = ?").bind(scope, endpoint, day(created), createdAt, id));
        deletes.add(store.prepare("DELETE FROM webhook_deliveries_by_event WHERE domain = ? AND endpoint = ?"
            + " AND day = ? AND event_at = ? AND id = ?")
            .bind(scope, endpoint, day(StoredInstant.parse(eventAt)), eventAt, id));
        deletes.add(store.prepare("DELETE FROM webhook_deliveries_by_message WHERE domain = ? AND endpoint = ?"
            + " AND message_id = ? AND created_at = ? AND id = ?").bind(scope, endpoint, messageId, createdAt, id));
        deletes.add(store.prepare("DELETE FROM webhook_deliveries_by_hour WHERE hour = ? AND created_at = ? AND id = ?")
            .bind(hour(created), createdAt, id));
        return deletes;
    }

    /** The pending hints of a delivery, written for {@code version}. */
    private List<BatchableStatement<?>> hints(WebhookDelivery delivery, long version) {
        String next = StoredInstant.format(delivery.nextAttemptAt());
        String minute = minute(delivery.nextAttemptAt());
        String id = delivery.id().asString();
        return List.of(
            store.prepare("INSERT INTO webhook_deliveries_due (minute, next_attempt_at, id, version) VALUES (?, ?, ?, ?)")
                .bind(minute, next, id, version),
            store.prepare("INSERT INTO webhook_delivery_due_minutes (interval, minute, touched) VALUES (?, ?, true)")
                .bind(MINUTES, minute),
            store.prepare("INSERT INTO webhook_deliveries_pending (domain, endpoint, next_attempt_at, created_at, id,"
                + " tried, version) VALUES (?, ?, ?, ?, ?, ?, ?)").bind(delivery.scope().key(),
                delivery.endpoint().asString(), next, StoredInstant.format(delivery.createdAt()), id,
                !delivery.attempts().isEmpty(), version));
    }

    /** Deletes the pending hints of a delivery as stored. */
    private List<BatchableStatement<?>> unhints(Stored stored) {
        WebhookDelivery delivery = stored.delivery;
        String id = delivery.id().asString();
        List<BatchableStatement<?>> deletes = new ArrayList<>();
        deletes.add(store.prepare("DELETE FROM webhook_deliveries_due WHERE minute = ? AND next_attempt_at = ?"
            + " AND id = ?").bind(minute(delivery.nextAttemptAt()), stored.next, id));
        deletes.add(store.prepare("DELETE FROM webhook_deliveries_pending WHERE domain = ? AND endpoint = ?"
            + " AND next_attempt_at = ? AND created_at = ? AND id = ?").bind(delivery.scope().key(),
            delivery.endpoint().asString(), stored.next, StoredInstant.format(delivery.createdAt()), id));
        return deletes;
    }

    private enum Verdict { USE, WAIT, STALE }

    /**
     * What a hint is worth: the delivery it points to, pending and due as the hint says ({@code USE}); written for a
     * newer version than the delivery shows yet, or for a delivery being added ({@code WAIT}); or moved past
     * ({@code STALE}).
     */
    private static Verdict verdict(Row hint, Optional<Stored> stored, Instant now) {
        if (stored.isEmpty()) {
            boolean old = hint.getString("next_attempt_at").compareTo(StoredInstant.format(now.minus(ADD_GRACE))) < 0;
            return old ? Verdict.STALE : Verdict.WAIT;
        }
        if (stored.get().version < hint.getLong("version")) {
            return Verdict.WAIT;
        }
        if (!stored.get().pending() || !stored.get().next.equals(hint.getString("next_attempt_at"))) {
            return Verdict.STALE;
        }
        return Verdict.USE;
    }

    /** Whether this node holds the delivery now: it did already, or it took it by a conditional write. */
    private boolean claim(Stored stored, Instant now) {
        boolean held = stored.claimedUntil.map(until -> until.isAfter(now)).orElse(false);
        if (held && !node.equals(stored.claimedBy)) {
            return false;
        }
        if (held && stored.claimedUntil.get().isAfter(now.plus(CLAIM_LEASE.dividedBy(2)))) {
            return true;
        }
        String id = stored.delivery.id().asString();
        return store.applied(store.prepare("UPDATE webhook_deliveries SET claimed_by = ?, claimed_until = ?,"
            + " version = ? WHERE id = ? IF version = ?").bind(node, StoredInstant.format(now.plus(CLAIM_LEASE)),
            stored.version + 1, id, stored.version), "claiming webhook delivery " + id);
    }

    private Optional<Stored> read(String id) {
        Row row = store.execute(store.prepare("SELECT " + DELIVERY_COLUMNS + " FROM webhook_deliveries WHERE id = ?")
            .bind(id), "reading webhook delivery " + id).one();
        return Optional.ofNullable(row).map(Stored::new);
    }

    /** The deliveries of these ids, in their order (those deleted meanwhile left out), read a few at once. */
    private List<WebhookDelivery> deliveries(List<String> ids) {
        List<WebhookDelivery> deliveries = new ArrayList<>(ids.size());
        Deque<CompletionStage<AsyncResultSet>> inFlight = new ArrayDeque<>();
        for (String id : ids) {
            if (inFlight.size() == READS_IN_FLIGHT) {
                collect(inFlight.removeFirst(), deliveries);
            }
            inFlight.addLast(store.session().executeAsync(store.prepare("SELECT " + DELIVERY_COLUMNS
                + " FROM webhook_deliveries WHERE id = ?").bind(id)));
        }
        while (!inFlight.isEmpty()) {
            collect(inFlight.removeFirst(), deliveries);
        }
        return deliveries;
    }

    private static void collect(CompletionStage<AsyncResultSet> read, List<WebhookDelivery> into) {
        Row row;
        try {
            row = read.toCompletableFuture().join().one();
        } catch (CompletionException e) {
            if (e.getCause() instanceof DriverException) {
                throw new CassandraStoreException("Cassandra failed reading webhook deliveries: "
                    + e.getCause().getMessage(), e.getCause());
            }
            throw e;
        }
        if (row != null) {
            into.add(new Stored(row).delivery);
        }
    }

    /** The days of the hours that have deliveries, newest first. */
    private Set<String> createdDays() {
        Set<String> days = new LinkedHashSet<>();
        store.execute(store.prepare("SELECT hour FROM webhook_delivery_hours WHERE interval = ? ORDER BY hour DESC")
            .bind(HOURS), "listing webhook delivery hours")
            .forEach(row -> days.add(day(StoredInstant.parse(row.getString("hour")))));
        return days;
    }

    private static List<TupleValue> attempts(List<DeliveryAttempt> attempts) {
        List<TupleValue> tuples = new ArrayList<>(attempts.size());
        for (DeliveryAttempt attempt : attempts) {
            tuples.add(ATTEMPT.newValue(StoredInstant.format(attempt.at()), attempt.status().orElse(null),
                attempt.durationMillis(), attempt.outcome()));
        }
        return tuples;
    }

    private static String minute(Instant at) {
        return StoredInstant.format(at.truncatedTo(ChronoUnit.MINUTES));
    }

    private static String hour(Instant at) {
        return StoredInstant.format(at.truncatedTo(ChronoUnit.HOURS));
    }

    private static String day(Instant at) {
        return LocalDate.ofInstant(at, ZoneOffset.UTC).toString();
    }

    /** A delivery as stored, with what the outbox keeps beside it. */
    private static final class Stored {
        private final WebhookDelivery delivery;
        private final String next;
        private final long version;
        private final UUID claimedBy;
        private final Optional<Instant> claimedUntil;

        Stored(Row row) {
            List<DeliveryAttempt> attempts = new ArrayList<>();
            for (TupleValue attempt : row.getList("attempts", TupleValue.class)) {
                attempts.add(new DeliveryAttempt(StoredInstant.parse(attempt.getString(0)),
                    Optional.ofNullable(attempt.get(1, Integer.class)), attempt.getLong(2), attempt.getString(3)));
            }
            this.next = row.getString("next_attempt_at");
            this.delivery = new WebhookDelivery(WebhookDeliveryId.of(row.getString("id")),
                WebhookId.of(row.getString("endpoint")), WebhookScope.parse(row.getString("domain")),
                row.getString("message_id"), row.getString("event_type"), StoredInstant.parse(row.getString("event_at")),
                row.getString("payload"), StoredInstant.parse(row.getString("created_at")),
                DeliveryState.parse(row.getString("state")), StoredInstant.parse(next), attempts);
            this.version = row.getLong("version");
            this.claimedBy = row.getUuid("claimed_by");
            this.claimedUntil = Optional.ofNullable(row.getString("claimed_until")).map(StoredInstant::parse);
        }

        boolean pending() {
            return delivery.state() == DeliveryState.PENDING;
        }
    }
}
