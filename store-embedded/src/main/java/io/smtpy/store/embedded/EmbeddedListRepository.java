package io.smtpy.store.embedded;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.smtpy.core.model.DomainName;
import io.smtpy.core.store.AlreadyExistsException;
import io.smtpy.rules.lists.ListAction;
import io.smtpy.rules.lists.ListEntry;
import io.smtpy.rules.lists.ListEntryId;
import io.smtpy.rules.lists.ListHits;
import io.smtpy.rules.lists.ListRepository;
import io.smtpy.rules.lists.ListScope;
import io.smtpy.rules.lists.ListType;
import io.smtpy.rules.lists.ListValue;

/**
 * Block and allow list entries in the {@code list_entries} table: one row per entry, the scope as its
 * {@link ListScope#key()} (and its domain apart, for deleting a domain's lists), the value in its normalised form.
 * The two unique keys (id; scope, type and value) are what refuse duplicates, also between concurrent writers.
 */
final class EmbeddedListRepository implements ListRepository {
    private static final String COLUMNS = "id, scope, type, value, action, note, expires_at, created_at, hits, last_hit_at";

    private final SqliteConnections connections;

    EmbeddedListRepository(SqliteConnections connections) {
        this.connections = connections;
    }

    @Override
    public void add(ListEntry entry) {
        addAll(List.of(entry));
    }

    @Override
    public void addAll(List<ListEntry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        // One transaction: an import of 100,000 entries pays one fsync, and a duplicate rolls all of them back.
        connections.write(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO list_entries (" + COLUMNS
                + ", domain) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
                for (ListEntry entry : entries) {
                    insert.setString(1, entry.id().asString());
                    insert.setString(2, entry.scope().key());
                    insert.setString(3, entry.type().asString());
                    insert.setString(4, entry.value().asString());
                    insert.setString(5, entry.action().map(ListAction::asString).orElse(null));
                    insert.setString(6, entry.note());
                    insert.setString(7, entry.expiresAt().map(StoredInstant::format).orElse(null));
                    insert.setString(8, StoredInstant.format(entry.createdAt()));
                    insert.setLong(9, entry.hits());
                    insert.setString(10, entry.lastHitAt().map(StoredInstant::format).orElse(null));
                    if (entry.scope().domain().isPresent()) {
                        insert.setString(11, entry.scope().domain().get().asString());
                    } else {
                        insert.setNull(11, Types.VARCHAR);
                    }
                    if (insert.executeUpdate() == 0) {
                        throw new AlreadyExistsException(entry.scope().describe() + " already has a " + entry.type().asString()
                            + " entry for '" + entry.value() + "', or entry " + entry.id() + " exists");
                    }
                }
                return null;
            }
        });
    }

    @Override
    public List<ListEntry> list(ListScope scope) {
        return select("SELECT " + COLUMNS + " FROM list_entries WHERE scope = ? ORDER BY seq", scope.key());
    }

    @Override
    public List<ListEntry> all() {
        return select("SELECT " + COLUMNS + " FROM list_entries ORDER BY seq");
    }

    @Override
    public Optional<ListEntry> find(ListScope scope, ListEntryId id) {
        return select("SELECT " + COLUMNS + " FROM list_entries WHERE id = ? AND scope = ?", id.asString(), scope.key())
            .stream().findFirst();
    }

    @Override
    public boolean delete(ListScope scope, ListEntryId id) {
        return update("DELETE FROM list_entries WHERE id = ? AND scope = ?", id.asString(), scope.key()) > 0;
    }

    @Override
    public void deleteDomain(DomainName domain) {
        update("DELETE FROM list_entries WHERE domain = ?", domain.asString());
    }

    @Override
    public void recordHits(List<ListHits> hits) {
        if (hits.isEmpty()) {
            return;
        }
        // Fixed-width instants compare as text in time order, so max() keeps the later hit. One transaction for the
        // whole flush: one fsync, however many entries were hit.
        connections.write(connection -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE list_entries SET hits = hits + ?,"
                + " last_hit_at = max(coalesce(last_hit_at, ''), ?) WHERE id = ? AND scope = ?")) {
                for (ListHits hit : hits) {
                    update.setLong(1, hit.count());
                    update.setString(2, StoredInstant.format(hit.lastHitAt()));
                    update.setString(3, hit.id().asString());
                    update.setString(4, hit.scope().key());
                    update.addBatch();
                }
                update.executeBatch();
                return null;
            }
        });
    }

    private int update(String sql, String... parameters) {
        return connections.write(connection -> {
            try (PreparedStatement update = connection.prepareStatement(sql)) {
                for (int i = 0; i < parameters.length; i++) {
                    update.setString(i + 1, parameters[i]);
                }
                return update.executeUpdate();
            }
        });
    }

    private List<ListEntry> select(String sql, String... parameters) {
        return connections.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(sql)) {
                for (int i = 0; i < parameters.length; i++) {
                    select.setString(i + 1, parameters[i]);
                }
                try (ResultSet rows = select.executeQuery()) {
                    List<ListEntry> entries = new ArrayList<>();
                    while (rows.next()) {
                        entries.add(entry(rows));
                    }
                    return entries;
                }
            }
        });
    }

    private static ListEntry entry(ResultSet row) throws SQLException {
        ListType type = ListType.parse(row.getString("type"));
        return ListEntry.builder(ListEntryId.of(row.getString("id")), ListScope.parse(row.getString("scope")), type,
                ListValue.parse(row.getString("value")), StoredInstant.parse(row.getString("created_at")))
            .action(Optional.ofNullable(row.getString("action")).map(ListAction::parse))
            .note(row.getString("note"))
            .expiresAt(Optional.ofNullable(row.getString("expires_at")).map(StoredInstant::parse))
            .hits(row.getLong("hits"), Optional.ofNullable(row.getString("last_hit_at")).map(StoredInstant::parse))
            .build();
    }
}
