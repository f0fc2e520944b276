package io.smtpy.store.cassandra;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.datastax.oss.driver.api.core.cql.Row;

import io.smtpy.core.model.DomainName;
import io.smtpy.limits.LimitAction;
import io.smtpy.limits.LimitDirection;
import io.smtpy.limits.LimitMetric;
import io.smtpy.limits.LimitScope;
import io.smtpy.limits.LimitSet;
import io.smtpy.limits.LimitSettingsRepository;
import io.smtpy.limits.LimitSubject;

/**
 * Limit sets in {@code limit_settings}: one partition per domain, since {@code LimitSettings} reloads a domain's sets
 * at once; one row per subject and direction (clustering scope, key, direction). The metrics are a map from the
 * metric's field name to its value; a metric this build does not know is left out when read. Every write is
 * conditional (Paxos): {@link #remove} must say whether there was a set, which only a conditional delete tells, and
 * plain and conditional writes are not mixed on one row.
 */
public final class CassandraLimitSettingsRepository implements LimitSettingsRepository {
    public static final TableSet TABLES = TableSet.of("limit_settings")
        .migration("CREATE TABLE IF NOT EXISTS limit_settings (domain text, scope text, key text, direction text,"
            + " limits map<text, bigint>, action text, notify boolean, PRIMARY KEY (domain, scope, key, direction))")
        .build();

    private static final String KEY = "domain = ? AND scope = ? AND key = ? AND direction = ?";
    private static final int UPSERT_ATTEMPTS = 10;

    private final CassandraStore store;

    public CassandraLimitSettingsRepository(CassandraStore store) {
        this.store = store;
    }

    @Override
    public void put(LimitSet set) {
        Map<String, Long> limits = new HashMap<>();
        set.limits().forEach((metric, value) -> limits.put(metric.field(), value));
        LimitSubject subject = set.subject();
        String doing = "setting the " + set.direction().asString() + " limits of " + subject.describe();
        // Replaced when there, created when not; a removal racing in between means trying again.
        for (int attempt = 0; attempt < UPSERT_ATTEMPTS; attempt++) {
            if (store.applied(store.prepare("UPDATE limit_settings SET limits = ?, action = ?, notify = ? WHERE " + KEY
                    + " IF EXISTS").bind(limits, set.action().asString(), set.notifyOwners(), subject.domain().asString(),
                    subject.scope().asString(), subject.key(), set.direction().asString()), doing)
                || store.applied(store.prepare("INSERT INTO limit_settings (limits, action, notify, domain, scope, key, direction)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?) IF NOT EXISTS").bind(limits, set.action().asString(), set.notifyOwners(),
                    subject.domain().asString(), subject.scope().asString(), subject.key(), set.direction().asString()), doing)) {
                return;
            }
        }
        throw new CassandraStoreException("gave up " + doing + ": it was created and removed concurrently "
            + UPSERT_ATTEMPTS + " times");
    }

    @Override
    public Optional<LimitSet> find(LimitSubject subject, LimitDirection direction) {
        Row row = store.execute(store.prepare("SELECT * FROM limit_settings WHERE " + KEY).bind(subject.domain().asString(),
            subject.scope().asString(), subject.key(), direction.asString()), "reading the limits of " + subject.describe()).one();
        return Optional.ofNullable(row).map(CassandraLimitSettingsRepository::set);
    }

    @Override
    public List<LimitSet> list(DomainName domain) {
        List<LimitSet> sets = new ArrayList<>();
        for (Row row : store.execute(store.prepare("SELECT * FROM limit_settings WHERE domain = ?").bind(domain.asString()),
            "listing the limits of " + domain)) {
            sets.add(set(row));
        }
        // Clustering order is the scopes' names ("alias" < "credential" < "domain"); the port's is the scopes' own.
        sets.sort(LimitSet.ORDER);
        return sets;
    }

    @Override
    public boolean remove(LimitSubject subject, LimitDirection direction) {
        return store.applied(store.prepare("DELETE FROM limit_settings WHERE " + KEY + " IF EXISTS").bind(
            subject.domain().asString(), subject.scope().asString(), subject.key(), direction.asString()),
            "removing the " + direction.asString() + " limits of " + subject.describe());
    }

    private static LimitSet set(Row row) {
        LimitSubject subject = LimitSubject.of(LimitScope.parse(row.getString("scope")), DomainName.of(row.getString("domain")),
            row.getString("key"));
        Map<LimitMetric, Long> limits = new EnumMap<>(LimitMetric.class);
        row.getMap("limits", String.class, Long.class).forEach((field, value) ->
            LimitMetric.ofField(field).ifPresent(metric -> limits.put(metric, value)));
        return LimitSet.of(subject, LimitDirection.parse(row.getString("direction")), limits,
            LimitAction.parse(row.getString("action")), row.getBoolean("notify"));
    }
}
