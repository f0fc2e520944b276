package io.smtpy.store.embedded;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Optional;

import io.smtpy.core.model.DomainName;
import io.smtpy.sending.tracking.TrackingSettings;
import io.smtpy.sending.tracking.TrackingSettingsRepository;

/** The domains' tracking settings in the table {@code tracking_settings} (migration 25), one row per domain. */
final class EmbeddedTrackingSettingsRepository implements TrackingSettingsRepository {
    private final SqliteConnections connections;

    EmbeddedTrackingSettingsRepository(SqliteConnections connections) {
        this.connections = connections;
    }

    @Override
    public Optional<TrackingSettings> find(DomainName domain) {
        return connections.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT opens, clicks FROM tracking_settings WHERE domain = ?")) {
                select.setString(1, domain.asString());
                try (ResultSet row = select.executeQuery()) {
                    return row.next()
                        ? Optional.of(TrackingSettings.of(row.getInt("opens") == 1, row.getInt("clicks") == 1))
                        : Optional.<TrackingSettings>empty();
                }
            }
        });
    }

    @Override
    public void put(DomainName domain, TrackingSettings settings) {
        connections.write(connection -> {
            try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO tracking_settings (domain, opens, clicks)"
                + " VALUES (?, ?, ?) ON CONFLICT (domain) DO UPDATE SET opens = excluded.opens, clicks = excluded.clicks")) {
                upsert.setString(1, domain.asString());
                upsert.setInt(2, settings.opens() ? 1 : 0);
                upsert.setInt(3, settings.clicks() ? 1 : 0);
                upsert.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public boolean remove(DomainName domain) {
        return connections.write(connection -> {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM tracking_settings WHERE domain = ?")) {
                delete.setString(1, domain.asString());
                return delete.executeUpdate() > 0;
            }
        });
    }
}
