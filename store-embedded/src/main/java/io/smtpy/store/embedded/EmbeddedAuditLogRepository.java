package io.smtpy.store.embedded;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import io.smtpy.access.AccessId;
import io.smtpy.access.AuditEntry;
import io.smtpy.access.AuditRecord;
import io.smtpy.access.store.AuditLogRepository;
import io.smtpy.access.store.AuditQuery;

/**
 * The audit log in the {@code audit_log} table, one hash chain per account, with each chain's last sequence and hash
 * in {@code audit_chain_heads}. The head is kept apart from the entries so that a retention purge, even of every
 * entry, does not restart the numbering or the chain.
 *
 * <p>An append reads the account's head and writes the entry and the new head in one write transaction; the store's
 * single writer serialises them, so concurrent appends to one account make one gap-free chain.
 */
final class EmbeddedAuditLogRepository implements AuditLogRepository {
    private static final String COLUMNS = "account, sequence, at, actor, on_behalf_of, action, target, before, after,"
        + " request_id, source, user_agent, outcome, previous_hash, hash";

    private final SqliteConnections connections;

    EmbeddedAuditLogRepository(SqliteConnections connections) {
        this.connections = connections;
    }

    @Override
    public AuditEntry append(AuditRecord record) {
        return connections.write(connection -> {
            AuditEntry entry;
            try (PreparedStatement head = connection.prepareStatement(
                    "SELECT sequence, hash FROM audit_chain_heads WHERE account = ?")) {
                head.setString(1, record.account().asString());
                try (ResultSet row = head.executeQuery()) {
                    entry = row.next()
                        ? record.chained(row.getLong("sequence") + 1, row.getString("hash"))
                        : record.chained(1, GENESIS);
                }
            }
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO audit_log (" + COLUMNS + ")"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, entry.account().asString());
                insert.setLong(2, entry.sequence());
                insert.setString(3, StoredInstant.format(entry.at()));
                insert.setString(4, entry.actor());
                insert.setString(5, entry.onBehalfOf().orElse(null));
                insert.setString(6, entry.action());
                insert.setString(7, entry.target());
                insert.setString(8, entry.before().orElse(null));
                insert.setString(9, entry.after().orElse(null));
                insert.setString(10, entry.requestId());
                insert.setString(11, entry.source());
                insert.setString(12, entry.userAgent());
                insert.setString(13, entry.outcome());
                insert.setString(14, entry.previousHash());
                insert.setString(15, entry.hash());
                insert.executeUpdate();
            }
            try (PreparedStatement head = connection.prepareStatement("INSERT INTO audit_chain_heads (account, sequence, hash)"
                    + " VALUES (?, ?, ?) ON CONFLICT (account) DO UPDATE SET sequence = excluded.sequence, hash = excluded.hash")) {
                head.setString(1, entry.account().asString());
                head.setLong(2, entry.sequence());
                head.setString(3, entry.hash());
                head.executeUpdate();
            }
            return entry;
        });
    }

    @Override
    public List<AuditEntry> list(AuditQuery query) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM audit_log WHERE account = ?");
        List<Object> parameters = new ArrayList<>();
        parameters.add(query.account().asString());
        filter(sql, parameters, "sequence < ?", query.before());
        filter(sql, parameters, "actor = ?", query.actor());
        filter(sql, parameters, "action = ?", query.action());
        filter(sql, parameters, "target = ?", query.target());
        filter(sql, parameters, "at >= ?", query.from().map(StoredInstant::format));
        filter(sql, parameters, "at < ?", query.to().map(StoredInstant::format));
        // Newest first is a backward scan of the (account, sequence) key, the filters applied on the way.
        sql.append(" ORDER BY sequence DESC LIMIT ?");
        parameters.add(Math.max(0, query.limit()));
        return connections.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(sql.toString())) {
                for (int i = 0; i < parameters.size(); i++) {
                    select.setObject(i + 1, parameters.get(i));
                }
                try (ResultSet rows = select.executeQuery()) {
                    List<AuditEntry> page = new ArrayList<>();
                    while (rows.next()) {
                        page.add(entry(rows));
                    }
                    return page;
                }
            }
        });
    }

    private static void filter(StringBuilder sql, List<Object> parameters, String condition, Optional<?> value) {
        value.ifPresent(present -> {
            sql.append(" AND ").append(condition);
            parameters.add(present);
        });
    }

    /**
     * Streams the rows of one read transaction, so the consumer sees one consistent chain (a purge or an append
     * meanwhile does not cut it). It holds one of the store's readers until the consumer has seen the last entry:
     * a consumer that writes somewhere slow (an HTTP export) should buffer rather than block.
     */
    @Override
    public void forEach(AccessId account, Consumer<AuditEntry> consumer) {
        connections.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT " + COLUMNS + " FROM audit_log WHERE account = ? ORDER BY sequence")) {
                select.setString(1, account.asString());
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        consumer.accept(entry(rows));
                    }
                }
            }
            return null;
        });
    }

    @Override
    public Optional<String> lastHash(AccessId account) {
        return connections.read(connection -> {
            try (PreparedStatement head = connection.prepareStatement("SELECT hash FROM audit_chain_heads WHERE account = ?")) {
                head.setString(1, account.asString());
                try (ResultSet row = head.executeQuery()) {
                    return row.next() ? Optional.of(row.getString("hash")) : Optional.<String>empty();
                }
            }
        });
    }

    @Override
    public int purgeBefore(AccessId account, Instant cutoff) {
        return connections.write(connection -> {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM audit_log WHERE account = ? AND at < ?")) {
                delete.setString(1, account.asString());
                delete.setString(2, StoredInstant.format(cutoff));
                return delete.executeUpdate();
            }
        });
    }

    private static AuditEntry entry(ResultSet row) throws SQLException {
        AuditRecord record = new AuditRecord(AccessId.of(row.getString("account")),
            StoredInstant.parse(row.getString("at")), row.getString("actor"), Optional.ofNullable(row.getString("on_behalf_of")),
            row.getString("action"), row.getString("target"), Optional.ofNullable(row.getString("before")),
            Optional.ofNullable(row.getString("after")), row.getString("request_id"), row.getString("source"),
            row.getString("user_agent"), row.getString("outcome"));
        return new AuditEntry(record, row.getLong("sequence"), row.getString("previous_hash"), row.getString("hash"));
    }
}
