package io.smtpy.store.embedded;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import javax.mail.internet.AddressException;

import org.apache.james.core.MailAddress;

import io.smtpy.access.AccessId;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.LocalPart;
import io.smtpy.sending.reverse.ReplySettings;
import io.smtpy.sending.reverse.ReverseAlias;
import io.smtpy.sending.reverse.ReverseAliasRepository;
import io.smtpy.sending.reverse.ReverseAliasToken;

/**
 * Reverse aliases in the table {@code reverse_aliases}, settings in {@code reply_settings} (migration 23). An incoming
 * {@code ra+<token>} recipient is one read of the unique index on the token; the forwarding path finds an alias's reverse
 * alias for a sender through the unique index on (domain, alias, lowered original), which also decides between two copies
 * making the same one at once ({@code ON CONFLICT DO NOTHING}, then the winner is read).
 */
final class EmbeddedReverseAliasRepository implements ReverseAliasRepository {
    private static final String COLUMNS = "id, domain, alias, original, original_name, token, enabled, created_at, last_used_at";

    private final SqliteConnections connections;

    EmbeddedReverseAliasRepository(SqliteConnections connections) {
        this.connections = connections;
    }

    @Override
    public ReverseAlias addOrGet(ReverseAlias candidate) {
        connections.write(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO reverse_aliases (" + COLUMNS
                    + ", original_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
                insert.setString(1, candidate.id().asString());
                insert.setString(2, candidate.domain().asString());
                insert.setString(3, candidate.alias().asString());
                insert.setString(4, candidate.original().asString());
                insert.setString(5, candidate.originalName());
                insert.setString(6, candidate.token().asString());
                insert.setInt(7, candidate.enabled() ? 1 : 0);
                insert.setString(8, StoredInstant.format(candidate.createdAt()));
                insert.setString(9, candidate.lastUsedAt().map(StoredInstant::format).orElse(null));
                insert.setString(10, key(candidate.original()));
                return insert.executeUpdate();
            }
        });
        return find(candidate.domain(), candidate.alias(), candidate.original())
            .orElseThrow(() -> new IllegalStateException("reverse alias " + candidate.id() + " neither stored nor found"));
    }

    @Override
    public Optional<ReverseAlias> find(DomainName domain, AccessId id) {
        return select("WHERE domain = ? AND id = ?", domain.asString(), id.asString()).stream().findFirst();
    }

    @Override
    public Optional<ReverseAlias> findByToken(ReverseAliasToken token) {
        return select("WHERE token = ?", token.asString()).stream().findFirst();
    }

    @Override
    public Optional<ReverseAlias> find(DomainName domain, LocalPart alias, MailAddress original) {
        return select("WHERE domain = ? AND alias = ? AND original_key = ?", domain.asString(), alias.asString(), key(original))
            .stream().findFirst();
    }

    @Override
    public List<ReverseAlias> list(DomainName domain, Optional<LocalPart> alias, int limit, int offset) {
        String limits = " ORDER BY created_at, id LIMIT " + Math.max(0, limit) + " OFFSET " + Math.max(0, offset);
        return alias.isPresent()
            ? select("WHERE domain = ? AND alias = ?" + limits, domain.asString(), alias.get().asString())
            : select("WHERE domain = ?" + limits, domain.asString());
    }

    @Override
    public boolean setEnabled(DomainName domain, AccessId id, boolean enabled) {
        return update("UPDATE reverse_aliases SET enabled = ? WHERE domain = ? AND id = ?", enabled ? "1" : "0",
            domain.asString(), id.asString()) > 0;
    }

    @Override
    public void used(DomainName domain, AccessId id, Instant at) {
        update("UPDATE reverse_aliases SET last_used_at = ? WHERE domain = ? AND id = ?", StoredInstant.format(at),
            domain.asString(), id.asString());
    }

    @Override
    public boolean remove(DomainName domain, AccessId id) {
        return update("DELETE FROM reverse_aliases WHERE domain = ? AND id = ?", domain.asString(), id.asString()) > 0;
    }

    @Override
    public int removeAll(DomainName domain) {
        update("DELETE FROM reply_settings WHERE domain = ?", domain.asString());
        return update("DELETE FROM reverse_aliases WHERE domain = ?", domain.asString());
    }

    @Override
    public ReplySettings settings(DomainName domain) {
        return connections.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT alias, reply_through_alias FROM reply_settings WHERE domain = ?")) {
                select.setString(1, domain.asString());
                try (ResultSet rows = select.executeQuery()) {
                    boolean domainSetting = false;
                    Map<LocalPart, Boolean> aliases = new HashMap<>();
                    while (rows.next()) {
                        boolean value = rows.getInt("reply_through_alias") == 1;
                        String alias = rows.getString("alias");
                        if (alias.isEmpty()) {
                            domainSetting = value;
                        } else {
                            aliases.put(LocalPart.of(alias), value);
                        }
                    }
                    return new ReplySettings(domainSetting, aliases);
                }
            }
        });
    }

    @Override
    public void setting(DomainName domain, Optional<LocalPart> alias, Optional<Boolean> replyThroughAlias) {
        String key = alias.map(LocalPart::asString).orElse("");
        if (alias.isPresent() && replyThroughAlias.isEmpty()) {
            update("DELETE FROM reply_settings WHERE domain = ? AND alias = ?", domain.asString(), key);
            return;
        }
        update("INSERT INTO reply_settings (domain, alias, reply_through_alias) VALUES (?, ?, ?)"
            + " ON CONFLICT (domain, alias) DO UPDATE SET reply_through_alias = excluded.reply_through_alias",
            domain.asString(), key, replyThroughAlias.orElse(false) ? "1" : "0");
    }

    private int update(String sql, String... parameters) {
        return connections.write(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                for (int i = 0; i < parameters.length; i++) {
                    statement.setString(i + 1, parameters[i]);
                }
                return statement.executeUpdate();
            }
        });
    }

    private List<ReverseAlias> select(String where, String... parameters) {
        return connections.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS + " FROM reverse_aliases " + where)) {
                for (int i = 0; i < parameters.length; i++) {
                    select.setString(i + 1, parameters[i]);
                }
                try (ResultSet rows = select.executeQuery()) {
                    List<ReverseAlias> found = new ArrayList<>();
                    while (rows.next()) {
                        found.add(reverseAlias(rows));
                    }
                    return found;
                }
            }
        });
    }

    private static ReverseAlias reverseAlias(ResultSet row) throws SQLException {
        try {
            return new ReverseAlias(AccessId.of(row.getString("id")), DomainName.of(row.getString("domain")),
                LocalPart.of(row.getString("alias")), new MailAddress(row.getString("original")), row.getString("original_name"),
                ReverseAliasToken.of(row.getString("token")), row.getInt("enabled") == 1,
                StoredInstant.parse(row.getString("created_at")),
                Optional.ofNullable(row.getString("last_used_at")).map(StoredInstant::parse));
        } catch (AddressException e) {
            throw new SQLException("stored reverse alias " + row.getString("id") + " has an unreadable original address", e);
        }
    }

    private static String key(MailAddress address) {
        return address.asString().toLowerCase(Locale.ROOT);
    }
}
