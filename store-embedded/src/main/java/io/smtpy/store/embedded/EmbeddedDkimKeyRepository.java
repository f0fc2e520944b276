package io.smtpy.store.embedded;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.smtpy.core.dkim.DkimAlgorithm;
import io.smtpy.core.dkim.DkimKey;
import io.smtpy.core.dkim.DkimKeyRepository;
import io.smtpy.core.dkim.DkimKeyState;
import io.smtpy.core.dkim.DkimSelector;
import io.smtpy.core.dkim.SealedPrivateKey;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.store.AlreadyExistsException;
import io.smtpy.core.store.NotFoundException;

/**
 * DKIM keys in the {@code dkim_keys} table, one row per domain and selector. The private key is stored only in its
 * sealed form ({@link SealedPrivateKey#toBytes()}); opening it needs the master key, which is not in the database.
 */
final class EmbeddedDkimKeyRepository implements DkimKeyRepository {
    private static final String COLUMNS = "domain, selector, algorithm, state, public_key, sealed_private_key,"
        + " created_at, activated_at, retiring_at, retired_at";
    private static final String PLACEHOLDERS = "?, ?, ?, ?, ?, ?, ?, ?, ?, ?";

    private final SqliteConnections connections;

    EmbeddedDkimKeyRepository(SqliteConnections connections) {
        this.connections = connections;
    }

    @Override
    public void create(DkimKey key) {
        int inserted = connections.write(connection -> execute(connection,
            "INSERT INTO dkim_keys (" + COLUMNS + ") VALUES (" + PLACEHOLDERS + ") ON CONFLICT (domain, selector) DO NOTHING",
            key));
        if (inserted == 0) {
            throw new AlreadyExistsException("DKIM key " + key.recordName() + " already exists");
        }
    }

    @Override
    public void update(DkimKey key) {
        // ?1 and ?2 in the WHERE clause are the first two parameters, domain and selector.
        int updated = connections.write(connection -> execute(connection,
            "UPDATE dkim_keys SET (" + COLUMNS + ") = (" + PLACEHOLDERS + ") WHERE domain = ?1 AND selector = ?2", key));
        if (updated == 0) {
            throw new NotFoundException("DKIM key " + key.recordName() + " does not exist");
        }
    }

    @Override
    public List<DkimKey> list(DomainName domain) {
        return connections.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT " + COLUMNS + " FROM dkim_keys WHERE domain = ? ORDER BY created_at, selector")) {
                select.setString(1, domain.asString());
                try (ResultSet rows = select.executeQuery()) {
                    List<DkimKey> keys = new ArrayList<>();
                    while (rows.next()) {
                        keys.add(key(rows));
                    }
                    return keys;
                }
            }
        });
    }

    @Override
    public Optional<DkimKey> find(DomainName domain, DkimSelector selector) {
        return connections.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT " + COLUMNS + " FROM dkim_keys WHERE domain = ? AND selector = ?")) {
                select.setString(1, domain.asString());
                select.setString(2, selector.asString());
                try (ResultSet row = select.executeQuery()) {
                    return row.next() ? Optional.of(key(row)) : Optional.<DkimKey>empty();
                }
            }
        });
    }

    private static int execute(Connection connection, String sql, DkimKey key) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, key.domain().asString());
            statement.setString(2, key.selector().asString());
            statement.setString(3, key.algorithm().name());
            statement.setString(4, key.state().name());
            statement.setBytes(5, key.publicKey());
            statement.setBytes(6, key.privateKey().toBytes());
            statement.setString(7, StoredInstant.format(key.createdAt()));
            statement.setString(8, key.activatedAt().map(StoredInstant::format).orElse(null));
            statement.setString(9, key.retiringAt().map(StoredInstant::format).orElse(null));
            statement.setString(10, key.retiredAt().map(StoredInstant::format).orElse(null));
            return statement.executeUpdate();
        }
    }

    private static DkimKey key(ResultSet row) throws SQLException {
        return DkimKey.builder()
            .domain(DomainName.of(row.getString("domain")))
            .selector(DkimSelector.of(row.getString("selector")))
            .algorithm(DkimAlgorithm.valueOf(row.getString("algorithm")))
            .state(DkimKeyState.valueOf(row.getString("state")))
            .publicKey(row.getBytes("public_key"))
            .privateKey(SealedPrivateKey.fromBytes(row.getBytes("sealed_private_key")))
            .createdAt(StoredInstant.parse(row.getString("created_at")))
            .activatedAt(instant(row, "activated_at"))
            .retiringAt(instant(row, "retiring_at"))
            .retiredAt(instant(row, "retired_at"))
            .build();
    }

    private static Optional<Instant> instant(ResultSet row, String column) throws SQLException {
        return Optional.ofNullable(row.getString(column)).map(StoredInstant::parse);
    }
}
