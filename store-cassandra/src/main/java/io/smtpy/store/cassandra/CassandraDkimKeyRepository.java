package io.smtpy.store.cassandra;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.Row;

import io.smtpy.core.dkim.DkimAlgorithm;
import io.smtpy.core.dkim.DkimKey;
import io.smtpy.core.dkim.DkimKeyRepository;
import io.smtpy.core.dkim.DkimKeyState;
import io.smtpy.core.dkim.DkimSelector;
import io.smtpy.core.dkim.SealedPrivateKey;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.store.AlreadyExistsException;
import io.smtpy.core.store.NotFoundException;
import io.smtpy.store.embedded.StoredInstant;

/**
 * DKIM keys in the {@code dkim_keys} table: one partition per domain, one row per selector, so a domain's keys (a
 * handful over its life: keys are never deleted) are read together and one key by its full primary key. The list is
 * ordered by creation in memory rather than by clustering on {@code created_at}, which would make a find by selector
 * need a second table. Creates and updates are conditional writes ({@code IF NOT EXISTS}, {@code IF EXISTS}): of
 * concurrent creates of one selector exactly one wins. The private key is stored only sealed
 * ({@link SealedPrivateKey#toBytes()}); opening it needs the master key, which is not in Cassandra.
 */
public final class CassandraDkimKeyRepository implements DkimKeyRepository {
    public static final TableSet TABLES = TableSet.of("dkim_keys")
        .migration("CREATE TABLE IF NOT EXISTS dkim_keys ("
            + "domain text, selector text, algorithm text, state text, public_key blob, sealed_private_key blob,"
            + " created_at text, activated_at text, retiring_at text, retired_at text,"
            + " PRIMARY KEY ((domain), selector))")
        .build();

    private static final String VALUE_COLUMNS = "algorithm, state, public_key, sealed_private_key, created_at,"
        + " activated_at, retiring_at, retired_at";
    private static final String COLUMNS = "domain, selector, " + VALUE_COLUMNS;
    private static final Comparator<DkimKey> OLDEST_FIRST = Comparator.comparing(DkimKey::createdAt)
        .thenComparing(key -> key.selector().asString());

    private final CassandraStore store;

    public CassandraDkimKeyRepository(CassandraStore store) {
        this.store = store;
    }

    @Override
    public void create(DkimKey key) {
        BoundStatement insert = bindValues(store.prepare("INSERT INTO dkim_keys (" + COLUMNS
            + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) IF NOT EXISTS").bind(), 2, key)
            .setString(0, key.domain().asString())
            .setString(1, key.selector().asString());
        if (!store.applied(insert, "creating DKIM key " + key.recordName())) {
            throw new AlreadyExistsException("DKIM key " + key.recordName() + " already exists");
        }
    }

    @Override
    public void update(DkimKey key) {
        BoundStatement update = bindValues(store.prepare("UPDATE dkim_keys SET algorithm = ?, state = ?,"
            + " public_key = ?, sealed_private_key = ?, created_at = ?, activated_at = ?, retiring_at = ?,"
            + " retired_at = ? WHERE domain = ? AND selector = ? IF EXISTS").bind(), 0, key)
            .setString(8, key.domain().asString())
            .setString(9, key.selector().asString());
        if (!store.applied(update, "updating DKIM key " + key.recordName())) {
            throw new NotFoundException("DKIM key " + key.recordName() + " does not exist");
        }
    }

    @Override
    public List<DkimKey> list(DomainName domain) {
        List<DkimKey> keys = new ArrayList<>();
        for (Row row : store.execute(store.prepare("SELECT " + COLUMNS + " FROM dkim_keys WHERE domain = ?")
            .bind(domain.asString()), "listing the DKIM keys of " + domain)) {
            keys.add(key(row));
        }
        keys.sort(OLDEST_FIRST);
        return keys;
    }

    @Override
    public Optional<DkimKey> find(DomainName domain, DkimSelector selector) {
        Row row = store.execute(store.prepare("SELECT " + COLUMNS + " FROM dkim_keys WHERE domain = ? AND selector = ?")
            .bind(domain.asString(), selector.asString()), "reading DKIM key " + selector.recordName(domain)).one();
        return Optional.ofNullable(row).map(CassandraDkimKeyRepository::key);
    }

    /** Binds the value columns in their order from index {@code first}. */
    private static BoundStatement bindValues(BoundStatement statement, int first, DkimKey key) {
        int i = first;
        return statement
            .setString(i++, key.algorithm().name())
            .setString(i++, key.state().name())
            .setByteBuffer(i++, ByteBuffer.wrap(key.publicKey()))
            .setByteBuffer(i++, ByteBuffer.wrap(key.privateKey().toBytes()))
            .setString(i++, StoredInstant.format(key.createdAt()))
            .setString(i++, key.activatedAt().map(StoredInstant::format).orElse(null))
            .setString(i++, key.retiringAt().map(StoredInstant::format).orElse(null))
            .setString(i, key.retiredAt().map(StoredInstant::format).orElse(null));
    }

    private static DkimKey key(Row row) {
        return DkimKey.builder()
            .domain(DomainName.of(row.getString("domain")))
            .selector(DkimSelector.of(row.getString("selector")))
            .algorithm(DkimAlgorithm.valueOf(row.getString("algorithm")))
            .state(DkimKeyState.valueOf(row.getString("state")))
            .publicKey(bytes(row.getByteBuffer("public_key")))
            .privateKey(SealedPrivateKey.fromBytes(bytes(row.getByteBuffer("sealed_private_key"))))
            .createdAt(StoredInstant.parse(row.getString("created_at")))
            .activatedAt(instant(row, "activated_at"))
            .retiringAt(instant(row, "retiring_at"))
            .retiredAt(instant(row, "retired_at"))
            .build();
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }

    private static Optional<Instant> instant(Row row, String column) {
        return Optional.ofNullable(row.getString(column)).map(StoredInstant::parse);
    }
}
