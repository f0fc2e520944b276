package io.smtpy.store.cassandra;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.uuid.Uuids;

import io.smtpy.core.cluster.Change;
import io.smtpy.core.cluster.ChangeFeed;

/**
 * The cluster's change feed in the {@code changes} table: partitions of one minute ({@code bucket}, epoch minutes),
 * rows ordered by a time-based UUID, kept one day (the table's default TTL; time-window compaction drops whole
 * expired files). Publishing is one write; each node's poll reads the one or two minutes since its previous poll.
 *
 * <p>Nodes' clocks differ and a write can land after a later one: each poll reads again {@value #LOOKBACK_SECONDS}
 * seconds before its previous one and skips the rows it already returned, so a change written up to that late is
 * still seen (once). What is later still is caught by the node's periodic reconcile. A feed never returns what was
 * published before it was made (its floor is a time UUID taken then).
 */
public final class CassandraChangeFeed implements ChangeFeed {
    public static final TableSet TABLES = TableSet.of("changes")
        .migration("CREATE TABLE IF NOT EXISTS changes (bucket bigint, at timeuuid, topic text, key text,"
            + " PRIMARY KEY ((bucket), at)) WITH default_time_to_live = 86400"
            + " AND compaction = {'class': 'TimeWindowCompactionStrategy', 'compaction_window_unit': 'HOURS',"
            + " 'compaction_window_size': 1}")
        .build();

    static final long LOOKBACK_SECONDS = 5;
    private static final long MINUTE = 60_000;

    private final CassandraStore store;
    private final Clock clock;
    private final UUID floor;
    /** The rows returned within the look-back window, by their time UUID, with their time. */
    private final Map<UUID, Long> returned = new HashMap<>();
    private long previousPoll;

    public CassandraChangeFeed(CassandraStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
        this.floor = Uuids.timeBased();
        this.previousPoll = Uuids.unixTimestamp(floor);
    }

    @Override
    public void publish(Change change) {
        UUID at = Uuids.timeBased();
        store.execute(store.prepare("INSERT INTO changes (bucket, at, topic, key) VALUES (?, ?, ?, ?)")
            .bind(Uuids.unixTimestamp(at) / MINUTE, at, change.topic(), change.key()), "publishing " + change);
    }

    @Override
    public synchronized List<Change> poll() {
        long now = clock.millis();
        long from = Math.max(Uuids.unixTimestamp(floor), previousPoll - Duration.ofSeconds(LOOKBACK_SECONDS).toMillis());
        UUID after = from <= Uuids.unixTimestamp(floor) ? floor : Uuids.startOf(from);
        Set<Change> changes = new LinkedHashSet<>();
        for (long bucket = from / MINUTE; bucket <= Math.max(now, from) / MINUTE; bucket++) {
            for (Row row : store.execute(store.prepare("SELECT at, topic, key FROM changes WHERE bucket = ? AND at > ?")
                .bind(bucket, after), "reading the change feed")) {
                UUID at = row.getUuid("at");
                if (returned.putIfAbsent(at, Uuids.unixTimestamp(at)) == null) {
                    changes.add(new Change(row.getString("topic"), row.getString("key")));
                }
            }
        }
        previousPoll = now;
        forgetBefore(now - Duration.ofSeconds(LOOKBACK_SECONDS * 2).toMillis());
        return new ArrayList<>(changes);
    }

    private void forgetBefore(long millis) {
        for (Iterator<Long> times = returned.values().iterator(); times.hasNext(); ) {
            if (times.next() < millis) {
                times.remove();
            }
        }
    }
}
