package io.smtpy.store.embedded;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.smtpy.access.AccessId;
import io.smtpy.access.Account;
import io.smtpy.access.store.AccountRepository;
import io.smtpy.core.store.AlreadyExistsException;
import io.smtpy.core.store.NotFoundException;

/** Accounts in the {@code accounts} table; the audit retention as an ISO-8601 duration. */
final class EmbeddedAccountRepository implements AccountRepository {
    private static final String COLUMNS = "id, name, created_at, audit_retention";
    private static final String PLACEHOLDERS = "?, ?, ?, ?";

    private final SqliteConnections connections;

    EmbeddedAccountRepository(SqliteConnections connections) {
        this.connections = connections;
    }

    @Override
    public void create(Account account) {
        int inserted = connections.write(connection -> execute(connection,
            "INSERT INTO accounts (" + COLUMNS + ") VALUES (" + PLACEHOLDERS + ") ON CONFLICT (id) DO NOTHING", account));
        if (inserted == 0) {
            throw new AlreadyExistsException("account " + account.id() + " already exists");
        }
    }

    @Override
    public Optional<Account> get(AccessId id) {
        return connections.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS + " FROM accounts WHERE id = ?")) {
                select.setString(1, id.asString());
                try (ResultSet row = select.executeQuery()) {
                    return row.next() ? Optional.of(account(row)) : Optional.<Account>empty();
                }
            }
        });
    }

    @Override
    public List<Account> list() {
        return connections.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS + " FROM accounts ORDER BY id");
                 ResultSet rows = select.executeQuery()) {
                List<Account> accounts = new ArrayList<>();
                while (rows.next()) {
                    accounts.add(account(rows));
                }
                return accounts;
            }
        });
    }

    @Override
    public void update(Account account) {
        // ?1 in the WHERE clause is the first parameter, the id.
        int updated = connections.write(connection -> execute(connection,
            "UPDATE accounts SET (" + COLUMNS + ") = (" + PLACEHOLDERS + ") WHERE id = ?1", account));
        if (updated == 0) {
            throw new NotFoundException("account " + account.id() + " does not exist");
        }
    }

    @Override
    public boolean delete(AccessId id) {
        return connections.write(connection -> {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM accounts WHERE id = ?")) {
                delete.setString(1, id.asString());
                return delete.executeUpdate() > 0;
            }
        });
    }

    private static int execute(Connection connection, String sql, Account account) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, account.id().asString());
            statement.setString(2, account.name());
            statement.setString(3, StoredInstant.format(account.createdAt()));
            statement.setString(4, account.auditRetention().toString());
            return statement.executeUpdate();
        }
    }

    private static Account account(ResultSet row) throws SQLException {
        return new Account(AccessId.of(row.getString("id")), row.getString("name"),
            StoredInstant.parse(row.getString("created_at")), Duration.parse(row.getString("audit_retention")));
    }
}
