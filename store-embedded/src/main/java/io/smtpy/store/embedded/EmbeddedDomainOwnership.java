package io.smtpy.store.embedded;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.smtpy.access.AccessId;
import io.smtpy.access.store.DomainOwnership;
import io.smtpy.core.model.DomainName;

/** Domain owners in the {@code domain_owners} table, one row per owned domain. */
final class EmbeddedDomainOwnership implements DomainOwnership {
    private final SqliteConnections connections;

    EmbeddedDomainOwnership(SqliteConnections connections) {
        this.connections = connections;
    }

    @Override
    public Optional<AccessId> owner(DomainName domain) {
        return connections.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT account FROM domain_owners WHERE domain = ?")) {
                select.setString(1, domain.asString());
                try (ResultSet row = select.executeQuery()) {
                    return row.next() ? Optional.of(AccessId.of(row.getString("account"))) : Optional.<AccessId>empty();
                }
            }
        });
    }

    @Override
    public void assign(DomainName domain, AccessId account) {
        connections.write(connection -> {
            try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO domain_owners (domain, account) VALUES (?, ?)"
                    + " ON CONFLICT (domain) DO UPDATE SET account = excluded.account")) {
                upsert.setString(1, domain.asString());
                upsert.setString(2, account.asString());
                return upsert.executeUpdate();
            }
        });
    }

    @Override
    public void release(DomainName domain) {
        connections.write(connection -> {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM domain_owners WHERE domain = ?")) {
                delete.setString(1, domain.asString());
                return delete.executeUpdate();
            }
        });
    }

    @Override
    public List<DomainName> domainsOf(AccessId account) {
        return connections.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT domain FROM domain_owners WHERE account = ? ORDER BY domain")) {
                select.setString(1, account.asString());
                try (ResultSet rows = select.executeQuery()) {
                    List<DomainName> domains = new ArrayList<>();
                    while (rows.next()) {
                        domains.add(DomainName.of(rows.getString("domain")));
                    }
                    return domains;
                }
            }
        });
    }
}
