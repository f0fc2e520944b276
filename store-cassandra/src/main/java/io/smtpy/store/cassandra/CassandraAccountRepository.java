package io.smtpy.store.cassandra;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import com.datastax.oss.driver.api.core.cql.Row;

import io.smtpy.access.AccessId;
import io.smtpy.access.Account;
import io.smtpy.access.store.AccountRepository;
import io.smtpy.core.store.AlreadyExistsException;
import io.smtpy.core.store.NotFoundException;
import io.smtpy.store.embedded.StoredInstant;

/**
 * Accounts in the {@code accounts} table, one partition each. Create, update and delete are conditional writes, so
 * an id is taken once across nodes. {@link #list()} reads the whole table: accounts are few (teams, not people) and
 * the port lists them whole. The audit retention is an ISO-8601 duration, exact whatever its unit, as in the
 * embedded store.
 */
public final class CassandraAccountRepository implements AccountRepository {
    public static final TableSet TABLES = TableSet.of("accounts")
        .migration("CREATE TABLE IF NOT EXISTS accounts ("
            + "id text PRIMARY KEY, name text, created_at text, audit_retention text)")
        .build();

    private static final String COLUMNS = "id, name, created_at, audit_retention";

    private final CassandraStore store;

    public CassandraAccountRepository(CassandraStore store) {
        this.store = store;
    }

    @Override
    public void create(Account account) {
        boolean created = store.applied(store.prepare("INSERT INTO accounts (" + COLUMNS + ") VALUES (?, ?, ?, ?) IF NOT EXISTS")
            .bind(account.id().asString(), account.name(), StoredInstant.format(account.createdAt()),
                account.auditRetention().toString()), "creating account " + account.id());
        if (!created) {
            throw new AlreadyExistsException("account " + account.id() + " already exists");
        }
    }

    @Override
    public Optional<Account> get(AccessId id) {
        Row row = store.execute(store.prepare("SELECT " + COLUMNS + " FROM accounts WHERE id = ?").bind(id.asString()),
            "reading account " + id).one();
        return Optional.ofNullable(row).map(CassandraAccountRepository::account);
    }

    @Override
    public List<Account> list() {
        List<Account> accounts = new ArrayList<>();
        for (Row row : store.execute(store.prepare("SELECT " + COLUMNS + " FROM accounts").bind(), "listing accounts")) {
            accounts.add(account(row));
        }
        accounts.sort(Comparator.comparing(Account::id));
        return accounts;
    }

    @Override
    public void update(Account account) {
        boolean updated = store.applied(store.prepare("UPDATE accounts SET name = ?, created_at = ?, audit_retention = ?"
                + " WHERE id = ? IF EXISTS")
            .bind(account.name(), StoredInstant.format(account.createdAt()), account.auditRetention().toString(),
                account.id().asString()), "updating account " + account.id());
        if (!updated) {
            throw new NotFoundException("account " + account.id() + " does not exist");
        }
    }

    @Override
    public boolean delete(AccessId id) {
        return store.applied(store.prepare("DELETE FROM accounts WHERE id = ? IF EXISTS").bind(id.asString()),
            "deleting account " + id);
    }

    private static Account account(Row row) {
        return new Account(AccessId.of(row.getString("id")), row.getString("name"),
            StoredInstant.parse(row.getString("created_at")), Duration.parse(row.getString("audit_retention")));
    }
}
