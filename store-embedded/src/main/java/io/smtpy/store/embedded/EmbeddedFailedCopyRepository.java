package io.smtpy.store.embedded;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

import io.smtpy.bounces.copies.FailedCopy;
import io.smtpy.bounces.copies.FailedCopyRepository;
import io.smtpy.core.model.DomainName;

/**
 * Failed copies in the table {@code failed_copies}, one row per (domain, journey), the message as a BLOB. The purge
 * reads no bytes: it deletes by {@code kept_until}, indexed.
 */
final class EmbeddedFailedCopyRepository implements FailedCopyRepository {
    private final SqliteConnections connections;

    EmbeddedFailedCopyRepository(SqliteConnections connections) {
        this.connections = connections;
    }

    @Override
    public void keep(FailedCopy copy) {
        connections.write(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO failed_copies (domain, journey_id, alias,"
                + " message_id, sender, failed_recipients, message, kept_at, kept_until) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (domain, journey_id) DO UPDATE SET alias = excluded.alias, message_id = excluded.message_id,"
                + " sender = excluded.sender, failed_recipients = excluded.failed_recipients, message = excluded.message,"
                + " kept_at = excluded.kept_at, kept_until = excluded.kept_until")) {
                insert.setString(1, copy.domain().asString());
                insert.setString(2, copy.journeyId());
                insert.setString(3, copy.alias().orElse(null));
                insert.setString(4, copy.messageId().orElse(null));
                insert.setString(5, copy.sender());
                insert.setString(6, JsonColumns.stringsJson(copy.failedRecipients()));
                insert.setBytes(7, copy.message());
                insert.setString(8, StoredInstant.format(copy.keptAt()));
                insert.setString(9, StoredInstant.format(copy.keptUntil()));
                insert.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public Optional<FailedCopy> find(DomainName domain, String journeyId) {
        return selectOne("*", domain, journeyId, EmbeddedFailedCopyRepository::copy);
    }

    @Override
    public Optional<Instant> keptUntil(DomainName domain, String journeyId) {
        return selectOne("kept_until", domain, journeyId, row -> StoredInstant.parse(row.getString(1)));
    }

    /** The journey's row, read by {@code reader}, with only {@code columns} selected (no bytes when they are not needed). */
    private <T> Optional<T> selectOne(String columns, DomainName domain, String journeyId, RowReader<T> reader) {
        return connections.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                "SELECT " + columns + " FROM failed_copies WHERE domain = ? AND journey_id = ?")) {
                select.setString(1, domain.asString());
                select.setString(2, journeyId);
                try (ResultSet row = select.executeQuery()) {
                    return row.next() ? Optional.of(reader.read(row)) : Optional.<T>empty();
                }
            }
        });
    }

    @FunctionalInterface
    private interface RowReader<T> {
        T read(ResultSet row) throws SQLException;
    }

    @Override
    public int purgeExpired(Instant now, Set<DomainName> held) {
        return connections.write(connection -> {
            String exempt = held.isEmpty() ? "" : " AND domain NOT IN (" + String.join(", ", java.util.Collections.nCopies(held.size(), "?")) + ")";
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM failed_copies WHERE kept_until <= ?" + exempt)) {
                delete.setString(1, StoredInstant.format(now));
                int i = 2;
                for (DomainName domain : held) {
                    delete.setString(i++, domain.asString());
                }
                return delete.executeUpdate();
            }
        });
    }

    private static FailedCopy copy(ResultSet row) throws SQLException {
        return new FailedCopy(DomainName.of(row.getString("domain")), row.getString("journey_id"),
            Optional.ofNullable(row.getString("alias")), Optional.ofNullable(row.getString("message_id")),
            row.getString("sender"), JsonColumns.strings(row.getString("failed_recipients")), row.getBytes("message"),
            StoredInstant.parse(row.getString("kept_at")), StoredInstant.parse(row.getString("kept_until")));
    }
}
