package io.smtpy.store.embedded;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Optional;

import io.smtpy.core.model.DomainName;
import io.smtpy.sending.relay.DomainRelay;
import io.smtpy.sending.relay.DomainRelayRepository;
import io.smtpy.sending.relay.RelayScope;
import io.smtpy.sending.relay.RelayTls;

/** Domains' relays in the table {@code domain_relays} (migration 24), one row per domain; the password only sealed. */
final class EmbeddedDomainRelayRepository implements DomainRelayRepository {
    private final SqliteConnections connections;

    EmbeddedDomainRelayRepository(SqliteConnections connections) {
        this.connections = connections;
    }

    @Override
    public Optional<DomainRelay> find(DomainName domain) {
        return connections.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT host, port, tls, username, password, scope,"
                    + " enabled, updated_at FROM domain_relays WHERE domain = ?")) {
                select.setString(1, domain.asString());
                try (ResultSet row = select.executeQuery()) {
                    if (!row.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(new DomainRelay(domain, row.getString("host"), row.getInt("port"),
                        RelayTls.parse(row.getString("tls"), "tls"), Optional.ofNullable(row.getString("username")),
                        Optional.ofNullable(row.getString("password")), RelayScope.parse(row.getString("scope"), "scope"),
                        row.getInt("enabled") == 1, StoredInstant.parse(row.getString("updated_at"))));
                }
            }
        });
    }

    @Override
    public void save(DomainRelay relay) {
        connections.write(connection -> {
            try (PreparedStatement upsert = connection.prepareStatement("INSERT OR REPLACE INTO domain_relays"
                    + " (domain, host, port, tls, username, password, scope, enabled, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                upsert.setString(1, relay.domain().asString());
                upsert.setString(2, relay.host());
                upsert.setInt(3, relay.port());
                upsert.setString(4, relay.tls().asString());
                upsert.setString(5, relay.username().orElse(null));
                upsert.setString(6, relay.sealedPassword().orElse(null));
                upsert.setString(7, relay.scope().asString());
                upsert.setInt(8, relay.enabled() ? 1 : 0);
                upsert.setString(9, StoredInstant.format(relay.updatedAt()));
                return upsert.executeUpdate();
            }
        });
    }

    @Override
    public boolean remove(DomainName domain) {
        return connections.write(connection -> {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM domain_relays WHERE domain = ?")) {
                delete.setString(1, domain.asString());
                return delete.executeUpdate();
            }
        }) > 0;
    }
}
