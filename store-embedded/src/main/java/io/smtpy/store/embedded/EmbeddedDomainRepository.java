package io.smtpy.store.embedded;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.smtpy.core.model.DnsVerification;
import io.smtpy.core.model.Domain;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.EventPrivacy;
import io.smtpy.core.model.EventRetention;
import io.smtpy.core.model.Destination;
import io.smtpy.core.model.ForwardedSignatures;
import io.smtpy.core.model.ScanAction;
import io.smtpy.core.model.SpamSettings;
import io.smtpy.core.model.VirusSettings;
import io.smtpy.core.store.AlreadyExistsException;
import io.smtpy.core.store.DomainRepository;
import io.smtpy.core.store.NotFoundException;

/** Domains in the {@code domains} table, one row each, catch-all and regex aliases as JSON columns. */
final class EmbeddedDomainRepository implements DomainRepository {
    private static final String COLUMNS = "name, enabled, keep_subaddress_tag, catch_all, regex_aliases,"
        + " enforce_dmarc_reject, dns_checked_at, dns_ownership_verified, dns_failing_records, created_at, updated_at,"
        + " forwarded_signatures, archive_address, block_links, quarantine_digest, spam_enabled, spam_tag_threshold,"
        + " spam_threshold, spam_action, virus_enabled, virus_action, event_retention_days, event_legal_hold, event_privacy";
    private static final String PLACEHOLDERS = "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?";

    private final SqliteConnections connections;

    EmbeddedDomainRepository(SqliteConnections connections) {
        this.connections = connections;
    }

    @Override
    public Optional<Domain> find(DomainName name) {
        return connections.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS + " FROM domains WHERE name = ?")) {
                select.setString(1, name.asString());
                try (ResultSet row = select.executeQuery()) {
                    return row.next() ? Optional.of(domain(row)) : Optional.<Domain>empty();
                }
            }
        });
    }

    @Override
    public List<Domain> list() {
        return connections.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS + " FROM domains ORDER BY name");
                 ResultSet rows = select.executeQuery()) {
                List<Domain> domains = new ArrayList<>();
                while (rows.next()) {
                    domains.add(domain(rows));
                }
                return domains;
            }
        });
    }

    @Override
    public void create(Domain domain) {
        // The primary key decides between concurrent creates: DO NOTHING reports the loser as 0 rows changed.
        int inserted = connections.write(connection -> execute(connection,
            "INSERT INTO domains (" + COLUMNS + ") VALUES (" + PLACEHOLDERS + ") ON CONFLICT (name) DO NOTHING", domain));
        if (inserted == 0) {
            throw new AlreadyExistsException("domain " + domain.name() + " already exists");
        }
    }

    @Override
    public void update(Domain domain) {
        // ?1 in the WHERE clause is the first parameter, the name: one binding serves insert and update.
        int updated = connections.write(connection -> execute(connection,
            "UPDATE domains SET (" + COLUMNS + ") = (" + PLACEHOLDERS + ") WHERE name = ?1", domain));
        if (updated == 0) {
            throw new NotFoundException("domain " + domain.name() + " does not exist");
        }
    }

    /** One statement: the row is replaced only where {@code updated_at} is still the one read. */
    @Override
    public void update(Domain domain, java.time.Instant expectedUpdatedAt) {
        int updated = connections.write(connection -> execute(connection, "UPDATE domains SET (" + COLUMNS + ") = ("
            + PLACEHOLDERS + ") WHERE name = ?1 AND updated_at = ?25", domain, StoredInstant.format(expectedUpdatedAt)));
        if (updated == 0) {
            if (find(domain.name()).isEmpty()) {
                throw new NotFoundException("domain " + domain.name() + " does not exist");
            }
            throw new io.smtpy.core.store.ConcurrentChangeException("domain " + domain.name() + " changed since it was read");
        }
    }

    @Override
    public boolean delete(DomainName name) {
        return connections.write(connection -> {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM domains WHERE name = ?")) {
                delete.setString(1, name.asString());
                return delete.executeUpdate() > 0;
            }
        });
    }

    /** Binds the domain's columns as ?1 to ?24, then {@code more} from ?25. */
    private static int execute(Connection connection, String sql, Domain domain, String... more) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < more.length; i++) {
                statement.setString(25 + i, more[i]);
            }
            statement.setString(1, domain.name().asString());
            statement.setBoolean(2, domain.enabled());
            statement.setBoolean(3, domain.keepSubaddressTag());
            statement.setString(4, JsonColumns.catchAllJson(domain.catchAll()).orElse(null));
            statement.setString(5, JsonColumns.regexAliasesJson(domain.regexAliases()));
            statement.setBoolean(6, domain.enforceDmarcReject());
            Optional<DnsVerification> verification = domain.dnsVerification();
            statement.setString(7, verification.map(v -> StoredInstant.format(v.checkedAt())).orElse(null));
            statement.setObject(8, verification.map(v -> v.ownershipVerified() ? 1 : 0).orElse(null));
            statement.setString(9, verification.map(v -> JsonColumns.stringsJson(v.failingRecords())).orElse(null));
            statement.setString(10, StoredInstant.format(domain.createdAt()));
            statement.setString(11, StoredInstant.format(domain.updatedAt()));
            statement.setString(12, domain.forwardedSignatures().value());
            statement.setString(13, domain.archiveAddress().map(Destination::asString).orElse(null));
            statement.setBoolean(14, domain.blockLinks());
            statement.setBoolean(15, domain.quarantineDigest());
            statement.setBoolean(16, domain.spam().enabled());
            statement.setDouble(17, domain.spam().tagThreshold());
            statement.setDouble(18, domain.spam().threshold());
            statement.setString(19, domain.spam().action().asString());
            statement.setBoolean(20, domain.virus().enabled());
            statement.setString(21, domain.virus().action().asString());
            statement.setInt(22, domain.eventRetention().days());
            statement.setBoolean(23, domain.eventRetention().legalHold());
            statement.setString(24, domain.eventPrivacy().asString());
            return statement.executeUpdate();
        }
    }

    private static Domain domain(ResultSet row) throws SQLException {
        return Domain.builder(DomainName.of(row.getString("name")))
            .enabled(row.getBoolean("enabled"))
            .keepSubaddressTag(row.getBoolean("keep_subaddress_tag"))
            .catchAll(JsonColumns.catchAll(Optional.ofNullable(row.getString("catch_all"))))
            .regexAliases(JsonColumns.regexAliases(row.getString("regex_aliases")))
            .enforceDmarcReject(row.getBoolean("enforce_dmarc_reject"))
            .forwardedSignatures(ForwardedSignatures.parse(row.getString("forwarded_signatures"), "forwarded_signatures"))
            .dnsVerification(dnsVerification(row))
            .archiveAddress(Optional.ofNullable(row.getString("archive_address")).map(Destination::of))
            .blockLinks(row.getBoolean("block_links"))
            .quarantineDigest(row.getBoolean("quarantine_digest"))
            .spam(new SpamSettings(row.getBoolean("spam_enabled"), row.getDouble("spam_tag_threshold"), row.getDouble("spam_threshold"),
                ScanAction.parse(row.getString("spam_action"))))
            .virus(new VirusSettings(row.getBoolean("virus_enabled"), ScanAction.parse(row.getString("virus_action"))))
            .eventRetention(new EventRetention(row.getInt("event_retention_days"), row.getBoolean("event_legal_hold")))
            .eventPrivacy(EventPrivacy.parse(row.getString("event_privacy"), "event_privacy"))
            .createdAt(StoredInstant.parse(row.getString("created_at")))
            .updatedAt(StoredInstant.parse(row.getString("updated_at")))
            .build();
    }

    private static Optional<DnsVerification> dnsVerification(ResultSet row) throws SQLException {
        String checkedAt = row.getString("dns_checked_at");
        if (checkedAt == null) {
            return Optional.empty();
        }
        return Optional.of(new DnsVerification(StoredInstant.parse(checkedAt), row.getBoolean("dns_ownership_verified"),
            JsonColumns.strings(row.getString("dns_failing_records"))));
    }
}
