package io.smtpy.store.cassandra;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchStatementBuilder;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
import com.datastax.oss.driver.api.core.cql.Row;

import io.smtpy.core.model.Alias;
import io.smtpy.core.model.AliasAddress;
import io.smtpy.core.model.Destination;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.LocalPart;
import io.smtpy.core.store.AliasPage;
import io.smtpy.core.store.AliasQuery;
import io.smtpy.core.store.AliasRepository;
import io.smtpy.core.store.AlreadyExistsException;
import io.smtpy.core.store.NotFoundException;
import io.smtpy.store.embedded.JsonColumns;
import io.smtpy.store.embedded.StoredInstant;

/**
 * Aliases in the {@code aliases} table: one partition per domain, clustered by local part, so that a domain's aliases
 * come back sorted and a domain is listed, exported or emptied by reading or deleting one partition. Creation, update
 * and deletion of one alias are conditional writes (of two nodes creating one address, exactly one wins).
 *
 * <p>Listing reads the domain's partition page by page (the driver's paging, never the whole partition in memory)
 * and filters with {@link AliasQuery#test(Alias)}, counting every match for the total: a listing costs a read of the
 * domain's aliases, which the embedded store's SQL does as well.
 *
 * <p>{@link #saveAll} writes logged batches of at most {@value #BATCH_SIZE} rows and about {@value #BATCH_BYTES} bytes
 * (Cassandra refuses a batch over 50 KiB by default). Cassandra has no transaction across
 * batches, so before writing it reads what the batch's keys held; when a batch fails, every batch written before it is
 * put back as it was (new rows deleted, replaced rows restored) and the failure is reported: all or none.
 */
public final class CassandraAliasRepository implements AliasRepository {
    public static final TableSet TABLES = TableSet.of("aliases")
        .migration("CREATE TABLE IF NOT EXISTS aliases ("
            + "domain text, local_part text, destinations text, fallbacks text, enabled boolean, description text,"
            + " tags list<text>, expires_at text, created_at text, updated_at text, PRIMARY KEY ((domain), local_part))")
        .build();

    static final int BATCH_SIZE = 100;
    static final int BATCH_BYTES = 32 * 1024;
    private static final String VALUE_COLUMNS = "destinations, fallbacks, enabled, description, tags, expires_at,"
        + " created_at, updated_at";
    private static final String SELECT = "SELECT domain, local_part, " + VALUE_COLUMNS + " FROM aliases";
    private static final String INSERT = "INSERT INTO aliases (domain, local_part, " + VALUE_COLUMNS
        + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private final CassandraStore store;
    private final int batchBytes;

    public CassandraAliasRepository(CassandraStore store) {
        this(store, BATCH_BYTES);
    }

    /** With another byte budget per batch (tests: a batch Cassandra refuses). */
    CassandraAliasRepository(CassandraStore store, int batchBytes) {
        this.store = store;
        this.batchBytes = batchBytes;
    }

    @Override
    public Optional<Alias> find(AliasAddress address) {
        Row row = store.execute(store.prepare(SELECT + " WHERE domain = ? AND local_part = ?")
            .bind(address.domain().asString(), address.localPart().asString()), "reading alias " + address).one();
        return Optional.ofNullable(row).map(CassandraAliasRepository::alias);
    }

    @Override
    public void create(Alias alias) {
        if (!store.applied(bindValues(store.prepare(INSERT + " IF NOT EXISTS").bind(), alias),
            "creating alias " + alias.address())) {
            throw new AlreadyExistsException("alias " + alias.address() + " already exists");
        }
    }

    @Override
    public void update(Alias alias) {
        if (!store.applied(updateStatement(alias, " IF EXISTS"), "updating alias " + alias.address())) {
            throw new NotFoundException("alias " + alias.address() + " does not exist");
        }
    }

    /** A conditional write at SERIAL: two nodes updating from the same version, one is applied. */
    @Override
    public void update(Alias alias, java.time.Instant expectedUpdatedAt) {
        BoundStatement update = updateStatement(alias, " IF updated_at = ?").setString(10, StoredInstant.format(expectedUpdatedAt));
        if (!store.applied(update, "updating alias " + alias.address())) {
            if (find(alias.address()).isEmpty()) {
                throw new NotFoundException("alias " + alias.address() + " does not exist");
            }
            throw new io.smtpy.core.store.ConcurrentChangeException("alias " + alias.address() + " changed since it was read");
        }
    }

    private BoundStatement updateStatement(Alias alias, String condition) {
        return store.prepare("UPDATE aliases SET destinations = ?, fallbacks = ?, enabled = ?,"
            + " description = ?, tags = ?, expires_at = ?, created_at = ?, updated_at = ?"
            + " WHERE domain = ? AND local_part = ?" + condition).bind()
            .setString(0, JsonColumns.destinationsJson(alias.destinations()))
            .setString(1, alias.fallbacks().isEmpty() ? null : JsonColumns.destinationsJson(alias.fallbacks()))
            .setBoolean(2, alias.enabled())
            .setString(3, alias.description())
            .setList(4, List.copyOf(alias.tags()), String.class)
            .setString(5, alias.expiresAt().map(StoredInstant::format).orElse(null))
            .setString(6, StoredInstant.format(alias.createdAt()))
            .setString(7, StoredInstant.format(alias.updatedAt()))
            .setString(8, alias.address().domain().asString())
            .setString(9, alias.address().localPart().asString());
    }

    @Override
    public boolean delete(AliasAddress address) {
        return store.applied(store.prepare("DELETE FROM aliases WHERE domain = ? AND local_part = ? IF EXISTS")
            .bind(address.domain().asString(), address.localPart().asString()), "deleting alias " + address);
    }

    @Override
    public void saveAll(Collection<Alias> aliases) {
        List<List<Alias>> batches = batches(aliases, batchBytes);
        List<Map<AliasAddress, Optional<Alias>>> written = new ArrayList<>();
        try {
            for (List<Alias> batch : batches) {
                Map<AliasAddress, Optional<Alias>> before = current(batch);
                written.add(before);
                store.executeLogged(upserts(batch, before), "saving " + batch.size() + " aliases");
            }
        } catch (CassandraStoreException failure) {
            putBack(written, failure);
            throw failure;
        }
    }

    @Override
    public AliasPage list(AliasQuery query) {
        List<Alias> page = new ArrayList<>();
        long total = 0;
        for (Row row : store.execute(store.prepare(SELECT + " WHERE domain = ?").bind(query.domain().asString()),
            "listing the aliases of " + query.domain())) {
            Alias alias = alias(row);
            if (query.test(alias)) {
                if (total >= query.offset() && page.size() < query.limit()) {
                    page.add(alias);
                }
                total++;
            }
        }
        return new AliasPage(page, total);
    }

    @Override
    public List<Alias> all(DomainName domain) {
        List<Alias> aliases = new ArrayList<>();
        for (Row row : store.execute(store.prepare(SELECT + " WHERE domain = ?").bind(domain.asString()),
            "reading the aliases of " + domain)) {
            aliases.add(alias(row));
        }
        return aliases;
    }

    @Override
    public int deleteAll(DomainName domain) {
        int count = 0;
        for (Row ignored : store.execute(store.prepare("SELECT local_part FROM aliases WHERE domain = ?")
            .bind(domain.asString()), "counting the aliases of " + domain)) {
            count++;
        }
        store.execute(store.prepare("DELETE FROM aliases WHERE domain = ?").bind(domain.asString()),
            "deleting the aliases of " + domain);
        return count;
    }

    /**
     * The aliases in batches of at most {@link #BATCH_SIZE} and about {@link #BATCH_BYTES}, the last of one address
     * winning as in a replay.
     */
    private static List<List<Alias>> batches(Collection<Alias> aliases, int batchBytes) {
        Map<AliasAddress, Alias> unique = new LinkedHashMap<>();
        aliases.forEach(alias -> unique.put(alias.address(), alias));
        List<List<Alias>> batches = new ArrayList<>();
        List<Alias> batch = new ArrayList<>();
        int bytes = 0;
        for (Alias alias : unique.values()) {
            int size = estimatedBytes(alias);
            if (!batch.isEmpty() && (batch.size() == BATCH_SIZE || bytes + size > batchBytes)) {
                batches.add(batch);
                batch = new ArrayList<>();
                bytes = 0;
            }
            batch.add(alias);
            bytes += size;
        }
        if (!batch.isEmpty()) {
            batches.add(batch);
        }
        return batches;
    }

    /** An upper estimate of a row's size in a batch (UTF-8 may take up to 3 bytes per char of text). */
    private static int estimatedBytes(Alias alias) {
        int chars = alias.address().asString().length() + alias.description().length() + 120;
        for (Destination destination : alias.destinations()) {
            chars += destination.asString().length() + 4;
        }
        for (Destination destination : alias.fallbacks()) {
            chars += destination.asString().length() + 4;
        }
        for (String tag : alias.tags()) {
            chars += tag.length() + 4;
        }
        return chars * 3;
    }

    /** What the batch's addresses hold now, per domain one read of the batch's local parts. */
    private Map<AliasAddress, Optional<Alias>> current(List<Alias> batch) {
        Map<AliasAddress, Optional<Alias>> before = new HashMap<>();
        Map<DomainName, List<String>> byDomain = batch.stream().collect(Collectors.groupingBy(
            alias -> alias.address().domain(), Collectors.mapping(alias -> alias.address().localPart().asString(),
                Collectors.toList())));
        batch.forEach(alias -> before.put(alias.address(), Optional.empty()));
        byDomain.forEach((domain, localParts) -> {
            for (Row row : store.execute(store.prepare(SELECT + " WHERE domain = ? AND local_part IN ?")
                .bind(domain.asString(), localParts), "reading aliases of " + domain + " before saving them")) {
                Alias alias = alias(row);
                before.put(alias.address(), Optional.of(alias));
            }
        });
        return before;
    }

    /** New rows without their nulls (no tombstones), replaced ones with them (a null clears what the old row held). */
    private BatchStatement upserts(Collection<Alias> aliases, Map<AliasAddress, Optional<Alias>> before) {
        BatchStatementBuilder batch = BatchStatement.builder(DefaultBatchType.LOGGED);
        aliases.forEach(alias -> {
            BoundStatement insert = bindValues(store.prepare(INSERT).bind(), alias);
            batch.addStatement(before.get(alias.address()).isPresent() ? insert : CassandraStore.withoutNulls(insert));
        });
        return batch.build();
    }

    /** Puts the batches written (and the one that failed, which may have been applied later) back as they were. */
    private void putBack(List<Map<AliasAddress, Optional<Alias>>> written, CassandraStoreException failure) {
        try {
            for (Map<AliasAddress, Optional<Alias>> before : written) {
                BatchStatementBuilder batch = BatchStatement.builder(DefaultBatchType.LOGGED);
                before.forEach((address, previous) -> batch.addStatement(previous
                    .map(alias -> bindValues(store.prepare(INSERT).bind(), alias))
                    .orElseGet(() -> store.prepare("DELETE FROM aliases WHERE domain = ? AND local_part = ?")
                        .bind(address.domain().asString(), address.localPart().asString()))));
                store.executeLogged(batch.build(), "putting back aliases after a failed save");
            }
        } catch (CassandraStoreException alsoFailed) {
            failure.addSuppressed(alsoFailed);
        }
    }

    private static BoundStatement bindValues(BoundStatement statement, Alias alias) {
        return statement
            .setString(0, alias.address().domain().asString())
            .setString(1, alias.address().localPart().asString())
            .setString(2, JsonColumns.destinationsJson(alias.destinations()))
            // Most aliases have no fallback: null rather than "[]".
            .setString(3, alias.fallbacks().isEmpty() ? null : JsonColumns.destinationsJson(alias.fallbacks()))
            .setBoolean(4, alias.enabled())
            .setString(5, alias.description())
            .setList(6, List.copyOf(alias.tags()), String.class)
            .setString(7, alias.expiresAt().map(StoredInstant::format).orElse(null))
            .setString(8, StoredInstant.format(alias.createdAt()))
            .setString(9, StoredInstant.format(alias.updatedAt()));
    }

    private static Alias alias(Row row) {
        String fallbacks = row.getString("fallbacks");
        List<Destination> noFallbacks = List.of();
        return Alias.builder(AliasAddress.of(DomainName.of(row.getString("domain")), LocalPart.of(row.getString("local_part"))))
            .destinations(JsonColumns.destinations(row.getString("destinations")))
            .fallbacks(fallbacks == null ? noFallbacks : JsonColumns.destinations(fallbacks))
            .enabled(row.getBoolean("enabled"))
            .description(row.getString("description"))
            .tags(row.getList("tags", String.class))
            .expiresAt(Optional.ofNullable(row.getString("expires_at")).map(StoredInstant::parse))
            .createdAt(StoredInstant.parse(row.getString("created_at")))
            .updatedAt(StoredInstant.parse(row.getString("updated_at")))
            .build();
    }
}
