package io.smtpy.store.cassandra;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.Row;

import io.smtpy.access.AccessId;
import io.smtpy.access.ApiKey;
import io.smtpy.access.Permission;
import io.smtpy.access.store.ApiKeyRepository;
import io.smtpy.core.model.Cidr;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.store.AlreadyExistsException;
import io.smtpy.core.store.NotFoundException;
import io.smtpy.store.embedded.JsonColumns;
import io.smtpy.store.embedded.StoredInstant;

/**
 * API keys, revoked ones included, in two tables; only the secret's hash is stored.
 * <ul>
 * <li>{@code api_keys}, key {@code id}: the keys, permissions, domains and allowed networks as the JSON arrays the
 * embedded store keeps. Written by conditional writes only: creation {@code IF NOT EXISTS}, and each of the
 * field-by-field changes the port asks for conditioned on the key existing and, for revocation and a new secret, on
 * it not being revoked ({@code IF revoked_at = null AND account != null}: {@code revoked_at = null} alone holds for a
 * missing row, and would create one). A last use racing a revocation writes other columns, so it cannot undo it.</li>
 * <li>{@code api_keys_by_account}, partition {@code account}, clustering {@code (created_at, id)}: which keys an
 * account has, oldest first. It holds keys only and is written before the key, so a key is never unlisted; a row
 * left by a refused or failed write names a key that is missing or belongs elsewhere, and is skipped.</li>
 * </ul>
 * Keys get no TTL although they may expire: an expired key stays listed, as a revoked one does, for the audit trail.
 */
public final class CassandraApiKeyRepository implements ApiKeyRepository {
    public static final TableSet TABLES = TableSet.of("api_keys")
        .migration(
            "CREATE TABLE IF NOT EXISTS api_keys (id text PRIMARY KEY, account text, name text, secret_hash text,"
                + " permissions text, domains text, expires_at text, allowed_ips text, created_by text, created_at text,"
                + " last_used_at text, last_used_from text, revoked_at text)",
            "CREATE TABLE IF NOT EXISTS api_keys_by_account (account text, created_at text, id text,"
                + " PRIMARY KEY (account, created_at, id))")
        .build();

    private static final String VALUE_COLUMNS = "account, name, secret_hash, permissions, domains, expires_at,"
        + " allowed_ips, created_by, created_at, last_used_at, last_used_from, revoked_at";
    private static final int VALUE_COUNT = VALUE_COLUMNS.split(",").length;
    private static final String NOT_REVOKED = " IF revoked_at = null AND account != null";

    private final CassandraStore store;

    public CassandraApiKeyRepository(CassandraStore store) {
        this.store = store;
    }

    @Override
    public void create(ApiKey key) {
        index(key);
        BoundStatement insert = bindValues(store.prepare("INSERT INTO api_keys (id, " + VALUE_COLUMNS + ") VALUES (?"
            + ", ?".repeat(VALUE_COUNT) + ") IF NOT EXISTS").bind(), 1, key).setString(0, key.id().asString());
        if (!store.applied(insert, "creating key " + key.id())) {
            get(key.id()).filter(existing -> !listedAlike(existing, key)).ifPresent(existing -> unindex(key));
            throw new AlreadyExistsException("key " + key.id() + " already exists");
        }
    }

    @Override
    public Optional<ApiKey> get(AccessId id) {
        Row row = store.execute(store.prepare("SELECT id, " + VALUE_COLUMNS + " FROM api_keys WHERE id = ?")
            .bind(id.asString()), "reading key " + id).one();
        return Optional.ofNullable(row).map(CassandraApiKeyRepository::key);
    }

    @Override
    public List<ApiKey> ofAccount(AccessId account) {
        List<ApiKey> keys = new ArrayList<>();
        for (Row row : store.execute(store.prepare("SELECT created_at, id FROM api_keys_by_account WHERE account = ?")
            .bind(account.asString()), "listing the keys of " + account)) {
            get(AccessId.of(row.getString("id")))
                .filter(key -> key.account().equals(account)
                    && StoredInstant.format(key.createdAt()).equals(row.getString("created_at")))
                .ifPresent(keys::add);
        }
        return keys;
    }

    @Override
    public void update(ApiKey key) {
        Optional<ApiKey> before = get(key.id());
        if (before.isEmpty()) {
            throw new NotFoundException("key " + key.id() + " does not exist");
        }
        boolean moves = !listedAlike(before.get(), key);
        if (moves) {
            index(key);
        }
        StringBuilder assignments = new StringBuilder();
        for (String column : VALUE_COLUMNS.split(",")) {
            assignments.append(assignments.length() == 0 ? "" : ", ").append(column.trim()).append(" = ?");
        }
        BoundStatement update = bindValues(store.prepare("UPDATE api_keys SET " + assignments + " WHERE id = ? IF EXISTS")
            .bind(), 0, key).setString(VALUE_COUNT, key.id().asString());
        if (!store.applied(update, "updating key " + key.id())) {
            if (moves) {
                unindex(key);
            }
            throw new NotFoundException("key " + key.id() + " does not exist");
        }
        if (moves) {
            unindex(before.get());
        }
    }

    @Override
    public void recordUse(AccessId id, Instant at, String from) {
        store.applied(store.prepare("UPDATE api_keys SET last_used_at = ?, last_used_from = ? WHERE id = ? IF EXISTS")
            .bind(StoredInstant.format(at), from, id.asString()), "recording a use of key " + id);
    }

    @Override
    public boolean revoke(AccessId id, Instant at) {
        return store.applied(store.prepare("UPDATE api_keys SET revoked_at = ? WHERE id = ?" + NOT_REVOKED)
            .bind(StoredInstant.format(at), id.asString()), "revoking key " + id);
    }

    @Override
    public boolean replaceSecret(AccessId id, String secretHash) {
        return store.applied(store.prepare("UPDATE api_keys SET secret_hash = ? WHERE id = ?" + NOT_REVOKED)
            .bind(secretHash, id.asString()), "replacing the secret of key " + id);
    }

    /** Do both keys have the same row in {@code api_keys_by_account}? */
    private static boolean listedAlike(ApiKey one, ApiKey other) {
        return one.account().equals(other.account()) && one.createdAt().equals(other.createdAt());
    }

    private void index(ApiKey key) {
        store.execute(store.prepare("INSERT INTO api_keys_by_account (account, created_at, id) VALUES (?, ?, ?)")
            .bind(key.account().asString(), StoredInstant.format(key.createdAt()), key.id().asString()),
            "listing key " + key.id());
    }

    private void unindex(ApiKey key) {
        store.execute(store.prepare("DELETE FROM api_keys_by_account WHERE account = ? AND created_at = ? AND id = ?")
            .bind(key.account().asString(), StoredInstant.format(key.createdAt()), key.id().asString()),
            "unlisting key " + key.id());
    }

    /** Binds the value columns in their order from index {@code first}. */
    private static BoundStatement bindValues(BoundStatement statement, int first, ApiKey key) {
        int i = first;
        return statement
            .setString(i++, key.account().asString())
            .setString(i++, key.name())
            .setString(i++, key.secretHash())
            .setString(i++, JsonColumns.stringsJson(key.permissions().stream().map(Permission::value).collect(Collectors.toList())))
            .setString(i++, JsonColumns.stringsJson(key.domains().stream().map(DomainName::asString).collect(Collectors.toList())))
            .setString(i++, key.expiresAt().map(StoredInstant::format).orElse(null))
            .setString(i++, JsonColumns.stringsJson(key.allowedIps().stream().map(Cidr::asString).collect(Collectors.toList())))
            .setString(i++, key.createdBy())
            .setString(i++, StoredInstant.format(key.createdAt()))
            .setString(i++, key.lastUsedAt().map(StoredInstant::format).orElse(null))
            .setString(i++, key.lastUsedFrom().orElse(null))
            .setString(i, key.revokedAt().map(StoredInstant::format).orElse(null));
    }

    private static ApiKey key(Row row) {
        Set<Permission> permissions = EnumSet.noneOf(Permission.class);
        JsonColumns.strings(row.getString("permissions")).forEach(value -> permissions.add(Permission.parse(value, "permissions")));
        Set<DomainName> domains = new TreeSet<>();
        JsonColumns.strings(row.getString("domains")).forEach(name -> domains.add(DomainName.of(name)));
        List<Cidr> allowedIps = JsonColumns.strings(row.getString("allowed_ips")).stream()
            .map(cidr -> Cidr.parse(cidr, "allowedIps"))
            .collect(Collectors.toList());
        return new ApiKey(AccessId.of(row.getString("id")), AccessId.of(row.getString("account")), row.getString("name"),
            row.getString("secret_hash"), permissions, domains, instant(row, "expires_at"), allowedIps,
            row.getString("created_by"), StoredInstant.parse(row.getString("created_at")), instant(row, "last_used_at"),
            Optional.ofNullable(row.getString("last_used_from")), instant(row, "revoked_at"));
    }

    private static Optional<Instant> instant(Row row, String column) {
        return Optional.ofNullable(row.getString(column)).map(StoredInstant::parse);
    }
}
