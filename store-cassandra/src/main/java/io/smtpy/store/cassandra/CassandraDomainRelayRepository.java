package io.smtpy.store.cassandra;

import java.util.Optional;

import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.Row;

import io.smtpy.core.model.DomainName;
import io.smtpy.sending.relay.DomainRelay;
import io.smtpy.sending.relay.DomainRelayRepository;
import io.smtpy.sending.relay.RelayScope;
import io.smtpy.sending.relay.RelayTls;
import io.smtpy.store.embedded.StoredInstant;

/**
 * Domains' relays in {@code domain_relays}, one partition per domain (the only way it is read); the password is kept
 * as the caller sealed it. Every write is conditional (Paxos): {@link #remove} must say whether there was a relay,
 * which only a conditional delete tells, and plain and conditional writes are not mixed on one row.
 */
public final class CassandraDomainRelayRepository implements DomainRelayRepository {
    public static final TableSet TABLES = TableSet.of("domain_relays")
        .migration("CREATE TABLE IF NOT EXISTS domain_relays (domain text PRIMARY KEY, host text, port int, tls text,"
            + " username text, password text, scope text, enabled boolean, updated_at text)")
        .build();

    private static final int UPSERT_ATTEMPTS = 10;

    private final CassandraStore store;

    public CassandraDomainRelayRepository(CassandraStore store) {
        this.store = store;
    }

    @Override
    public Optional<DomainRelay> find(DomainName domain) {
        Row row = store.execute(store.prepare("SELECT host, port, tls, username, password, scope, enabled, updated_at"
            + " FROM domain_relays WHERE domain = ?").bind(domain.asString()), "reading the relay of " + domain).one();
        return Optional.ofNullable(row).map(found -> new DomainRelay(domain, found.getString("host"), found.getInt("port"),
            RelayTls.parse(found.getString("tls"), "tls"), Optional.ofNullable(found.getString("username")),
            Optional.ofNullable(found.getString("password")), RelayScope.parse(found.getString("scope"), "scope"),
            found.getBoolean("enabled"), StoredInstant.parse(found.getString("updated_at"))));
    }

    @Override
    public void save(DomainRelay relay) {
        String doing = "saving the relay of " + relay.domain();
        // Replaced when there, created when not; a removal racing in between means trying again.
        for (int attempt = 0; attempt < UPSERT_ATTEMPTS; attempt++) {
            if (store.applied(bind(store.prepare("UPDATE domain_relays SET host = ?, port = ?, tls = ?, username = ?,"
                    + " password = ?, scope = ?, enabled = ?, updated_at = ? WHERE domain = ? IF EXISTS").bind(), relay), doing)
                || store.applied(bind(store.prepare("INSERT INTO domain_relays (host, port, tls, username, password, scope,"
                    + " enabled, updated_at, domain) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) IF NOT EXISTS").bind(), relay), doing)) {
                return;
            }
        }
        throw new CassandraStoreException("gave up " + doing + ": it was created and removed concurrently "
            + UPSERT_ATTEMPTS + " times");
    }

    /** Binds the relay's values in the order both writes name them, the domain last. */
    private static BoundStatement bind(BoundStatement statement, DomainRelay relay) {
        return statement
            .setString(0, relay.host())
            .setInt(1, relay.port())
            .setString(2, relay.tls().asString())
            .setString(3, relay.username().orElse(null))
            .setString(4, relay.sealedPassword().orElse(null))
            .setString(5, relay.scope().asString())
            .setBoolean(6, relay.enabled())
            .setString(7, StoredInstant.format(relay.updatedAt()))
            .setString(8, relay.domain().asString());
    }

    @Override
    public boolean remove(DomainName domain) {
        return store.applied(store.prepare("DELETE FROM domain_relays WHERE domain = ? IF EXISTS").bind(domain.asString()),
            "removing the relay of " + domain);
    }
}
