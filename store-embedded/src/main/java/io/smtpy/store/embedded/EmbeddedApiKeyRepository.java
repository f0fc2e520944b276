package io.smtpy.store.embedded;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import io.smtpy.access.AccessId;
import io.smtpy.access.ApiKey;
import io.smtpy.core.model.Cidr;
import io.smtpy.access.Permission;
import io.smtpy.access.store.ApiKeyRepository;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.store.AlreadyExistsException;
import io.smtpy.core.store.NotFoundException;

/**
 * API keys in the {@code api_keys} table, revoked ones included; permissions, domains and allowed networks as JSON
 * arrays of their text forms. Only the secret's hash is stored.
 */
final class EmbeddedApiKeyRepository implements ApiKeyRepository {
    private static final String COLUMNS = "id, account, name, secret_hash, permissions, domains, expires_at, allowed_ips,"
        + " created_by, created_at, last_used_at, last_used_from, revoked_at";
    private static final String PLACEHOLDERS = "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?";

    private final SqliteConnections connections;

    EmbeddedApiKeyRepository(SqliteConnections connections) {
        this.connections = connections;
    }

    @Override
    public void create(ApiKey key) {
        int inserted = connections.write(connection -> execute(connection,
            "INSERT INTO api_keys (" + COLUMNS + ") VALUES (" + PLACEHOLDERS + ") ON CONFLICT (id) DO NOTHING", key));
        if (inserted == 0) {
            throw new AlreadyExistsException("key " + key.id() + " already exists");
        }
    }

    @Override
    public Optional<ApiKey> get(AccessId id) {
        return keys("id = ?", id).stream().findFirst();
    }

    @Override
    public List<ApiKey> ofAccount(AccessId account) {
        return keys("account = ? ORDER BY created_at, id", account);
    }

    @Override
    public void recordUse(AccessId id, Instant at, String from) {
        change("UPDATE api_keys SET last_used_at = ?, last_used_from = ? WHERE id = ?", StoredInstant.format(at), from, id.asString());
    }

    @Override
    public boolean revoke(AccessId id, Instant at) {
        return change("UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", StoredInstant.format(at), id.asString()) > 0;
    }

    @Override
    public boolean replaceSecret(AccessId id, String secretHash) {
        return change("UPDATE api_keys SET secret_hash = ? WHERE id = ? AND revoked_at IS NULL", secretHash, id.asString()) > 0;
    }

    /** One statement whose parameters are all text, in one write. */
    private int change(String sql, String... parameters) {
        return connections.write(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                for (int i = 0; i < parameters.length; i++) {
                    statement.setString(i + 1, parameters[i]);
                }
                return statement.executeUpdate();
            }
        });
    }

    @Override
    public void update(ApiKey key) {
        // ?1 in the WHERE clause is the first parameter, the id.
        int updated = connections.write(connection -> execute(connection,
            "UPDATE api_keys SET (" + COLUMNS + ") = (" + PLACEHOLDERS + ") WHERE id = ?1", key));
        if (updated == 0) {
            throw new NotFoundException("key " + key.id() + " does not exist");
        }
    }

    private List<ApiKey> keys(String where, AccessId parameter) {
        return connections.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS + " FROM api_keys WHERE " + where)) {
                select.setString(1, parameter.asString());
                try (ResultSet rows = select.executeQuery()) {
                    List<ApiKey> keys = new ArrayList<>();
                    while (rows.next()) {
                        keys.add(key(rows));
                    }
                    return keys;
                }
            }
        });
    }

    private static int execute(Connection connection, String sql, ApiKey key) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, key.id().asString());
            statement.setString(2, key.account().asString());
            statement.setString(3, key.name());
            statement.setString(4, key.secretHash());
            statement.setString(5, JsonColumns.stringsJson(key.permissions().stream().map(Permission::value).collect(Collectors.toList())));
            statement.setString(6, JsonColumns.stringsJson(key.domains().stream().map(DomainName::asString).collect(Collectors.toList())));
            statement.setString(7, key.expiresAt().map(StoredInstant::format).orElse(null));
            statement.setString(8, JsonColumns.stringsJson(key.allowedIps().stream().map(Cidr::asString).collect(Collectors.toList())));
            statement.setString(9, key.createdBy());
            statement.setString(10, StoredInstant.format(key.createdAt()));
            statement.setString(11, key.lastUsedAt().map(StoredInstant::format).orElse(null));
            statement.setString(12, key.lastUsedFrom().orElse(null));
            statement.setString(13, key.revokedAt().map(StoredInstant::format).orElse(null));
            return statement.executeUpdate();
        }
    }

    private static ApiKey key(ResultSet row) throws SQLException {
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

    private static Optional<Instant> instant(ResultSet row, String column) throws SQLException {
        return Optional.ofNullable(row.getString(column)).map(StoredInstant::parse);
    }
}
