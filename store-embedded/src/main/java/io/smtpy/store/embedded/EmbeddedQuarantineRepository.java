package io.smtpy.store.embedded;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.LocalPart;
import io.smtpy.core.store.AlreadyExistsException;
import io.smtpy.core.store.NotFoundException;
import io.smtpy.rules.quarantine.QuarantineId;
import io.smtpy.rules.quarantine.QuarantineKind;
import io.smtpy.rules.quarantine.QuarantinePage;
import io.smtpy.rules.quarantine.QuarantineQuery;
import io.smtpy.rules.quarantine.QuarantineRepository;
import io.smtpy.rules.quarantine.QuarantineState;
import io.smtpy.rules.quarantine.QuarantinedMail;

/**
 * The quarantine in two tables: {@code quarantine} (one row of metadata per mail, which listing, filtering and expiry
 * read) and {@code quarantine_messages} (the bytes as a BLOB, read only for a preview, a download or a release), so
 * that a listing never pages megabytes of messages through the cache. Both rows are written and deleted in one
 * transaction.
 */
final class EmbeddedQuarantineRepository implements QuarantineRepository {
    private static final String COLUMNS = "domain, id, alias, sender, recipients, kind, reason, decided_by, verdicts, subject,"
        + " header_from, message_id, size, received_at, expires_at, state, released_at";
    private static final String VALUE_COLUMNS = "alias = ?, sender = ?, sender_folded = ?, recipients = ?, kind = ?, reason = ?,"
        + " decided_by = ?, verdicts = ?, subject = ?, subject_folded = ?, header_from = ?, message_id = ?, size = ?,"
        + " received_at = ?, expires_at = ?, state = ?, released_at = ?";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final SqliteConnections connections;

    EmbeddedQuarantineRepository(SqliteConnections connections) {
        this.connections = connections;
    }

    @Override
    public void put(QuarantinedMail mail, byte[] message) {
        connections.write(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO quarantine (domain, id, alias, sender,"
                + " sender_folded, recipients, kind, reason, decided_by, verdicts, subject, subject_folded, header_from,"
                + " message_id, size, received_at, expires_at, state, released_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (domain, id) DO NOTHING")) {
                insert.setString(1, mail.domain().asString());
                insert.setString(2, mail.id().asString());
                bindValues(insert, 3, mail);
                if (insert.executeUpdate() == 0) {
                    throw new AlreadyExistsException("quarantined mail " + mail.id() + " of " + mail.domain() + " already exists");
                }
            }
            try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO quarantine_messages (domain, id, message) VALUES (?, ?, ?)")) {
                insert.setString(1, mail.domain().asString());
                insert.setString(2, mail.id().asString());
                insert.setBytes(3, message);
                insert.executeUpdate();
            }
            return null;
        });
    }

    /** Binds the columns of {@link #VALUE_COLUMNS}, in that order, from {@code first}. */
    private static void bindValues(PreparedStatement statement, int first, QuarantinedMail mail) throws SQLException {
        int i = first;
        statement.setString(i++, mail.alias().map(LocalPart::asString).orElse(null));
        statement.setString(i++, mail.sender().asString());
        statement.setString(i++, mail.sender().asString().toLowerCase(Locale.ROOT));
        List<String> recipients = new ArrayList<>();
        mail.recipients().forEach(recipient -> recipients.add(recipient.asString()));
        statement.setString(i++, JsonColumns.stringsJson(recipients));
        statement.setString(i++, mail.kind().asString());
        statement.setString(i++, mail.reason());
        statement.setString(i++, mail.decidedBy());
        ObjectNode verdicts = MAPPER.createObjectNode();
        mail.verdicts().forEach(verdicts::put);
        statement.setString(i++, JsonColumns.write(verdicts));
        statement.setString(i++, mail.subject().orElse(null));
        statement.setString(i++, mail.subject().map(subject -> subject.toLowerCase(Locale.ROOT)).orElse(null));
        statement.setString(i++, mail.headerFrom().orElse(null));
        statement.setString(i++, mail.messageId().orElse(null));
        statement.setLong(i++, mail.size());
        statement.setString(i++, StoredInstant.format(mail.receivedAt()));
        statement.setString(i++, StoredInstant.format(mail.expiresAt()));
        statement.setString(i++, mail.state().asString());
        statement.setString(i, mail.releasedAt().map(StoredInstant::format).orElse(null));
    }

    @Override
    public Optional<QuarantinedMail> find(DomainName domain, QuarantineId id) {
        return select("SELECT " + COLUMNS + " FROM quarantine WHERE domain = ? AND id = ?", List.of(domain.asString(), id.asString()))
            .stream().findFirst();
    }

    @Override
    public Optional<byte[]> message(DomainName domain, QuarantineId id) {
        return connections.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                "SELECT message FROM quarantine_messages WHERE domain = ? AND id = ?")) {
                select.setString(1, domain.asString());
                select.setString(2, id.asString());
                try (ResultSet row = select.executeQuery()) {
                    if (!row.next()) {
                        return Optional.<byte[]>empty();
                    }
                    byte[] message = row.getBytes(1);
                    return Optional.of(message == null ? new byte[0] : message);
                }
            }
        });
    }

    @Override
    public QuarantinePage list(QuarantineQuery query) {
        List<Object> parameters = new ArrayList<>();
        StringBuilder where = new StringBuilder(" WHERE domain = ?");
        parameters.add(query.domain().asString());
        query.state().ifPresent(state -> {
            where.append(" AND state = ?");
            parameters.add(state.asString());
        });
        query.alias().ifPresent(alias -> {
            where.append(" AND alias = ?");
            parameters.add(alias.asString());
        });
        query.kind().ifPresent(kind -> {
            where.append(" AND kind = ?");
            parameters.add(kind.asString());
        });
        // instr, not LIKE: the owner's text is matched as it is, % and _ included. Both sides lower-cased by Java
        // (SQLite's lower() folds only ASCII).
        query.senderContains().ifPresent(text -> {
            where.append(" AND instr(sender_folded, ?) > 0");
            parameters.add(text);
        });
        query.subjectContains().ifPresent(text -> {
            where.append(" AND instr(coalesce(subject_folded, ''), ?) > 0");
            parameters.add(text);
        });
        query.receivedFrom().ifPresent(from -> {
            where.append(" AND received_at >= ?");
            parameters.add(StoredInstant.format(from));
        });
        query.receivedTo().ifPresent(to -> {
            where.append(" AND received_at < ?");
            parameters.add(StoredInstant.format(to));
        });
        return connections.read(connection -> {
            List<QuarantinedMail> items = rows(connection, "SELECT " + COLUMNS + " FROM quarantine" + where
                + " ORDER BY received_at DESC, seq DESC LIMIT " + query.limit() + " OFFSET " + query.offset(), parameters);
            try (PreparedStatement count = connection.prepareStatement("SELECT count(*) FROM quarantine" + where)) {
                bind(count, parameters);
                try (ResultSet row = count.executeQuery()) {
                    row.next();
                    return new QuarantinePage(items, row.getLong(1));
                }
            }
        });
    }

    @Override
    public void update(QuarantinedMail mail) {
        int updated = connections.write(connection -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE quarantine SET " + VALUE_COLUMNS
                + " WHERE domain = ? AND id = ?")) {
                bindValues(update, 1, mail);
                update.setString(18, mail.domain().asString());
                update.setString(19, mail.id().asString());
                return update.executeUpdate();
            }
        });
        if (updated == 0) {
            throw new NotFoundException("quarantined mail " + mail.id() + " of " + mail.domain() + " is not stored");
        }
    }

    @Override
    public boolean delete(DomainName domain, QuarantineId id) {
        return connections.write(connection -> {
            int deleted = execute(connection, "DELETE FROM quarantine WHERE domain = ? AND id = ?", domain.asString(), id.asString());
            execute(connection, "DELETE FROM quarantine_messages WHERE domain = ? AND id = ?", domain.asString(), id.asString());
            return deleted > 0;
        });
    }

    @Override
    public List<QuarantinedMail> expired(Instant now, int limit) {
        return select("SELECT " + COLUMNS + " FROM quarantine WHERE expires_at <= ? ORDER BY expires_at, seq LIMIT " + Math.max(0, limit),
            List.of(StoredInstant.format(now)));
    }

    @Override
    public void deleteDomain(DomainName domain) {
        connections.write(connection -> {
            execute(connection, "DELETE FROM quarantine WHERE domain = ?", domain.asString());
            execute(connection, "DELETE FROM quarantine_messages WHERE domain = ?", domain.asString());
            return null;
        });
    }

    private static int execute(Connection connection, String sql, String... parameters) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setString(i + 1, parameters[i]);
            }
            return statement.executeUpdate();
        }
    }

    private List<QuarantinedMail> select(String sql, List<Object> parameters) {
        return connections.read(connection -> rows(connection, sql, parameters));
    }

    private static List<QuarantinedMail> rows(Connection connection, String sql, List<Object> parameters) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            bind(select, parameters);
            try (ResultSet rows = select.executeQuery()) {
                List<QuarantinedMail> mails = new ArrayList<>();
                while (rows.next()) {
                    mails.add(mail(rows));
                }
                return mails;
            }
        }
    }

    private static void bind(PreparedStatement statement, List<Object> parameters) throws SQLException {
        for (int i = 0; i < parameters.size(); i++) {
            statement.setString(i + 1, (String) parameters.get(i));
        }
    }

    private static QuarantinedMail mail(ResultSet row) throws SQLException {
        List<MailAddress> recipients = new ArrayList<>();
        for (String recipient : JsonColumns.strings(row.getString("recipients"))) {
            recipients.add(address(recipient));
        }
        Map<String, String> verdicts = new TreeMap<>();
        JsonColumns.read(row.getString("verdicts")).fields()
            .forEachRemaining(verdict -> verdicts.put(verdict.getKey(), verdict.getValue().asText()));
        return QuarantinedMail.builder(QuarantineId.of(row.getString("id")), DomainName.of(row.getString("domain")),
                QuarantineKind.parse(row.getString("kind")), StoredInstant.parse(row.getString("received_at")),
                StoredInstant.parse(row.getString("expires_at")))
            .alias(Optional.ofNullable(row.getString("alias")).map(LocalPart::of))
            .sender(MaybeSender.getMailSender(row.getString("sender")))
            .recipients(recipients)
            .reason(row.getString("reason"))
            .decidedBy(row.getString("decided_by"))
            .verdicts(verdicts)
            .subject(Optional.ofNullable(row.getString("subject")))
            .headerFrom(Optional.ofNullable(row.getString("header_from")))
            .messageId(Optional.ofNullable(row.getString("message_id")))
            .size(row.getLong("size"))
            .state(QuarantineState.parse(row.getString("state")))
            .releasedAt(Optional.ofNullable(row.getString("released_at")).map(StoredInstant::parse))
            .build();
    }

    private static MailAddress address(String text) {
        try {
            return new MailAddress(text);
        } catch (javax.mail.internet.AddressException e) {
            throw new IllegalStateException("stored recipient '" + text + "' is not an address", e);
        }
    }
}
