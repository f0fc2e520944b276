package io.smtpy.store.embedded;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

import io.smtpy.core.model.Alias;
import io.smtpy.core.model.AliasAddress;
import io.smtpy.core.model.Destination;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.LocalPart;
import io.smtpy.core.model.Tag;
import io.smtpy.core.store.AliasPage;
import io.smtpy.core.store.AliasQuery;
import io.smtpy.core.store.AliasRepository;
import io.smtpy.core.store.AlreadyExistsException;
import io.smtpy.core.store.NotFoundException;

/**
 * Aliases in the {@code aliases} table, keyed by (domain, local part). Listing filters and pages in SQL; the
 * filters agree with {@link AliasQuery#test(Alias)}.
 */
final class EmbeddedAliasRepository implements AliasRepository {
    private static final String KEY_COLUMNS = "domain, local_part";
    private static final List<String> VALUE_COLUMNS = List.of("destinations", "destinations_folded", "enabled",
        "description", "description_folded", "tags", "expires_at", "created_at", "updated_at", "fallbacks");
    private static final String READ_COLUMNS = "local_part, destinations, enabled, description, tags, expires_at, created_at, updated_at, fallbacks";
    private static final String INSERT = "INSERT INTO aliases (" + KEY_COLUMNS + ", " + String.join(", ", VALUE_COLUMNS)
        + ") VALUES (?, ?, " + VALUE_COLUMNS.stream().map(column -> "?").collect(Collectors.joining(", ")) + ")";
    private static final String UPSERT = INSERT + " ON CONFLICT (" + KEY_COLUMNS + ") DO UPDATE SET "
        + VALUE_COLUMNS.stream().map(column -> column + " = excluded." + column).collect(Collectors.joining(", "));
    private static final String UPDATE = "UPDATE aliases SET "
        + VALUE_COLUMNS.stream().map(column -> column + " = ?").collect(Collectors.joining(", "))
        + " WHERE domain = ? AND local_part = ?";
    /** Rows per executeBatch in saveAll: large enough to amortise the JDBC round trip, small enough to bound memory. */
    private static final int BATCH_SIZE = 1000;
    private static final char TAG_DELIMITER = ',';

    private final SqliteConnections connections;

    EmbeddedAliasRepository(SqliteConnections connections) {
        this.connections = connections;
    }

    @Override
    public Optional<Alias> find(AliasAddress address) {
        return connections.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                "SELECT " + READ_COLUMNS + " FROM aliases WHERE domain = ? AND local_part = ?")) {
                select.setString(1, address.domain().asString());
                select.setString(2, address.localPart().asString());
                try (ResultSet row = select.executeQuery()) {
                    return row.next() ? Optional.of(alias(address.domain(), row)) : Optional.<Alias>empty();
                }
            }
        });
    }

    @Override
    public void create(Alias alias) {
        // The primary key decides between concurrent creates: DO NOTHING reports the loser as 0 rows changed.
        int inserted = connections.write(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(INSERT + " ON CONFLICT (" + KEY_COLUMNS + ") DO NOTHING")) {
                bindKey(insert, 1, alias.address());
                bindValues(insert, 3, alias);
                return insert.executeUpdate();
            }
        });
        if (inserted == 0) {
            throw new AlreadyExistsException("alias " + alias.address() + " already exists");
        }
    }

    @Override
    public void update(Alias alias) {
        int updated = connections.write(connection -> {
            try (PreparedStatement update = connection.prepareStatement(UPDATE)) {
                bindValues(update, 1, alias);
                bindKey(update, VALUE_COLUMNS.size() + 1, alias.address());
                return update.executeUpdate();
            }
        });
        if (updated == 0) {
            throw new NotFoundException("alias " + alias.address() + " does not exist");
        }
    }

    /** One statement: the row is replaced only where {@code updated_at} is still the one read. */
    @Override
    public void update(Alias alias, java.time.Instant expectedUpdatedAt) {
        int updated = connections.write(connection -> {
            try (PreparedStatement update = connection.prepareStatement(UPDATE + " AND updated_at = ?")) {
                bindValues(update, 1, alias);
                bindKey(update, VALUE_COLUMNS.size() + 1, alias.address());
                update.setString(VALUE_COLUMNS.size() + 3, StoredInstant.format(expectedUpdatedAt));
                return update.executeUpdate();
            }
        });
        if (updated == 0) {
            if (find(alias.address()).isEmpty()) {
                throw new NotFoundException("alias " + alias.address() + " does not exist");
            }
            throw new io.smtpy.core.store.ConcurrentChangeException("alias " + alias.address() + " changed since it was read");
        }
    }

    @Override
    public boolean delete(AliasAddress address) {
        return connections.write(connection -> {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM aliases WHERE domain = ? AND local_part = ?")) {
                bindKey(delete, 1, address);
                return delete.executeUpdate() > 0;
            }
        });
    }

    /** One transaction and one prepared statement for the whole collection: all or nothing, and fast. */
    @Override
    public void saveAll(Collection<Alias> aliases) {
        connections.write(connection -> {
            try (PreparedStatement upsert = connection.prepareStatement(UPSERT)) {
                int pending = 0;
                for (Alias alias : aliases) {
                    bindKey(upsert, 1, alias.address());
                    bindValues(upsert, 3, alias);
                    upsert.addBatch();
                    if (++pending == BATCH_SIZE) {
                        upsert.executeBatch();
                        pending = 0;
                    }
                }
                if (pending > 0) {
                    upsert.executeBatch();
                }
            }
            return null;
        });
    }

    @Override
    public AliasPage list(AliasQuery query) {
        Filter filter = new Filter(query);
        return connections.read(connection -> {
            long total;
            try (PreparedStatement count = filter.prepare(connection, "SELECT count(*) FROM aliases WHERE " + filter.where);
                 ResultSet row = count.executeQuery()) {
                total = row.getLong(1);
            }
            List<Alias> page = new ArrayList<>();
            if (query.offset() < total) {
                try (PreparedStatement select = filter.prepare(connection, "SELECT " + READ_COLUMNS + " FROM aliases WHERE "
                    + filter.where + " ORDER BY local_part LIMIT " + query.limit() + " OFFSET " + query.offset());
                     ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        page.add(alias(query.domain(), rows));
                    }
                }
            }
            return new AliasPage(page, total);
        });
    }

    @Override
    public List<Alias> all(DomainName domain) {
        return connections.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                "SELECT " + READ_COLUMNS + " FROM aliases WHERE domain = ? ORDER BY local_part")) {
                select.setString(1, domain.asString());
                try (ResultSet rows = select.executeQuery()) {
                    List<Alias> aliases = new ArrayList<>();
                    while (rows.next()) {
                        aliases.add(alias(domain, rows));
                    }
                    return aliases;
                }
            }
        });
    }

    @Override
    public int deleteAll(DomainName domain) {
        return connections.write(connection -> {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM aliases WHERE domain = ?")) {
                delete.setString(1, domain.asString());
                return delete.executeUpdate();
            }
        });
    }

    /**
     * The SQL form of an {@link AliasQuery}'s filters, with its parameters in order.
     *
     * <p>Text is matched with {@code instr}, an exact substring search, rather than {@code LIKE}: the needle is
     * bound as a parameter and has no wildcard characters to escape, so {@code %} and {@code _} mean themselves.
     * Both sides are lower-cased by Java ({@code Locale.ROOT}), exactly as {@code AliasQuery.test} does.
     */
    private static final class Filter {
        private final String where;
        private final List<String> parameters = new ArrayList<>();

        Filter(AliasQuery query) {
            StringBuilder where = new StringBuilder("domain = ?");
            parameters.add(query.domain().asString());
            query.tag().ifPresent(tag -> {
                if (isStorableTag(tag)) {
                    where.append(" AND instr(tags, ?) > 0");
                    parameters.add(TAG_DELIMITER + tag + TAG_DELIMITER);
                } else {
                    // No stored alias carries a tag that is not a valid label, and such a needle could span two
                    // labels in the delimited column ('a,b' inside ',a,b,'), so it must match nothing.
                    where.append(" AND 0");
                }
            });
            query.text().ifPresent(text -> {
                // Each destination is searched on its own (json_each), so a needle cannot match across two of them.
                where.append(" AND (instr(local_part, ?) > 0 OR instr(coalesce(description_folded, description), ?) > 0"
                    + " OR EXISTS (SELECT 1 FROM json_each(coalesce(destinations_folded, destinations))"
                    + " WHERE instr(json_each.value, ?) > 0))");
                parameters.add(text);
                parameters.add(text);
                parameters.add(text);
            });
            query.expired().ifPresent(expired -> {
                where.append(expired
                    ? " AND expires_at IS NOT NULL AND expires_at <= ?"
                    : " AND (expires_at IS NULL OR expires_at > ?)");
                parameters.add(StoredInstant.format(query.now()));
            });
            this.where = where.toString();
        }

        PreparedStatement prepare(Connection connection, String sql) throws SQLException {
            PreparedStatement statement = connection.prepareStatement(sql);
            try {
                for (int i = 0; i < parameters.size(); i++) {
                    statement.setString(i + 1, parameters.get(i));
                }
                return statement;
            } catch (SQLException e) {
                statement.close();
                throw e;
            }
        }

        private static boolean isStorableTag(String tag) {
            try {
                return Tag.normalize(tag).equals(tag);
            } catch (IllegalArgumentException notALabel) {
                return false;
            }
        }
    }

    private static void bindKey(PreparedStatement statement, int first, AliasAddress address) throws SQLException {
        statement.setString(first, address.domain().asString());
        statement.setString(first + 1, address.localPart().asString());
    }

    /** Binds {@link #VALUE_COLUMNS} in their order. */
    private static void bindValues(PreparedStatement statement, int first, Alias alias) throws SQLException {
        int i = first;
        String destinations = JsonColumns.destinationsJson(alias.destinations());
        statement.setString(i++, destinations);
        statement.setString(i++, foldedUnlessSame(destinations, JsonColumns.stringsJson(alias.destinations().stream()
            .map(destination -> destination.asString().toLowerCase(Locale.ROOT))
            .collect(Collectors.toList()))));
        statement.setBoolean(i++, alias.enabled());
        statement.setString(i++, alias.description());
        statement.setString(i++, foldedUnlessSame(alias.description(), alias.description().toLowerCase(Locale.ROOT)));
        statement.setString(i++, tagsColumn(alias));
        if (alias.expiresAt().isPresent()) {
            statement.setString(i++, StoredInstant.format(alias.expiresAt().get()));
        } else {
            statement.setNull(i++, Types.VARCHAR);
        }
        statement.setString(i++, StoredInstant.format(alias.createdAt()));
        statement.setString(i++, StoredInstant.format(alias.updatedAt()));
        // Most aliases have no fallback: NULL rather than "[]".
        statement.setString(i, alias.fallbacks().isEmpty() ? null : JsonColumns.destinationsJson(alias.fallbacks()));
    }

    /** Most destinations and descriptions are lower-case already: NULL then saves storing the same text twice. */
    private static String foldedUnlessSame(String original, String folded) {
        return folded.equals(original) ? null : folded;
    }

    private static String tagsColumn(Alias alias) {
        if (alias.tags().isEmpty()) {
            return "";
        }
        StringBuilder column = new StringBuilder().append(TAG_DELIMITER);
        alias.tags().forEach(tag -> column.append(tag).append(TAG_DELIMITER));
        return column.toString();
    }

    private static Alias alias(DomainName domain, ResultSet row) throws SQLException {
        String expiresAt = row.getString("expires_at");
        String tags = row.getString("tags");
        List<Destination> destinations = JsonColumns.destinations(row.getString("destinations"));
        return Alias.builder(AliasAddress.of(domain, LocalPart.of(row.getString("local_part"))))
            .destinations(destinations)
            .fallbacks(Optional.ofNullable(row.getString("fallbacks")).map(JsonColumns::destinations).orElse(List.of()))
            .enabled(row.getBoolean("enabled"))
            .description(row.getString("description"))
            .tags(tags.isEmpty() ? List.of() : List.of(tags.substring(1, tags.length() - 1).split(String.valueOf(TAG_DELIMITER))))
            .expiresAt(Optional.ofNullable(expiresAt).map(StoredInstant::parse))
            .createdAt(StoredInstant.parse(row.getString("created_at")))
            .updatedAt(StoredInstant.parse(row.getString("updated_at")))
            .build();
    }
}
