package io.smtpy.store.cassandra;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.type.reflect.GenericType;

import io.smtpy.analytics.Rollup;
import io.smtpy.analytics.RollupKey;
import io.smtpy.analytics.RollupRepository;
import io.smtpy.core.model.DomainName;
import io.smtpy.store.embedded.StoredInstant;

/**
 * Hourly roll-ups in {@code analytics_rollups}, key {@code ((domain, alias, month), hour)}: a span of hours is a
 * clustering range in one partition per UTC month (at most 744 rows, so a busy alias kept for {@link
 * io.smtpy.analytics.Rollups#RETENTION} never makes one large partition). Counts, top values and latency bins are
 * Cassandra maps beside a {@code version}.
 *
 * <p>Adding is a conditional read-modify-write loop: read the row and its version, sum in Java with
 * {@link Rollup#plus}, write {@code IF version = ?} (or {@code IF NOT EXISTS} for a new hour), and start again when
 * another node wrote in between, so two nodes adding to one hour at once lose no count. Counter columns were not
 * chosen: top values are merged by the space-saving algorithm (bounded, not a sum), which counters cannot hold without
 * keeping every value ever seen; counters cannot share a table with the other columns; and a deleted counter cannot
 * be counted again reliably, which {@link #deleteDomain} followed by a domain's return would need.
 *
 * <p>Two small tables find rows to delete without scanning: {@code analytics_rollup_months}, key
 * {@code ((domain), alias, month)}, the partitions of a domain; {@code analytics_rollup_hours}, key
 * {@code ((hour), domain, alias)}, the rows of an hour, with {@code analytics_rollup_hour_list}, key
 * {@code ((interval), hour)}, the hours that have any (one row per hour, {@code interval} always {@code 'hour'}).
 * They are written before a row is created, so no roll-up is ever out of their reach; one left without its roll-up
 * (a node died between) is harmless and goes with its hour.
 */
public final class CassandraRollupRepository implements RollupRepository {
    public static final TableSet TABLES = TableSet.of("analytics_rollups")
        .migration(
            "CREATE TABLE IF NOT EXISTS analytics_rollups ("
                + "domain text, alias text, month text, hour text, version bigint, counts map<text, bigint>,"
                + " top map<text, frozen<map<text, bigint>>>, latency map<int, bigint>,"
                + " PRIMARY KEY ((domain, alias, month), hour))",
            "CREATE TABLE IF NOT EXISTS analytics_rollup_months ("
                + "domain text, alias text, month text, PRIMARY KEY ((domain), alias, month))",
            "CREATE TABLE IF NOT EXISTS analytics_rollup_hours ("
                + "hour text, domain text, alias text, PRIMARY KEY ((hour), domain, alias))",
            "CREATE TABLE IF NOT EXISTS analytics_rollup_hour_list ("
                + "interval text, hour text, PRIMARY KEY ((interval), hour))")
        .build();

    /** Conflicting writers of one hour to outlast before giving up; each round is a few milliseconds. */
    static final int MAX_ROUNDS = 100;
    private static final String HOUR = "hour";
    private static final GenericType<Map<String, Map<String, Long>>> TOP =
        new GenericType<Map<String, Map<String, Long>>>() { };

    private final CassandraStore store;

    public CassandraRollupRepository(CassandraStore store) {
        this.store = store;
    }

    /**
     * Adds the roll-ups one by one. A failure stops at the roll-up that failed: those before it are stored (a
     * transaction over several partitions is what Cassandra does not have).
     */
    @Override
    public void add(Collection<Rollup> rollups) {
        for (Rollup rollup : rollups) {
            add(rollup);
        }
    }

    private void add(Rollup rollup) {
        RollupKey key = rollup.key();
        String domain = key.domain().asString();
        String month = month(key.hour());
        String hour = StoredInstant.format(key.hour());
        for (int round = 0; round < MAX_ROUNDS; round++) {
            Row stored = store.execute(store.prepare("SELECT version, counts, top, latency FROM analytics_rollups"
                + " WHERE domain = ? AND alias = ? AND month = ? AND hour = ?").bind(domain, key.alias(), month, hour),
                "reading the roll-up of " + key).one();
            boolean written;
            if (stored == null) {
                index(key, month, hour);
                written = store.applied(store.prepare("INSERT INTO analytics_rollups (domain, alias, month, hour,"
                    + " version, counts, top, latency) VALUES (?, ?, ?, ?, 1, ?, ?, ?) IF NOT EXISTS")
                    .bind(domain, key.alias(), month, hour, rollup.counts(), rollup.top(), rollup.latency()),
                    "creating the roll-up of " + key);
            } else {
                long version = stored.getLong("version");
                Rollup sum = rollup(key, stored).plus(rollup);
                written = store.applied(store.prepare("UPDATE analytics_rollups SET version = ?, counts = ?, top = ?,"
                    + " latency = ? WHERE domain = ? AND alias = ? AND month = ? AND hour = ? IF version = ?")
                    .bind(version + 1, sum.counts(), sum.top(), sum.latency(), domain, key.alias(), month, hour,
                        version), "adding to the roll-up of " + key);
            }
            if (written) {
                return;
            }
        }
        throw new CassandraStoreException("the roll-up of " + key + " was written by others " + MAX_ROUNDS
            + " times while this node was adding to it");
    }

    private void index(RollupKey key, String month, String hour) {
        String domain = key.domain().asString();
        store.executeLogged(BatchStatement.newInstance(DefaultBatchType.LOGGED,
            store.prepare("INSERT INTO analytics_rollup_months (domain, alias, month) VALUES (?, ?, ?)")
                .bind(domain, key.alias(), month),
            store.prepare("INSERT INTO analytics_rollup_hours (hour, domain, alias) VALUES (?, ?, ?)")
                .bind(hour, domain, key.alias()),
            store.prepare("INSERT INTO analytics_rollup_hour_list (interval, hour) VALUES (?, ?)").bind(HOUR, hour)),
            "indexing the roll-up of " + key);
    }

    @Override
    public List<Rollup> find(DomainName domain, String alias, Instant from, Instant to) {
        List<Rollup> found = new ArrayList<>();
        if (!from.isBefore(to)) {
            return found;
        }
        YearMonth last = YearMonth.from(to.minusNanos(1).atOffset(ZoneOffset.UTC));
        for (YearMonth month = YearMonth.from(from.atOffset(ZoneOffset.UTC)); !month.isAfter(last);
             month = month.plusMonths(1)) {
            for (Row row : store.execute(store.prepare("SELECT hour, counts, top, latency FROM analytics_rollups"
                + " WHERE domain = ? AND alias = ? AND month = ? AND hour >= ? AND hour < ?")
                .bind(domain.asString(), alias, month.toString(), StoredInstant.format(from), StoredInstant.format(to)),
                "reading the roll-ups of " + domain + "/" + alias)) {
                found.add(rollup(RollupKey.of(domain, alias, StoredInstant.parse(row.getString("hour"))), row));
            }
        }
        return found;
    }

    /**
     * Deletes the domain's partitions. Plain (unconditional) deletes of whole partitions: a roll-up added after them
     * is a Paxos write whose timestamp is later, so it stands, as an add after a delete should.
     */
    @Override
    public void deleteDomain(DomainName domain) {
        for (Row row : store.execute(store.prepare("SELECT alias, month FROM analytics_rollup_months WHERE domain = ?")
            .bind(domain.asString()), "listing the roll-ups of " + domain)) {
            store.execute(store.prepare("DELETE FROM analytics_rollups WHERE domain = ? AND alias = ? AND month = ?")
                .bind(domain.asString(), row.getString("alias"), row.getString("month")),
                "deleting the roll-ups of " + domain);
        }
        store.execute(store.prepare("DELETE FROM analytics_rollup_months WHERE domain = ?").bind(domain.asString()),
            "deleting the roll-ups of " + domain);
    }

    /**
     * Deletes hour by hour, oldest first, each roll-up by a conditional delete whose answer says whether it was
     * there (an index row may outlive its roll-up), then the hour's index rows.
     */
    @Override
    public int deleteBefore(Instant hour) {
        int deleted = 0;
        List<String> hours = new ArrayList<>();
        for (Row row : store.execute(store.prepare("SELECT hour FROM analytics_rollup_hour_list WHERE interval = ?"
            + " AND hour < ?").bind(HOUR, StoredInstant.format(hour)), "listing the roll-up hours before " + hour)) {
            hours.add(row.getString("hour"));
        }
        for (String old : hours) {
            String month = month(StoredInstant.parse(old));
            for (Row row : store.execute(store.prepare("SELECT domain, alias FROM analytics_rollup_hours WHERE hour = ?")
                .bind(old), "listing the roll-ups of " + old)) {
                if (store.applied(store.prepare("DELETE FROM analytics_rollups WHERE domain = ? AND alias = ?"
                    + " AND month = ? AND hour = ? IF EXISTS").bind(row.getString("domain"), row.getString("alias"),
                    month, old), "deleting a roll-up of " + old)) {
                    deleted++;
                }
            }
            store.execute(store.prepare("DELETE FROM analytics_rollup_hours WHERE hour = ?").bind(old),
                "deleting the roll-up index of " + old);
            store.execute(store.prepare("DELETE FROM analytics_rollup_hour_list WHERE interval = ? AND hour = ?")
                .bind(HOUR, old), "deleting the roll-up index of " + old);
        }
        return deleted;
    }

    private static String month(Instant hour) {
        return YearMonth.from(hour.atOffset(ZoneOffset.UTC)).toString();
    }

    private static Rollup rollup(RollupKey key, Row row) {
        try {
            return new Rollup(key, row.getMap("counts", String.class, Long.class), row.get("top", TOP),
                row.getMap("latency", Integer.class, Long.class));
        } catch (IllegalArgumentException e) {
            throw new CassandraStoreException("the stored roll-up of " + key + " cannot be read: " + e.getMessage(), e);
        }
    }
}
