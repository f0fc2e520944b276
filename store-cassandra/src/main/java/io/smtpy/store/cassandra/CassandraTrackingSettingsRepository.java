package io.smtpy.store.cassandra;

import java.util.Optional;

import com.datastax.oss.driver.api.core.cql.Row;

import io.smtpy.core.model.DomainName;
import io.smtpy.sending.tracking.TrackingSettings;
import io.smtpy.sending.tracking.TrackingSettingsRepository;

/**
 * The domains' tracking settings in {@code tracking_settings}, one partition per domain (the only way it is read).
 * Every write is conditional (Paxos): {@link #remove} must say whether there was a row, which only a conditional
 * delete tells, and plain and conditional writes are not mixed on one row.
 */
public final class CassandraTrackingSettingsRepository implements TrackingSettingsRepository {
    public static final TableSet TABLES = TableSet.of("tracking_settings")
        .migration("CREATE TABLE IF NOT EXISTS tracking_settings (domain text PRIMARY KEY, opens boolean, clicks boolean)")
        .build();

    private static final int UPSERT_ATTEMPTS = 10;

    private final CassandraStore store;

    public CassandraTrackingSettingsRepository(CassandraStore store) {
        this.store = store;
    }

    @Override
    public Optional<TrackingSettings> find(DomainName domain) {
        Row row = store.execute(store.prepare("SELECT opens, clicks FROM tracking_settings WHERE domain = ?")
            .bind(domain.asString()), "reading the tracking settings of " + domain).one();
        return Optional.ofNullable(row).map(found -> TrackingSettings.of(found.getBoolean("opens"), found.getBoolean("clicks")));
    }

    @Override
    public void put(DomainName domain, TrackingSettings settings) {
        String doing = "setting the tracking settings of " + domain;
        // Replaced when there, created when not; a removal racing in between means trying again.
        for (int attempt = 0; attempt < UPSERT_ATTEMPTS; attempt++) {
            if (store.applied(store.prepare("UPDATE tracking_settings SET opens = ?, clicks = ? WHERE domain = ? IF EXISTS")
                    .bind(settings.opens(), settings.clicks(), domain.asString()), doing)
                || store.applied(store.prepare("INSERT INTO tracking_settings (domain, opens, clicks) VALUES (?, ?, ?) IF NOT EXISTS")
                    .bind(domain.asString(), settings.opens(), settings.clicks()), doing)) {
                return;
            }
        }
        throw new CassandraStoreException("gave up " + doing + ": it was created and removed concurrently "
            + UPSERT_ATTEMPTS + " times");
    }

    @Override
    public boolean remove(DomainName domain) {
        return store.applied(store.prepare("DELETE FROM tracking_settings WHERE domain = ? IF EXISTS").bind(domain.asString()),
            "removing the tracking settings of " + domain);
    }
}
