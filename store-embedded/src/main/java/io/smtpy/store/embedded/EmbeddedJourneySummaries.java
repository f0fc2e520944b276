package io.smtpy.store.embedded;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
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
 * kept by the writer that already batches the events (one write per journey per batch, a read only of a journey
 * not {@link Recent}ly written, no extra commit), turns a page into a scan of an index in page order that stops at the page's end. A search by an exact
 * value (sender, recipient, Message-ID, rule, remote MTA, alias) starts from that value's range of
 * {@code journey_terms}, which is kept in page order too. The row holds its own terms as well ({@code terms}, JSON): a
 * journey is read whole from its row, and {@code journey_terms} needs no second index by journey, which cost each term
 * a second b-tree insert on the mail's way (about half the writer's time). A text search (reason, subject) asks the trigram index
 * {@code journey_text} how many journeys could hold the text: a few are read and sorted, many (common text) are
 * found soon enough by reading the rows in page order until the page is full.
 */
final class EmbeddedJourneySummaries {
    private static final String COLUMNS = "journey_id, first_at, last_at, status, message_id, subject, sender, recipients,"
        + " arrival_mail_id, arrived, reasons, terms";
    /** Text that at most this many journeys hold is searched through {@code journey_text}. */
    private static final int FEW_CANDIDATES = 2000;
    /** Trigrams asked of {@code journey_text} at most: more narrow the candidates little, and each costs a doclist read. */
    private static final int MAX_TRIGRAMS = 24;
    /** The exact filters, the most selective first: the first one given leads the search. */
    private static final List<JourneyTerm> LEADING_ORDER = List.of(JourneyTerm.MESSAGE_ID, JourneyTerm.RECIPIENT,
        JourneyTerm.SENDER, JourneyTerm.RULE, JourneyTerm.REMOTE_MTA, JourneyTerm.ALIAS);

    private EmbeddedJourneySummaries() {
    }

    /**
     * Folds a batch of events, in the order they were appended, into their journeys' summaries; a journey is read back
     * from SQLite only when {@code recent} does not hold it. Returns the summaries as written, for {@link Recent#keep}
     * once the batch is committed.
     */
    static Map<List<String>, Stored> add(Connection connection, List<MailEvent> batch, Recent recent) throws SQLException {
        Map<List<String>, List<MailEvent>> byJourney = new LinkedHashMap<>();
        for (MailEvent event : batch) {
            event.journeyId().ifPresent(journey ->
                byJourney.computeIfAbsent(List.of(event.domain().asString(), journey), any -> new ArrayList<>()).add(event));
        }
        Map<List<String>, Stored> written = new HashMap<>();
        try (Writer writer = new Writer(connection)) {
            for (Map.Entry<List<String>, List<MailEvent>> journey : byJourney.entrySet()) {
                DomainName domain = journey.getValue().get(0).domain();
                String id = journey.getKey().get(1);
                Optional<Stored> before = recent.get(journey.getKey());
                if (before.isEmpty()) {
                    before = writer.load(domain, id);
                }
                JourneySummary.Builder builder = before.map(stored -> stored.summary.toBuilder())
                    .orElseGet(() -> JourneySummary.builder(domain, id));
                journey.getValue().forEach(builder::add);
                JourneySummary after = builder.build();
                written.put(journey.getKey(), new Stored(writer.save(before, after), after));
            }
        }
        return written;
    }

    /**
     * The summaries of the journeys the events writer touched lately, as committed. Why: most events of a mail come
     * seconds apart, in different batches, and reading each journey back (its row and its terms) at every batch cost
     * more than writing it. Bounded; safe because only the writer's batches and a purge change journeys: a purge
     * {@link #forget}s everything, and a batch's summaries are kept only when no purge ran since the batch began (its
     * {@link #generation}) and only after its commit (a failed batch changed nothing, so what is held stays true).
     */
    static final class Recent {
        static final int MAX_JOURNEYS = 10_000;

        private final Map<List<String>, Stored> summaries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<List<String>, Stored> eldest) {
                return size() > MAX_JOURNEYS;
            }
        };
        private long generation;

        synchronized long generation() {
            return generation;
        }

        synchronized Optional<Stored> get(List<String> key) {
            return Optional.ofNullable(summaries.get(key));
        }

        /** Holds what a committed batch wrote, unless journeys were changed another way since {@code since}. */
        synchronized void keep(long since, Map<List<String>, Stored> written) {
            if (generation == since) {
                summaries.putAll(written);
            }
        }

        /** Journeys were changed outside the batches: nothing held is trusted any more. */
        synchronized void forget() {
            generation++;
            summaries.clear();
        }
    }

    /** Sums up the journeys again from their events, in the order they were appended. */
    static void rebuild(Connection connection, DomainName domain, List<String> journeyIds) throws SQLException {
        try (Writer writer = new Writer(connection);
             PreparedStatement select = connection.prepareStatement("SELECT " + EmbeddedMailEventRepository.READ_COLUMNS
                 + " FROM events WHERE domain = ? AND journey_id = ? ORDER BY seq")) {
            for (String id : journeyIds) {
                Optional<Stored> stored = writer.load(domain, id);
                if (stored.isPresent()) {
                    writer.delete(stored.get());
                }
                List<MailEvent> events = new ArrayList<>();
                select.setString(1, domain.asString());
                select.setString(2, id);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        events.add(EmbeddedMailEventRepository.event(domain, rows));
                    }
                }
                if (!events.isEmpty()) {
                    writer.save(Optional.empty(), JourneySummary.of(domain, id, events));
                }
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
        try (Writer writer = new Writer(connection);
             PreparedStatement select = connection.prepareStatement("SELECT domain, " + EmbeddedMailEventRepository.READ_COLUMNS
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
                        writer.save(Optional.empty(), current.build());
                    }
                    current = JourneySummary.builder(domain, key.get(1));
                    currentKey = key;
                }
                current.add(event);
            }
            if (current != null) {
                writer.save(Optional.empty(), current.build());
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
        // Each journey's terms and text by their keys, read from its row; then the rows, by the range of their start.
        try (Writer writer = new Writer(connection);
             PreparedStatement select = connection.prepareStatement("SELECT rowid, " + COLUMNS
                 + " FROM journeys WHERE domain = ? AND first_at < ?")) {
            select.setString(1, domain.asString());
            select.setString(2, before);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    writer.deleteTermsAndText(new Stored(rows.getLong("rowid"), restored(domain, rows).build()));
                }
            }
        }
        try (PreparedStatement journeys = connection.prepareStatement("DELETE FROM journeys WHERE domain = ? AND first_at < ?")) {
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
        Optional<String> match = trigrams(query);
        if (leading.isEmpty() && match.isPresent() && fewCandidates(connection, match.get())) {
            // Rare text: the few journeys whose text holds all its trigrams, sorted; the exact match is checked below.
            start = "j.";
            sql.append(prefixed("j.", COLUMNS)).append(" FROM (SELECT rowid AS candidate FROM journey_text WHERE journey_text MATCH ?) c")
                .append(" CROSS JOIN journeys j ON j.rowid = c.candidate WHERE j.domain = ?");
            parameters.addAll(List.of(match.get(), query.domain().asString()));
        } else if (leading.isPresent()) {
            // CROSS JOIN: SQLite keeps the order written, so the term's range leads and the page order comes with it.
            start = "t.";
            sql.append(prefixed("j.", COLUMNS)).append(" FROM journey_terms t CROSS JOIN journeys j")
                .append(" ON j.domain = t.domain AND j.journey_id = t.journey_id")
                .append(" WHERE t.domain = ? AND t.kind = ? AND t.value = ?");
            parameters.addAll(List.of(query.domain().asString(), leading.get().asString(), exact.get(leading.get())));
        } else {
            // No exact value, or common text: the page order of the domain's journeys, until the page is full.
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
                    page.add(restored(query.domain(), rows).build());
                }
            }
        }
        return page;
    }

    /**
     * Whether at most {@value #FEW_CANDIDATES} journeys (of all domains) hold the trigrams: then they are read and
     * sorted; beyond, the text is common enough that a scan in page order fills a page soon.
     */
    private static boolean fewCandidates(Connection connection, String match) throws SQLException {
        try (PreparedStatement count = connection.prepareStatement("SELECT count(*) FROM (SELECT 1 FROM journey_text"
                + " WHERE journey_text MATCH ? LIMIT " + (FEW_CANDIDATES + 1) + ")")) {
            count.setString(1, match);
            try (ResultSet rows = count.executeQuery()) {
                return rows.getLong(1) <= FEW_CANDIDATES;
            }
        }
    }

    /**
     * The FTS5 query that finds the journeys whose text holds every trigram of the searched texts (reason, subject),
     * or empty when none is three characters long (a trigram index cannot help with shorter text).
     */
    private static Optional<String> trigrams(JourneyQuery query) {
        List<String> texts = new ArrayList<>();
        query.reason().ifPresent(texts::add);
        query.subjectText().ifPresent(texts::add);
        query.subjectKept().map(EmbeddedJourneySummaries::folded).ifPresent(texts::add);
        List<String> terms = new ArrayList<>();
        for (String text : texts) {
            int[] codePoints = text.codePoints().toArray();
            for (int i = 0; i + 3 <= codePoints.length && terms.size() < MAX_TRIGRAMS; i++) {
                String trigram = new String(codePoints, i, 3);
                terms.add("\"" + trigram.replace("\"", "\"\"") + "\"");
            }
        }
        return terms.isEmpty() ? Optional.empty() : Optional.of(String.join(" AND ", terms));
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

    /** A summary from its row, terms included. */
    private static JourneySummary.Builder restored(DomainName domain, ResultSet row) throws SQLException {
        JourneySummary.Builder builder = JourneySummary.builder(domain, row.getString("journey_id")).restore(
            StoredInstant.parse(row.getString("first_at")), StoredInstant.parse(row.getString("last_at")),
            MailEventType.parse(row.getString("status")), Optional.ofNullable(row.getString("message_id")),
            Optional.ofNullable(row.getString("subject")), row.getString("sender"), JsonColumns.strings(row.getString("recipients")),
            Optional.ofNullable(row.getString("arrival_mail_id")), row.getInt("arrived") == 1, row.getString("reasons"));
        for (Map.Entry<String, List<String>> kind : JsonColumns.stringLists(row.getString("terms")).entrySet()) {
            JourneyTerm term = kind(kind.getKey());
            kind.getValue().forEach(value -> builder.term(term, value));
        }
        return builder;
    }

    /** The journey's terms as its row keeps them: {"kind": [values]}, the kinds it has only. */
    private static String termsJson(JourneySummary summary) {
        Map<String, Set<String>> terms = new LinkedHashMap<>();
        for (JourneyTerm kind : JourneyTerm.values()) {
            if (!summary.terms(kind).isEmpty()) {
                terms.put(kind.asString(), summary.terms(kind));
            }
        }
        return JsonColumns.stringListsJson(terms);
    }

    private static JourneyTerm kind(String stored) {
        for (JourneyTerm kind : JourneyTerm.values()) {
            if (kind.asString().equals(stored)) {
                return kind;
            }
        }
        throw new EmbeddedStoreException("unknown journey term kind '" + stored + "' in the database");
    }

    /** A summary as stored, with its rowid: the key of its text in {@code journey_text}. */
    static final class Stored {
        private final long rowid;
        private final JourneySummary summary;

        Stored(long rowid, JourneySummary summary) {
            this.rowid = rowid;
            this.summary = summary;
        }
    }

    /** The statements a batch runs for each of its journeys, prepared once per batch. */
    private static final class Writer implements AutoCloseable {
        private final PreparedStatement select;
        private final PreparedStatement insert;
        private final PreparedStatement update;
        private final PreparedStatement insertTerm;
        private final PreparedStatement deleteTerm;
        private final PreparedStatement deleteText;
        private final PreparedStatement insertText;
        private final PreparedStatement deleteJourney;
        private final PreparedStatement lastRowid;
        /**
         * The rowid the next new journey gets, once asked: the writer numbers its rows itself (it is their only writer,
         * and holds the write lock for its whole life) because asking SQLite for each new row's rowid cost more than
         * the insert.
         */
        private long nextRowid;

        Writer(Connection connection) throws SQLException {
            select = connection.prepareStatement("SELECT rowid, " + COLUMNS + " FROM journeys WHERE domain = ? AND journey_id = ?");
            insert = connection.prepareStatement("INSERT INTO journeys (first_at, last_at, status, message_id, subject, subject_folded,"
                + " sender, recipients, arrival_mail_id, arrived, reasons, terms, domain, journey_id, rowid)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
            lastRowid = connection.prepareStatement("SELECT coalesce(max(rowid), 0) FROM journeys");
            update = connection.prepareStatement("UPDATE journeys SET first_at = ?, last_at = ?, status = ?, message_id = ?, subject = ?,"
                + " subject_folded = ?, sender = ?, recipients = ?, arrival_mail_id = ?, arrived = ?, reasons = ?, terms = ?"
                + " WHERE domain = ? AND journey_id = ?");
            insertTerm = connection.prepareStatement(
                "INSERT OR IGNORE INTO journey_terms (domain, kind, value, first_at, journey_id) VALUES (?, ?, ?, ?, ?)");
            deleteTerm = connection.prepareStatement(
                "DELETE FROM journey_terms WHERE domain = ? AND kind = ? AND value = ? AND first_at = ? AND journey_id = ?");
            deleteText = connection.prepareStatement("DELETE FROM journey_text WHERE rowid = ?");
            insertText = connection.prepareStatement("INSERT INTO journey_text (rowid, text) VALUES (?, ?)");
            deleteJourney = connection.prepareStatement("DELETE FROM journeys WHERE rowid = ?");
        }

        Optional<Stored> load(DomainName domain, String id) throws SQLException {
            select.setString(1, domain.asString());
            select.setString(2, id);
            try (ResultSet rows = select.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Stored(rows.getLong("rowid"), restored(domain, rows).build()));
            }
        }

        /** Writes the summary (its row, its new terms, its text when it changed); returns its rowid. */
        long save(Optional<Stored> stored, JourneySummary after) throws SQLException {
            String domain = after.domain().asString();
            String firstAt = StoredInstant.format(after.firstAt());
            PreparedStatement write = stored.isPresent() ? update : insert;
            write.setString(1, firstAt);
            write.setString(2, StoredInstant.format(after.lastAt()));
            write.setString(3, after.status().asString());
            setOptional(write, 4, after.messageId());
            setOptional(write, 5, after.subject());
            setOptional(write, 6, after.subject().map(EmbeddedJourneySummaries::folded));
            write.setString(7, after.sender());
            write.setString(8, JsonColumns.stringsJson(after.recipients()));
            setOptional(write, 9, after.arrivalMailId());
            write.setInt(10, after.arrived() ? 1 : 0);
            write.setString(11, after.reasons());
            write.setString(12, termsJson(after));
            write.setString(13, domain);
            write.setString(14, after.id());
            Optional<JourneySummary> before = stored.map(row -> row.summary);
            long rowid;
            if (stored.isPresent()) {
                update.executeUpdate();
                rowid = stored.get().rowid;
            } else {
                rowid = nextRowid();
                insert.setLong(15, rowid);
                insert.executeUpdate();
            }
            String text = text(after);
            if (before.isEmpty() || !text(before.get()).equals(text)) {
                if (before.isPresent()) {
                    deleteText.setLong(1, rowid);
                    deleteText.executeUpdate();
                }
                insertText.setLong(1, rowid);
                insertText.setString(2, text);
                insertText.executeUpdate();
            }
            Optional<JourneySummary> kept = before;
            if (before.isPresent() && !before.get().firstAt().equals(after.firstAt())) {
                // The terms carry the start, so that their ranges come in page order: they move with it.
                deleteTerms(before.get());
                kept = Optional.empty();
            }
            for (JourneyTerm kind : JourneyTerm.values()) {
                Set<String> known = kept.map(summary -> summary.terms(kind)).orElse(Set.of());
                for (String value : after.terms(kind)) {
                    if (!known.contains(value)) {
                        insertTerm.setString(1, domain);
                        insertTerm.setString(2, kind.asString());
                        insertTerm.setString(3, value);
                        insertTerm.setString(4, firstAt);
                        insertTerm.setString(5, after.id());
                        insertTerm.executeUpdate();
                    }
                }
            }
            return rowid;
        }

        private long nextRowid() throws SQLException {
            if (nextRowid == 0) {
                try (ResultSet last = lastRowid.executeQuery()) {
                    nextRowid = last.getLong(1) + 1;
                }
            }
            return nextRowid++;
        }

        void delete(Stored stored) throws SQLException {
            deleteTermsAndText(stored);
            deleteJourney.setLong(1, stored.rowid);
            deleteJourney.executeUpdate();
        }

        void deleteTermsAndText(Stored stored) throws SQLException {
            deleteText.setLong(1, stored.rowid);
            deleteText.executeUpdate();
            deleteTerms(stored.summary);
        }

        /** Each of the journey's terms by its whole key, as the row lists them. */
        private void deleteTerms(JourneySummary summary) throws SQLException {
            String firstAt = StoredInstant.format(summary.firstAt());
            for (JourneyTerm kind : JourneyTerm.values()) {
                for (String value : summary.terms(kind)) {
                    deleteTerm.setString(1, summary.domain().asString());
                    deleteTerm.setString(2, kind.asString());
                    deleteTerm.setString(3, value);
                    deleteTerm.setString(4, firstAt);
                    deleteTerm.setString(5, summary.id());
                    deleteTerm.executeUpdate();
                }
            }
        }

        @Override
        public void close() throws SQLException {
            for (PreparedStatement statement : List.of(select, insert, update, insertTerm, deleteTerm, deleteText, insertText,
                    deleteJourney, lastRowid)) {
                statement.close();
            }
        }
    }

    /** What {@code journey_text} holds of a journey: its subject as kept and its reasons, lower case. */
    private static String text(JourneySummary summary) {
        return summary.subject().map(EmbeddedJourneySummaries::folded).orElse("") + "\n" + summary.reasons();
    }

    private static String folded(String text) {
        return text.toLowerCase(Locale.ROOT);
    }

    private static void setOptional(PreparedStatement statement, int index, Optional<String> value) throws SQLException {
        if (value.isPresent()) {
            statement.setString(index, value.get());
        } else {
            statement.setNull(index, Types.VARCHAR);
        }
    }
}
