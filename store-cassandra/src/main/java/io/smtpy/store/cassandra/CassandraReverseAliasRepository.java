package io.smtpy.store.cassandra;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import javax.mail.internet.AddressException;

import org.apache.james.core.MailAddress;

import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
import com.datastax.oss.driver.api.core.cql.ResultSet;
import com.datastax.oss.driver.api.core.cql.Row;

import io.smtpy.access.AccessId;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.LocalPart;
import io.smtpy.sending.reverse.ReplySettings;
import io.smtpy.sending.reverse.ReverseAlias;
import io.smtpy.sending.reverse.ReverseAliasRepository;
import io.smtpy.sending.reverse.ReverseAliasToken;
import io.smtpy.store.embedded.StoredInstant;

/**
 * Reverse aliases and the {@code replyThroughAlias} settings, each read by its partition key:
 * <ul>
 * <li>{@code reverse_aliases} (key {@code domain, alias, original_key}, the original sender lowered): the reverse
 * alias. Keyed by what makes one unique, so that {@link #addOrGet} is one {@code IF NOT EXISTS}: of two copies making
 * the same one at once, one wins and the other is handed the winner's row by Cassandra. Every write of it is
 * conditional, so its state ({@code enabled}, {@code last_used_at}) lives only here.</li>
 * <li>{@code reverse_aliases_by_token} (key {@code reply_token}: {@code token} is a CQL keyword), {@code reverse_aliases_by_id} (key {@code domain, id}) and
 * {@code reverse_aliases_by_domain} (partition {@code domain}, clustering {@code created_at, id}, the port's order):
 * where the first table's row is, written together in a logged batch after the reverse alias exists. They never change,
 * and every read through them checks that the reverse alias is still the one they name, so one left behind by a node
 * dying mid-removal leads nowhere. A token is 100 random bits, so it is not claimed conditionally.</li>
 * <li>{@code reply_settings} (partition {@code domain}, clustering {@code alias}, {@code ''} for the domain's own):
 * the settings.</li>
 * </ul>
 * An incoming {@code ra+<token>} recipient costs two reads: the token's row, then the reverse alias.
 */
public final class CassandraReverseAliasRepository implements ReverseAliasRepository {
    public static final TableSet TABLES = TableSet.of("reverse_aliases")
        .migration(
            "CREATE TABLE IF NOT EXISTS reverse_aliases (domain text, alias text, original_key text, id text, original text,"
                + " original_name text, reply_token text, enabled boolean, created_at text, last_used_at text,"
                + " PRIMARY KEY ((domain, alias, original_key)))",
            "CREATE TABLE IF NOT EXISTS reverse_aliases_by_token (reply_token text PRIMARY KEY, domain text, alias text,"
                + " original_key text)",
            "CREATE TABLE IF NOT EXISTS reverse_aliases_by_id (domain text, id text, alias text, original_key text,"
                + " PRIMARY KEY ((domain, id)))",
            "CREATE TABLE IF NOT EXISTS reverse_aliases_by_domain (domain text, created_at text, id text, alias text,"
                + " original_key text, PRIMARY KEY (domain, created_at, id))",
            "CREATE TABLE IF NOT EXISTS reply_settings (domain text, alias text, reply_through_alias boolean,"
                + " PRIMARY KEY (domain, alias))")
        .build();

    private static final String COLUMNS = "domain, alias, original_key, id, original, original_name, reply_token, enabled,"
        + " created_at, last_used_at";
    private static final String KEY = "domain = ? AND alias = ? AND original_key = ?";

    private final CassandraStore store;

    public CassandraReverseAliasRepository(CassandraStore store) {
        this.store = store;
    }

    @Override
    public ReverseAlias addOrGet(ReverseAlias candidate) {
        ResultSet insert = store.execute(store.prepare("INSERT INTO reverse_aliases (" + COLUMNS
            + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) IF NOT EXISTS").bind(candidate.domain().asString(),
            candidate.alias().asString(), key(candidate.original()), candidate.id().asString(), candidate.original().asString(),
            candidate.originalName(), candidate.token().asString(), candidate.enabled(),
            StoredInstant.format(candidate.createdAt()), candidate.lastUsedAt().map(StoredInstant::format).orElse(null)),
            "adding reverse alias " + candidate.id());
        // Not applied: Cassandra answers with the row that was there, the one to give back.
        ReverseAlias stored = insert.wasApplied() ? candidate : reverseAlias(insert.one());
        // Written again by whoever finds the reverse alias already there: the same values, so harmless, and they mend
        // what a node dying between the two writes left undone.
        BatchStatement where = BatchStatement.newInstance(DefaultBatchType.LOGGED,
            store.prepare("INSERT INTO reverse_aliases_by_token (reply_token, domain, alias, original_key) VALUES (?, ?, ?, ?)")
                .bind(stored.token().asString(), stored.domain().asString(), stored.alias().asString(), key(stored.original())),
            store.prepare("INSERT INTO reverse_aliases_by_id (domain, id, alias, original_key) VALUES (?, ?, ?, ?)")
                .bind(stored.domain().asString(), stored.id().asString(), stored.alias().asString(), key(stored.original())),
            store.prepare("INSERT INTO reverse_aliases_by_domain (domain, created_at, id, alias, original_key) VALUES (?, ?, ?, ?, ?)")
                .bind(stored.domain().asString(), StoredInstant.format(stored.createdAt()), stored.id().asString(),
                    stored.alias().asString(), key(stored.original())));
        store.executeLogged(where, "indexing reverse alias " + stored.id());
        return stored;
    }

    @Override
    public Optional<ReverseAlias> find(DomainName domain, AccessId id) {
        Row where = store.execute(store.prepare("SELECT alias, original_key FROM reverse_aliases_by_id WHERE domain = ? AND id = ?")
            .bind(domain.asString(), id.asString()), "finding reverse alias " + id).one();
        return Optional.ofNullable(where)
            .flatMap(found -> byKey(domain.asString(), found.getString("alias"), found.getString("original_key")))
            .filter(reverse -> reverse.id().equals(id));
    }

    @Override
    public Optional<ReverseAlias> findByToken(ReverseAliasToken token) {
        Row where = store.execute(store.prepare("SELECT domain, alias, original_key FROM reverse_aliases_by_token WHERE reply_token = ?")
            .bind(token.asString()), "finding a reverse alias by its token").one();
        return Optional.ofNullable(where)
            .flatMap(found -> byKey(found.getString("domain"), found.getString("alias"), found.getString("original_key")))
            .filter(reverse -> reverse.token().equals(token));
    }

    @Override
    public Optional<ReverseAlias> find(DomainName domain, LocalPart alias, MailAddress original) {
        return byKey(domain.asString(), alias.asString(), key(original));
    }

    @Override
    public List<ReverseAlias> list(DomainName domain, Optional<LocalPart> alias, int limit, int offset) {
        List<ReverseAlias> page = new ArrayList<>();
        int skipped = 0;
        for (Row row : store.execute(store.prepare("SELECT id, alias, original_key FROM reverse_aliases_by_domain WHERE domain = ?")
            .bind(domain.asString()), "listing the reverse aliases of " + domain)) {
            if (page.size() >= limit) {
                break;
            }
            if (alias.isPresent() && !alias.get().asString().equals(row.getString("alias"))) {
                continue;
            }
            Optional<ReverseAlias> reverse = byKey(domain.asString(), row.getString("alias"), row.getString("original_key"))
                .filter(found -> found.id().asString().equals(row.getString("id")));
            if (reverse.isPresent()) {
                if (skipped < offset) {
                    skipped++;
                } else {
                    page.add(reverse.get());
                }
            }
        }
        return page;
    }

    @Override
    public boolean setEnabled(DomainName domain, AccessId id, boolean enabled) {
        return find(domain, id).map(reverse -> store.applied(store.prepare("UPDATE reverse_aliases SET enabled = ? WHERE " + KEY
            + " IF id = ?").bind(enabled, domain.asString(), reverse.alias().asString(), key(reverse.original()), id.asString()),
            (enabled ? "enabling" : "disabling") + " reverse alias " + id)).orElse(false);
    }

    @Override
    public void used(DomainName domain, AccessId id, Instant at) {
        find(domain, id).ifPresent(reverse -> store.applied(store.prepare("UPDATE reverse_aliases SET last_used_at = ? WHERE "
            + KEY + " IF id = ?").bind(StoredInstant.format(at), domain.asString(), reverse.alias().asString(),
            key(reverse.original()), id.asString()), "recording the use of reverse alias " + id));
    }

    @Override
    public boolean remove(DomainName domain, AccessId id) {
        Optional<ReverseAlias> stored = find(domain, id);
        if (stored.isEmpty()) {
            return false;
        }
        ReverseAlias reverse = stored.get();
        if (!store.applied(store.prepare("DELETE FROM reverse_aliases WHERE " + KEY + " IF id = ?").bind(domain.asString(),
            reverse.alias().asString(), key(reverse.original()), id.asString()), "removing reverse alias " + id)) {
            return false;
        }
        store.executeLogged(BatchStatement.newInstance(DefaultBatchType.LOGGED,
            store.prepare("DELETE FROM reverse_aliases_by_token WHERE reply_token = ?").bind(reverse.token().asString()),
            store.prepare("DELETE FROM reverse_aliases_by_id WHERE domain = ? AND id = ?").bind(domain.asString(), id.asString()),
            store.prepare("DELETE FROM reverse_aliases_by_domain WHERE domain = ? AND created_at = ? AND id = ?")
                .bind(domain.asString(), StoredInstant.format(reverse.createdAt()), id.asString())),
            "unindexing reverse alias " + id);
        return true;
    }

    @Override
    public int removeAll(DomainName domain) {
        List<String> ids = new ArrayList<>();
        for (Row row : store.execute(store.prepare("SELECT id FROM reverse_aliases_by_domain WHERE domain = ?")
            .bind(domain.asString()), "listing the reverse aliases of " + domain)) {
            ids.add(row.getString("id"));
        }
        int removed = 0;
        for (String id : ids) {
            if (remove(domain, AccessId.of(id))) {
                removed++;
            }
        }
        store.execute(store.prepare("DELETE FROM reply_settings WHERE domain = ?").bind(domain.asString()),
            "removing the reply settings of " + domain);
        return removed;
    }

    @Override
    public ReplySettings settings(DomainName domain) {
        boolean domainSetting = false;
        Map<LocalPart, Boolean> aliases = new HashMap<>();
        for (Row row : store.execute(store.prepare("SELECT alias, reply_through_alias FROM reply_settings WHERE domain = ?")
            .bind(domain.asString()), "reading the reply settings of " + domain)) {
            String alias = row.getString("alias");
            if (alias.isEmpty()) {
                domainSetting = row.getBoolean("reply_through_alias");
            } else {
                aliases.put(LocalPart.of(alias), row.getBoolean("reply_through_alias"));
            }
        }
        return new ReplySettings(domainSetting, aliases);
    }

    @Override
    public void setting(DomainName domain, Optional<LocalPart> alias, Optional<Boolean> replyThroughAlias) {
        String key = alias.map(LocalPart::asString).orElse("");
        if (alias.isPresent() && replyThroughAlias.isEmpty()) {
            store.execute(store.prepare("DELETE FROM reply_settings WHERE domain = ? AND alias = ?").bind(domain.asString(), key),
                "clearing the reply setting of " + key + "@" + domain);
            return;
        }
        // The domain's own setting cleared is the default: off.
        store.execute(store.prepare("INSERT INTO reply_settings (domain, alias, reply_through_alias) VALUES (?, ?, ?)")
            .bind(domain.asString(), key, replyThroughAlias.orElse(false)), "setting a reply setting of " + domain);
    }

    private Optional<ReverseAlias> byKey(String domain, String alias, String originalKey) {
        Row row = store.execute(store.prepare("SELECT " + COLUMNS + " FROM reverse_aliases WHERE " + KEY)
            .bind(domain, alias, originalKey), "reading a reverse alias of " + alias + "@" + domain).one();
        return Optional.ofNullable(row).map(CassandraReverseAliasRepository::reverseAlias);
    }

    private static ReverseAlias reverseAlias(Row row) {
        String id = row.getString("id");
        try {
            return new ReverseAlias(AccessId.of(id), DomainName.of(row.getString("domain")), LocalPart.of(row.getString("alias")),
                new MailAddress(row.getString("original")), row.getString("original_name"),
                ReverseAliasToken.of(row.getString("reply_token")), row.getBoolean("enabled"),
                StoredInstant.parse(row.getString("created_at")),
                Optional.ofNullable(row.getString("last_used_at")).map(StoredInstant::parse));
        } catch (AddressException e) {
            throw new CassandraStoreException("stored reverse alias " + id + " has an unreadable original address", e);
        }
    }

    private static String key(MailAddress address) {
        return address.asString().toLowerCase(Locale.ROOT);
    }
}
