package io.smtpy.store.embedded;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.smtpy.access.AccessId;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.LocalPart;
import io.smtpy.core.store.AlreadyExistsException;
import io.smtpy.sending.SendAs;
import io.smtpy.sending.SmtpCredential;
import io.smtpy.sending.SmtpCredentialRepository;

/**
 * SMTP credentials in the table {@code smtp_credentials} (migration 21), one row each. The submission server's
 * {@link #findByUsername} (once per AUTH) goes through the unique index on the lowered user name, which also decides
 * between two owners asking for one name at once; listing a domain's credentials is a range of
 * {@code smtp_credentials_by_domain}, in the port's order.
 */
final class EmbeddedSmtpCredentialRepository implements SmtpCredentialRepository {
    private static final String COLUMNS = "id, domain, alias, username, secret_hash, send_as, hold, description, created_at";

    private final SqliteConnections connections;

    EmbeddedSmtpCredentialRepository(SqliteConnections connections) {
        this.connections = connections;
    }

    @Override
    public void add(SmtpCredential credential) {
        // DO NOTHING without a target covers both unique keys, the id and the lowered user name.
        int inserted = connections.write(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO smtp_credentials (" + COLUMNS + ")"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
                insert.setString(1, credential.id().asString());
                insert.setString(2, credential.domain().asString());
                insert.setString(3, credential.alias().map(LocalPart::asString).orElse(null));
                insert.setString(4, credential.username());
                insert.setString(5, credential.secretHash());
                insert.setString(6, JsonColumns.stringsJson(credential.sendAs().entries()));
                insert.setInt(7, credential.hold() ? 1 : 0);
                insert.setString(8, credential.description());
                insert.setString(9, StoredInstant.format(credential.createdAt()));
                return insert.executeUpdate();
            }
        });
        if (inserted == 0) {
            throw new AlreadyExistsException("SMTP credential " + credential.id() + " or the user name "
                + credential.username() + " already exists");
        }
    }

    @Override
    public Optional<SmtpCredential> find(DomainName domain, AccessId id) {
        return select("WHERE domain = ? AND id = ?", domain.asString(), id.asString()).stream().findFirst();
    }

    @Override
    public Optional<SmtpCredential> findByUsername(String username) {
        // lower(username) is the indexed expression; the value is lowered by Java as it was when written.
        return select("WHERE lower(username) = ?", SmtpCredential.normalizeUsername(username)).stream().findFirst();
    }

    @Override
    public List<SmtpCredential> list(DomainName domain) {
        return select("WHERE domain = ? ORDER BY created_at, id", domain.asString());
    }

    @Override
    public boolean update(SmtpCredential credential) {
        int updated = connections.write(connection -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE smtp_credentials"
                    + " SET secret_hash = ?, send_as = ?, hold = ?, description = ?"
                    + " WHERE domain = ? AND id = ? AND username = ?")) {
                update.setString(1, credential.secretHash());
                update.setString(2, JsonColumns.stringsJson(credential.sendAs().entries()));
                update.setInt(3, credential.hold() ? 1 : 0);
                update.setString(4, credential.description());
                update.setString(5, credential.domain().asString());
                update.setString(6, credential.id().asString());
                update.setString(7, credential.username());
                return update.executeUpdate();
            }
        });
        return updated > 0;
    }

    @Override
    public boolean remove(DomainName domain, AccessId id) {
        return delete("DELETE FROM smtp_credentials WHERE domain = ? AND id = ?", domain.asString(), id.asString()) > 0;
    }

    @Override
    public int removeAll(DomainName domain) {
        return delete("DELETE FROM smtp_credentials WHERE domain = ?", domain.asString());
    }

    private int delete(String sql, String... parameters) {
        return connections.write(connection -> {
            try (PreparedStatement delete = connection.prepareStatement(sql)) {
                for (int i = 0; i < parameters.length; i++) {
                    delete.setString(i + 1, parameters[i]);
                }
                return delete.executeUpdate();
            }
        });
    }

    private List<SmtpCredential> select(String where, String... parameters) {
        return connections.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS + " FROM smtp_credentials " + where)) {
                for (int i = 0; i < parameters.length; i++) {
                    select.setString(i + 1, parameters[i]);
                }
                try (ResultSet rows = select.executeQuery()) {
                    List<SmtpCredential> credentials = new ArrayList<>();
                    while (rows.next()) {
                        credentials.add(credential(rows));
                    }
                    return credentials;
                }
            }
        });
    }

    private static SmtpCredential credential(ResultSet row) throws SQLException {
        DomainName domain = DomainName.of(row.getString("domain"));
        return new SmtpCredential(AccessId.of(row.getString("id")), domain,
            Optional.ofNullable(row.getString("alias")).map(LocalPart::of), row.getString("username"),
            row.getString("secret_hash"), SendAs.of(domain, JsonColumns.strings(row.getString("send_as"))),
            row.getInt("hold") == 1, row.getString("description"), StoredInstant.parse(row.getString("created_at")));
    }
}
