package io.smtpy.store.embedded;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.smtpy.core.events.JourneyQuery;
import io.smtpy.core.events.JourneySummary;
import io.smtpy.core.events.JourneyTerm;
import io.smtpy.core.events.MailEvent;
import io.smtpy.core.events.MailEventType;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.LocalPart;

/**
 * Journey summaries in the {@code journeys} and {@code journey_terms} tables: folded with {@link JourneySummary} as
 * events are written, in the events writer's transaction, and searched with one statement per page.
 *
 * <p>Why so: grouping a million events per journey at every page took 230-550 ms; a summary row per journey,
 * kept by the writer that already batches the events (one read and one write per journey per batch, no extra
 * commit), turns a page into a scan of an index in page order that stops at the page's end. A search by an exact
 * value (sender, recipient, Message-ID, rule, remote MTA, alias) starts from that value's range of
 * {@code journey_terms}, which is kept in page order too; text searches (reason, subject) read the rows in page order
 * until the page is full.
 */
final class EmbeddedJourneySummaries {
    private static final String COLUMNS = "journey_id, first_at, last_at, status, message_id, subject, sender, recipients,"
        + " arrival_mail_id, arrived, reasons";
    /** The exact filters, the most selective first: the first one given leads the search. */
    private static final List<JourneyTerm> LEADING_ORDER = List.of(JourneyTerm.MESSAGE_ID, JourneyTerm.RECIPIENT,
        JourneyTerm.SENDER, JourneyTerm.RULE, JourneyTerm.REMOTE_MTA, JourneyTerm.ALIAS);

    private EmbeddedJourneySummaries() {
    }

    /** Folds a batch of events, in the order they were appended, into their journeys' summaries. */
    static void add(Connection connection, List<MailEvent> batch) throws SQLException {
        Map<List<String>, List<MailEvent>> byJourney = new LinkedHashMap<>();
        for (MailEvent event : batch) {
            event.journeyId().ifPresent(journey ->
                byJourney.computeIfAbsent(List.of(event.domain().asString(), journey), any -> new ArrayList<>()).add(event));
        }
        for (Map.Entry<List<String>, List<MailEvent>> journey : byJourney.entrySet()) {
            DomainName domain = journey.getValue().get(0).domain();
            String id = journey.getKey().get(1);
            Optional<JourneySummary> before = load(connection, domain, id);
            JourneySummary.Builder builder = before.map(JourneySummary::toBuilder).orElseGet(() -> JourneySummary.builder(domain, id));
            journey.getValue().forEach(builder::add);
            save(connection, before, builder.build());
        }
    }

    /** Sums up the journeys again from their events, in the order they were appended. */
    static void rebuild(Connection connection, DomainName domain, List<String> journeyIds) throws SQLException {
        for (String id : journeyIds) {
            delete(connection, domain, id);
            List<MailEvent> events = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("SELECT " + EmbeddedMailEventRepository.READ_COLUMNS
                    + " FROM events WHERE domain = ? AND journey_id = ? ORDER BY seq")) {
                select.setString(1, domain.asString());
                select.setString(2, id);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        events.add(EmbeddedMailEventRepository.event(domain, rows));
                    }
                }
            }
            if (!events.isEmpty()) {
                save(connection, Optional.empty(), JourneySummary.of(domain, id, events));
            }
        }
    }

    /**
     * Sums up every journey of the events table, when the migration that brought summaries left a mark that the
     * events came before them; removes the mark in the same transaction.
     */
    static void rebuildIfPending(Connection connection) throws SQLException {
        try (PreparedStatement table = connection.prepareStatement(
                "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'journeys_rebuild'");
             ResultSet exists = table.executeQuery()) {
            if (exists.getLong(1) == 0) {
                // A schema without journeys (only in tests of the migrations themselves).
                return;
            }
        }
        try (PreparedStatement pending = connection.prepareStatement("SELECT COUNT(*) FROM journeys_rebuild");
             ResultSet count = pending.executeQuery()) {
            if (count.getLong(1) == 0) {
                return;
            }
        }
        try (PreparedStatement select = connection.prepareStatement("SELECT domain, " + EmbeddedMailEventRepository.READ_COLUMNS
                + " FROM events WHERE journey_id IS NOT NULL ORDER BY domain, journey_id, seq");
             ResultSet rows = select.executeQuery()) {
            JourneySummary.Builder current = null;
            List<String> currentKey = null;
            // One journey at a time in memory: its events come together.
            while (rows.next()) {
                DomainName domain = DomainName.of(rows.getString("domain"));
                MailEvent event = EmbeddedMailEventRepository.event(domain, rows);
                List<String> key = List.of(domain.asString(), event.journeyId().orElseThrow());
                if (!key.equals(currentKey)) {
                    if (current != null) {
                        save(connection, Optional.empty(), current.build());
                    }
                    current = JourneySummary.builder(domain, key.get(1));
                    currentKey = key;
                }
                current.add(event);
            }
            if (current != null) {
                save(connection, Optional.empty(), current.build());
            }
        }
        try (PreparedStatement done = connection.prepareStatement("DELETE FROM journeys_rebuild")) {
            done.executeUpdate();
        }
    }

    /** Deletes the domain's summaries of journeys that started before the instant; returns the ids of those whose events go on after it. */
    static List<String> deleteStartedBefore(Connection connection, DomainName domain, String before) throws SQLException {
        List<String> cut = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT journey_id FROM journeys WHERE domain = ? AND first_at < ? AND last_at >= ?")) {
            select.setString(1, domain.asString());
            select.setString(2, before);
            select.setString(3, before);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    cut.add(rows.getString(1));
                }
            }
        }
        try (PreparedStatement terms = connection.prepareStatement("DELETE FROM journey_terms WHERE domain = ? AND journey_id IN"
                + " (SELECT journey_id FROM journeys WHERE domain = ? AND first_at < ?)");
             PreparedStatement journeys = connection.prepareStatement("DELETE FROM journeys WHERE domain = ? AND first_at < ?")) {
            terms.setString(1, domain.asString());
            terms.setString(2, domain.asString());
            terms.setString(3, before);
            terms.executeUpdate();
            journeys.setString(1, domain.asString());
            journeys.setString(2, before);
            journeys.executeUpdate();
        }
        return cut;
    }

    /** The summaries that pass the query, one page of them. */
    static List<JourneySummary> search(Connection connection, JourneyQuery query) throws SQLException {
        Map<JourneyTerm, String> exact = exactFilters(query);
        Optional<JourneyTerm> leading = LEADING_ORDER.stream().filter(exact::containsKey).findFirst();
        List<String> parameters = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT ");
        String start;
        if (leading.isPresent()) {
            // CROSS JOIN: SQLite keeps the order written, so the term's range leads and the page order comes with it.
            start = "t.";
            sql.append(prefixed("j.", COLUMNS)).append(" FROM journey_terms t CROSS JOIN journeys j")
                .append(" ON j.domain = t.domain AND j.journey_id = t.journey_id")
                .append(" WHERE t.domain = ? AND t.kind = ? AND t.value = ?");
            parameters.addAll(List.of(query.domain().asString(), leading.get().asString(), exact.get(leading.get())));
        } else {
            start = "j.";
            sql.append(prefixed("j.", COLUMNS)).append(" FROM journeys j WHERE j.domain = ?");
            parameters.add(query.domain().asString());
        }
        query.since().ifPresent(since -> {
            sql.append(" AND ").append(start).append("first_at >= ?");
            parameters.add(StoredInstant.format(since));
        });
        query.until().ifPresent(until -> {
            sql.append(" AND ").append(start).append("first_at < ?");
            parameters.add(StoredInstant.format(until));
        });
        query.after().ifPresent(after -> {
            sql.append(" AND (").append(start).append("first_at, ").append(start).append("journey_id) < (?, ?)");
            parameters.addAll(List.of(StoredInstant.format(after.firstAt()), after.journeyId()));
        });
        query.status().ifPresent(status -> {
            sql.append(" AND j.status = ?");
            parameters.add(status.asString());
        });
        for (Map.Entry<JourneyTerm, String> other : exact.entrySet()) {
            if (leading.get() != other.getKey()) {
                sql.append(" AND EXISTS (SELECT 1 FROM journey_terms o WHERE o.domain = j.domain AND o.kind = ? AND o.value = ?"
                    + " AND o.first_at = j.first_at AND o.journey_id = j.journey_id)");
                parameters.addAll(List.of(other.getKey().asString(), other.getValue()));
            }
        }
        // instr, not LIKE: the text is a text, with no wildcard to escape; both sides are lower case already.
        query.reason().ifPresent(reason -> {
            sql.append(" AND instr(j.reasons, ?) > 0");
            parameters.add(reason);
        });
        query.subjectText().ifPresent(text -> {
            sql.append(" AND instr(j.subject_folded, ?) > 0");
            parameters.add(text);
        });
        query.subjectKept().ifPresent(kept -> {
            sql.append(" AND j.subject = ?");
            parameters.add(kept);
        });
        sql.append(" ORDER BY ").append(start).append("first_at DESC, ").append(start).append("journey_id DESC LIMIT ")
            .append(query.limit());
        List<JourneySummary> page = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(sql.toString())) {
            for (int i = 0; i < parameters.size(); i++) {
                select.setString(i + 1, parameters.get(i));
            }
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    page.add(summary(connection, query.domain(), rows));
                }
            }
        }
        return page;
    }

    private static Map<JourneyTerm, String> exactFilters(JourneyQuery query) {
        Map<JourneyTerm, String> exact = new LinkedHashMap<>();
        query.messageId().ifPresent(value -> exact.put(JourneyTerm.MESSAGE_ID, value));
        query.alias().map(LocalPart::asString).ifPresent(value -> exact.put(JourneyTerm.ALIAS, value));
        query.sender().ifPresent(value -> exact.put(JourneyTerm.SENDER, value));
        query.recipient().ifPresent(value -> exact.put(JourneyTerm.RECIPIENT, value));
        query.rule().ifPresent(value -> exact.put(JourneyTerm.RULE, value));
        query.remoteMta().ifPresent(value -> exact.put(JourneyTerm.REMOTE_MTA, value));
        return exact;
    }

    private static String prefixed(String prefix, String columns) {
        return prefix + String.join(", " + prefix, columns.split(", "));
    }

    private static Optional<JourneySummary> load(Connection connection, DomainName domain, String id) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS + " FROM journeys WHERE domain = ? AND journey_id = ?")) {
            select.setString(1, domain.asString());
            select.setString(2, id);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(summary(connection, domain, rows)) : Optional.empty();
            }
        }
    }

    private static JourneySummary summary(Connection connection, DomainName domain, ResultSet row) throws SQLException {
        String id = row.getString("journey_id");
        JourneySummary.Builder builder = JourneySummary.builder(domain, id).restore(
            StoredInstant.parse(row.getString("first_at")), StoredInstant.parse(row.getString("last_at")),
            MailEventType.parse(row.getString("status")), Optional.ofNullable(row.getString("message_id")),
            Optional.ofNullable(row.getString("subject")), row.getString("sender"), JsonColumns.strings(row.getString("recipients")),
            Optional.ofNullable(row.getString("arrival_mail_id")), row.getInt("arrived") == 1, row.getString("reasons"));
        try (PreparedStatement terms = connection.prepareStatement(
                "SELECT kind, value FROM journey_terms WHERE domain = ? AND journey_id = ?")) {
            terms.setString(1, domain.asString());
            terms.setString(2, id);
            try (ResultSet rows = terms.executeQuery()) {
                while (rows.next()) {
                    builder.term(kind(rows.getString("kind")), rows.getString("value"));
                }
            }
        }
        return builder.build();
    }

    private static JourneyTerm kind(String stored) {
        for (JourneyTerm kind : JourneyTerm.values()) {
            if (kind.asString().equals(stored)) {
                return kind;
            }
        }
        throw new EmbeddedStoreException("unknown journey term kind '" + stored + "' in the database");
    }

    private static void save(Connection connection, Optional<JourneySummary> before, JourneySummary after) throws SQLException {
        String domain = after.domain().asString();
        String firstAt = StoredInstant.format(after.firstAt());
        String sql = before.isPresent()
            ? "UPDATE journeys SET first_at = ?, last_at = ?, status = ?, message_id = ?, subject = ?, subject_folded = ?, sender = ?,"
                + " recipients = ?, arrival_mail_id = ?, arrived = ?, reasons = ? WHERE domain = ? AND journey_id = ?"
            : "INSERT INTO journeys (first_at, last_at, status, message_id, subject, subject_folded, sender, recipients,"
                + " arrival_mail_id, arrived, reasons, domain, journey_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        try (PreparedStatement write = connection.prepareStatement(sql)) {
            write.setString(1, firstAt);
            write.setString(2, StoredInstant.format(after.lastAt()));
            write.setString(3, after.status().asString());
            setOptional(write, 4, after.messageId());
            setOptional(write, 5, after.subject());
            setOptional(write, 6, after.subject().map(subject -> subject.toLowerCase(Locale.ROOT)));
            write.setString(7, after.sender());
            write.setString(8, JsonColumns.stringsJson(after.recipients()));
            setOptional(write, 9, after.arrivalMailId());
            write.setInt(10, after.arrived() ? 1 : 0);
            write.setString(11, after.reasons());
            write.setString(12, domain);
            write.setString(13, after.id());
            write.executeUpdate();
        }
        if (before.isPresent() && !before.get().firstAt().equals(after.firstAt())) {
            // The terms carry the start, so that their ranges come in page order: they move with it.
            try (PreparedStatement move = connection.prepareStatement(
                    "UPDATE journey_terms SET first_at = ? WHERE domain = ? AND journey_id = ?")) {
                move.setString(1, firstAt);
                move.setString(2, domain);
                move.setString(3, after.id());
                move.executeUpdate();
            }
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT OR IGNORE INTO journey_terms (domain, kind, value, first_at, journey_id) VALUES (?, ?, ?, ?, ?)")) {
            boolean any = false;
            for (JourneyTerm kind : JourneyTerm.values()) {
                Set<String> known = before.map(summary -> summary.terms(kind)).orElse(Set.of());
                for (String value : after.terms(kind)) {
                    if (!known.contains(value)) {
                        insert.setString(1, domain);
                        insert.setString(2, kind.asString());
                        insert.setString(3, value);
                        insert.setString(4, firstAt);
                        insert.setString(5, after.id());
                        insert.addBatch();
                        any = true;
                    }
                }
            }
            if (any) {
                insert.executeBatch();
            }
        }
    }

    private static void delete(Connection connection, DomainName domain, String id) throws SQLException {
        try (PreparedStatement terms = connection.prepareStatement("DELETE FROM journey_terms WHERE domain = ? AND journey_id = ?");
             PreparedStatement journey = connection.prepareStatement("DELETE FROM journeys WHERE domain = ? AND journey_id = ?")) {
            for (PreparedStatement delete : List.of(terms, journey)) {
                delete.setString(1, domain.asString());
                delete.setString(2, id);
                delete.executeUpdate();
            }
        }
    }

    private static void setOptional(PreparedStatement statement, int index, Optional<String> value) throws SQLException {
        if (value.isPresent()) {
            statement.setString(index, value.get());
        } else {
            statement.setNull(index, Types.VARCHAR);
        }
    }
}
