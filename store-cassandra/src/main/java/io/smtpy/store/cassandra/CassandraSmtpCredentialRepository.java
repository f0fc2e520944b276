package io.smtpy.store.cassandra;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.datastax.oss.driver.api.core.cql.Row;

import io.smtpy.access.AccessId;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.LocalPart;
import io.smtpy.core.store.AlreadyExistsException;
import io.smtpy.sending.SendAs;
import io.smtpy.sending.SmtpCredential;
import io.smtpy.sending.SmtpCredentialRepository;
import io.smtpy.store.embedded.JsonColumns;
import io.smtpy.store.embedded.StoredInstant;

/**
 * SMTP credentials in three tables, each read by its partition key:
 * <ul>
 * <li>{@code smtp_credentials} (key {@code id}): the credential. Ids are unique across domains, so it is keyed by the id
 * alone and created with {@code IF NOT EXISTS}; every write of it is conditional.</li>
 * <li>{@code smtp_credentials_by_username} (key the lowered user name): which credential holds a name. AUTH names no
 * domain, so a name is taken once across all owners: a conditional insert decides between two owners asking at once,
 * and {@link #findByUsername} (once per AUTH) reads it, then the credential.</li>
 * <li>{@code smtp_credentials_by_domain} (partition {@code domain}, clustering {@code created_at, id}): the domain's
 * credentials in the port's order, for {@link #list} and {@link #removeAll}.</li>
 * </ul>
 * A credential is written before its name is claimed, and its name released before it is deleted, so a name never
 * leads to a missing credential; a node dying in between leaves at worst a credential that does not authenticate
 * (listed, removable), never a name held by nothing.
 */
public final class CassandraSmtpCredentialRepository implements SmtpCredentialRepository {
    public static final TableSet TABLES = TableSet.of("smtp_credentials")
        .migration(
            "CREATE TABLE IF NOT EXISTS smtp_credentials (id text PRIMARY KEY, domain text, alias text, username text,"
                + " secret_hash text, send_as text, hold boolean, description text, created_at text)",
            "CREATE TABLE IF NOT EXISTS smtp_credentials_by_username (username text PRIMARY KEY, id text)",
            "CREATE TABLE IF NOT EXISTS smtp_credentials_by_domain (domain text, created_at text, id text,"
                + " PRIMARY KEY (domain, created_at, id))")
        .build();

    private static final String COLUMNS = "id, domain, alias, username, secret_hash, send_as, hold, description, created_at";

    private final CassandraStore store;

    public CassandraSmtpCredentialRepository(CassandraStore store) {
        this.store = store;
    }

    @Override
    public void add(SmtpCredential credential) {
        String id = credential.id().asString();
        if (!store.applied(store.prepare("INSERT INTO smtp_credentials (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + " IF NOT EXISTS").bind(id, credential.domain().asString(),
                credential.alias().map(LocalPart::asString).orElse(null), credential.username(), credential.secretHash(),
                JsonColumns.stringsJson(credential.sendAs().entries()), credential.hold(), credential.description(),
                StoredInstant.format(credential.createdAt())), "adding SMTP credential " + id)) {
            throw new AlreadyExistsException("SMTP credential " + id + " already exists");
        }
        String createdAt = StoredInstant.format(credential.createdAt());
        store.execute(store.prepare("INSERT INTO smtp_credentials_by_domain (domain, created_at, id) VALUES (?, ?, ?)")
            .bind(credential.domain().asString(), createdAt, id), "listing SMTP credential " + id);
        if (!store.applied(store.prepare("INSERT INTO smtp_credentials_by_username (username, id) VALUES (?, ?) IF NOT EXISTS")
            .bind(credential.username(), id), "claiming the user name of SMTP credential " + id)) {
            delete(credential.domain(), id, createdAt);
            throw new AlreadyExistsException("the user name " + credential.username() + " is taken");
        }
    }

    @Override
    public Optional<SmtpCredential> find(DomainName domain, AccessId id) {
        return byId(id.asString()).filter(credential -> credential.domain().equals(domain));
    }

    @Override
    public Optional<SmtpCredential> findByUsername(String username) {
        String lowered = SmtpCredential.normalizeUsername(username);
        Row claim = store.execute(store.prepare("SELECT id FROM smtp_credentials_by_username WHERE username = ?")
            .bind(lowered), "looking up an SMTP user name").one();
        return Optional.ofNullable(claim)
            .flatMap(found -> byId(found.getString("id")))
            .filter(credential -> credential.username().equals(lowered));
    }

    @Override
    public List<SmtpCredential> list(DomainName domain) {
        List<SmtpCredential> credentials = new ArrayList<>();
        for (String id : ids(domain)) {
            // A row whose credential is gone (a node died while removing it) is passed over.
            byId(id).filter(credential -> credential.domain().equals(domain)).ifPresent(credentials::add);
        }
        return credentials;
    }

    @Override
    public boolean update(SmtpCredential credential) {
        return store.applied(store.prepare("UPDATE smtp_credentials SET secret_hash = ?, send_as = ?, hold = ?, description = ?"
            + " WHERE id = ? IF domain = ? AND username = ?").bind(credential.secretHash(),
            JsonColumns.stringsJson(credential.sendAs().entries()), credential.hold(), credential.description(),
            credential.id().asString(), credential.domain().asString(), credential.username()),
            "updating SMTP credential " + credential.id());
    }

    @Override
    public boolean remove(DomainName domain, AccessId id) {
        Optional<SmtpCredential> stored = find(domain, id);
        if (stored.isEmpty()) {
            return false;
        }
        // The name first: it must never lead to a credential that is gone.
        store.applied(store.prepare("DELETE FROM smtp_credentials_by_username WHERE username = ? IF id = ?")
            .bind(stored.get().username(), id.asString()), "releasing the user name of SMTP credential " + id);
        return delete(domain, id.asString(), StoredInstant.format(stored.get().createdAt()));
    }

    @Override
    public int removeAll(DomainName domain) {
        int removed = 0;
        for (String id : ids(domain)) {
            if (remove(domain, AccessId.of(id))) {
                removed++;
            }
        }
        return removed;
    }

    /** Deletes the credential, then its listing row if the delete was this call's. */
    private boolean delete(DomainName domain, String id, String createdAt) {
        boolean deleted = store.applied(store.prepare("DELETE FROM smtp_credentials WHERE id = ? IF domain = ?")
            .bind(id, domain.asString()), "removing SMTP credential " + id);
        if (deleted) {
            store.execute(store.prepare("DELETE FROM smtp_credentials_by_domain WHERE domain = ? AND created_at = ? AND id = ?")
                .bind(domain.asString(), createdAt, id), "unlisting SMTP credential " + id);
        }
        return deleted;
    }

    private List<String> ids(DomainName domain) {
        List<String> ids = new ArrayList<>();
        for (Row row : store.execute(store.prepare("SELECT id FROM smtp_credentials_by_domain WHERE domain = ?")
            .bind(domain.asString()), "listing the SMTP credentials of " + domain)) {
            ids.add(row.getString("id"));
        }
        return ids;
    }

    private Optional<SmtpCredential> byId(String id) {
        Row row = store.execute(store.prepare("SELECT " + COLUMNS + " FROM smtp_credentials WHERE id = ?").bind(id),
            "reading SMTP credential " + id).one();
        return Optional.ofNullable(row).map(CassandraSmtpCredentialRepository::credential);
    }

    private static SmtpCredential credential(Row row) {
        DomainName domain = DomainName.of(row.getString("domain"));
        return new SmtpCredential(AccessId.of(row.getString("id")), domain,
            Optional.ofNullable(row.getString("alias")).map(LocalPart::of), row.getString("username"),
            row.getString("secret_hash"), SendAs.of(domain, JsonColumns.strings(row.getString("send_as"))),
            row.getBoolean("hold"), row.getString("description"), StoredInstant.parse(row.getString("created_at")));
    }
}
