package io.smtpy.store.cassandra;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.Row;

import io.smtpy.core.model.DnsVerification;
import io.smtpy.core.model.Destination;
import io.smtpy.core.model.Domain;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.EventPrivacy;
import io.smtpy.core.model.EventRetention;
import io.smtpy.core.model.ForwardedSignatures;
import io.smtpy.core.model.ScanAction;
import io.smtpy.core.model.SpamSettings;
import io.smtpy.core.model.VirusSettings;
import io.smtpy.core.store.AlreadyExistsException;
import io.smtpy.core.store.DomainRepository;
import io.smtpy.core.store.NotFoundException;
import io.smtpy.store.embedded.JsonColumns;
import io.smtpy.store.embedded.StoredInstant;

/**
 * Domains in the {@code domains} table, one partition each. Creation, update and deletion are conditional writes
 * (Paxos): of two nodes creating one name, exactly one wins. Catch-all and regex aliases are the same JSON documents
 * the embedded store keeps; instants are {@link StoredInstant} text (nanoseconds kept).
 */
public final class CassandraDomainRepository implements DomainRepository {
    public static final TableSet TABLES = TableSet.of("domains")
        .migration("CREATE TABLE IF NOT EXISTS domains ("
            + "name text PRIMARY KEY, enabled boolean, keep_subaddress_tag boolean, catch_all text, regex_aliases text,"
            + " enforce_dmarc_reject boolean, dns_checked_at text, dns_ownership_verified boolean,"
            + " dns_failing_records text, created_at text, updated_at text, forwarded_signatures text,"
            + " archive_address text, block_links boolean, quarantine_digest boolean, spam_enabled boolean,"
            + " spam_tag_threshold double, spam_threshold double, spam_action text, virus_enabled boolean,"
            + " virus_action text, event_retention_days int, event_legal_hold boolean, event_privacy text)")
        .build();

    private static final String VALUE_COLUMNS = "enabled, keep_subaddress_tag, catch_all, regex_aliases,"
        + " enforce_dmarc_reject, dns_checked_at, dns_ownership_verified, dns_failing_records, created_at, updated_at,"
        + " forwarded_signatures, archive_address, block_links, quarantine_digest, spam_enabled, spam_tag_threshold,"
        + " spam_threshold, spam_action, virus_enabled, virus_action, event_retention_days, event_legal_hold, event_privacy";
    private static final int VALUE_COUNT = VALUE_COLUMNS.split(",").length;

    private final CassandraStore store;

    public CassandraDomainRepository(CassandraStore store) {
        this.store = store;
    }

    @Override
    public Optional<Domain> find(DomainName name) {
        Row row = store.execute(store.prepare("SELECT name, " + VALUE_COLUMNS + " FROM domains WHERE name = ?")
            .bind(name.asString()), "reading domain " + name).one();
        return Optional.ofNullable(row).map(CassandraDomainRepository::domain);
    }

    @Override
    public List<Domain> list() {
        List<Domain> domains = new ArrayList<>();
        for (Row row : store.execute(store.prepare("SELECT name, " + VALUE_COLUMNS + " FROM domains").bind(),
            "listing domains")) {
            domains.add(domain(row));
        }
        domains.sort(Comparator.comparing(domain -> domain.name().asString()));
        return domains;
    }

    @Override
    public void create(Domain domain) {
        String placeholders = "?" + ", ?".repeat(VALUE_COUNT);
        BoundStatement insert = bindValues(store.prepare("INSERT INTO domains (name, " + VALUE_COLUMNS + ") VALUES ("
            + placeholders + ") IF NOT EXISTS").bind(), 1, domain).setString(0, domain.name().asString());
        if (!store.applied(insert, "creating domain " + domain.name())) {
            throw new AlreadyExistsException("domain " + domain.name() + " already exists");
        }
    }

    @Override
    public void update(Domain domain) {
        if (!store.applied(updateStatement(domain, " IF EXISTS"), "updating domain " + domain.name())) {
            throw new NotFoundException("domain " + domain.name() + " does not exist");
        }
    }

    /** A conditional write at SERIAL: two nodes updating from the same version, one is applied. */
    @Override
    public void update(Domain domain, java.time.Instant expectedUpdatedAt) {
        BoundStatement update = updateStatement(domain, " IF updated_at = ?")
            .setString(VALUE_COUNT + 1, StoredInstant.format(expectedUpdatedAt));
        if (!store.applied(update, "updating domain " + domain.name())) {
            if (find(domain.name()).isEmpty()) {
                throw new NotFoundException("domain " + domain.name() + " does not exist");
            }
            throw new io.smtpy.core.store.ConcurrentChangeException("domain " + domain.name() + " changed since it was read");
        }
    }

    private BoundStatement updateStatement(Domain domain, String condition) {
        StringBuilder assignments = new StringBuilder();
        for (String column : VALUE_COLUMNS.split(",")) {
            assignments.append(assignments.length() == 0 ? "" : ", ").append(column.trim()).append(" = ?");
        }
        return bindValues(store.prepare("UPDATE domains SET " + assignments + " WHERE name = ?" + condition)
            .bind(), 0, domain).setString(VALUE_COUNT, domain.name().asString());
    }

    @Override
    public boolean delete(DomainName name) {
        return store.applied(store.prepare("DELETE FROM domains WHERE name = ? IF EXISTS").bind(name.asString()),
            "deleting domain " + name);
    }

    /** Binds the value columns in their order from index {@code first}. */
    private static BoundStatement bindValues(BoundStatement statement, int first, Domain domain) {
        Optional<DnsVerification> verification = domain.dnsVerification();
        int i = first;
        return statement
            .setBoolean(i++, domain.enabled())
            .setBoolean(i++, domain.keepSubaddressTag())
            .setString(i++, JsonColumns.catchAllJson(domain.catchAll()).orElse(null))
            .setString(i++, JsonColumns.regexAliasesJson(domain.regexAliases()))
            .setBoolean(i++, domain.enforceDmarcReject())
            .setString(i++, verification.map(v -> StoredInstant.format(v.checkedAt())).orElse(null))
            .setBoolean(i++, verification.map(DnsVerification::ownershipVerified).orElse(false))
            .setString(i++, verification.map(v -> JsonColumns.stringsJson(v.failingRecords())).orElse(null))
            .setString(i++, StoredInstant.format(domain.createdAt()))
            .setString(i++, StoredInstant.format(domain.updatedAt()))
            .setString(i++, domain.forwardedSignatures().value())
            .setString(i++, domain.archiveAddress().map(Destination::asString).orElse(null))
            .setBoolean(i++, domain.blockLinks())
            .setBoolean(i++, domain.quarantineDigest())
            .setBoolean(i++, domain.spam().enabled())
            .setDouble(i++, domain.spam().tagThreshold())
            .setDouble(i++, domain.spam().threshold())
            .setString(i++, domain.spam().action().asString())
            .setBoolean(i++, domain.virus().enabled())
            .setString(i++, domain.virus().action().asString())
            .setInt(i++, domain.eventRetention().days())
            .setBoolean(i++, domain.eventRetention().legalHold())
            .setString(i, domain.eventPrivacy().asString());
    }

    private static Domain domain(Row row) {
        return Domain.builder(DomainName.of(row.getString("name")))
            .enabled(row.getBoolean("enabled"))
            .keepSubaddressTag(row.getBoolean("keep_subaddress_tag"))
            .catchAll(JsonColumns.catchAll(Optional.ofNullable(row.getString("catch_all"))))
            .regexAliases(JsonColumns.regexAliases(row.getString("regex_aliases")))
            .enforceDmarcReject(row.getBoolean("enforce_dmarc_reject"))
            .forwardedSignatures(ForwardedSignatures.parse(row.getString("forwarded_signatures"), "forwarded_signatures"))
            .dnsVerification(Optional.ofNullable(row.getString("dns_checked_at")).map(checkedAt -> new DnsVerification(
                StoredInstant.parse(checkedAt), row.getBoolean("dns_ownership_verified"),
                JsonColumns.strings(row.getString("dns_failing_records")))))
            .archiveAddress(Optional.ofNullable(row.getString("archive_address")).map(Destination::of))
            .blockLinks(row.getBoolean("block_links"))
            .quarantineDigest(row.getBoolean("quarantine_digest"))
            .spam(new SpamSettings(row.getBoolean("spam_enabled"), row.getDouble("spam_tag_threshold"),
                row.getDouble("spam_threshold"), ScanAction.parse(row.getString("spam_action"))))
            .virus(new VirusSettings(row.getBoolean("virus_enabled"), ScanAction.parse(row.getString("virus_action"))))
            .eventRetention(new EventRetention(row.getInt("event_retention_days"), row.getBoolean("event_legal_hold")))
            .eventPrivacy(EventPrivacy.parse(row.getString("event_privacy"), "event_privacy"))
            .createdAt(StoredInstant.parse(row.getString("created_at")))
            .updatedAt(StoredInstant.parse(row.getString("updated_at")))
            .build();
    }
}
