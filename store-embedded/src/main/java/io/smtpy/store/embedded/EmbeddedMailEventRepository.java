package io.smtpy.store.embedded;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.smtpy.core.events.JourneyQuery;
import io.smtpy.core.events.JourneySummary;
import io.smtpy.core.events.MailEvent;
import io.smtpy.core.events.MailEventId;
import io.smtpy.core.events.MailEventQuery;
import io.smtpy.core.events.MailEventRepository;
import io.smtpy.core.events.MailEventType;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.LocalPart;

/**
 * Mail events in the {@code events} table, written in batches by one background thread.
 *
 * <p>Why batches: {@code append} runs on the mail path, and the store syncs the disk at every commit
 * ({@code synchronous=FULL}), so a transaction per event would cost every mail an fsync, several milliseconds
 * each. {@code append} only queues the event in memory; the writer thread takes everything queued, writes it in
 * one transaction (one fsync). Once an event is queued the writer lingers {@value #LINGER_MILLIS} ms for the events
 * that follow it before it writes: the steps of one mail (received, forwarded, delivered) come tens of milliseconds
 * apart, and written in one batch their journey's summary is written once, not at each step, with one commit for
 * many mails (a second rather than 200 ms: at a few hundred mails a second a batch is then 5 times larger and the
 * commits, with their full-text segments, 5 times fewer; the writer's CPU per mail fell by about 40%, see
 * bench/README.md). A reader ({@link #list}, {@link #journeys}...) cuts the linger short: it waits only for the write.
 *
 * <p>The price is the window between {@code append} and the commit (the linger and the write): events still queued when the JVM dies
 * (not when the store is closed: {@link #close()} writes them) are lost. For a log of what happened, next to a
 * mail queue that is itself durable, that is the right trade. The queue is bounded
 * ({@value #MAX_QUEUED} events): if the disk cannot keep up, further appends are refused at once
 * ({@link EmbeddedStoreException}, which {@code MailEvents} counts) rather than fill the heap or make mail wait.
 *
 * <p>{@link #list} first waits until every event appended before it was called has been written (or has
 * failed to be), so a caller reads its own writes.
 */
final class EmbeddedMailEventRepository implements MailEventRepository, AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(EmbeddedMailEventRepository.class);
    static final int MAX_QUEUED = 100_000;
    /** Events per transaction at most, so that one commit never holds the writer lock for long. */
    static final int MAX_BATCH = 1000;
    /** How long the writer waits, from the first event it has not written, for more to write with it. */
    static final long LINGER_MILLIS = 1000;
    /** How long {@link #list} and {@link #close()} wait for the writer before giving up. */
    private static final long WAIT_MILLIS = 30_000;
    private static final String INSERT = "INSERT INTO events (id, at, domain, alias, type, message_id, mail_id, sender,"
        + " recipients, smtp_code, enhanced_status, detail, journey_id, subject) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    static final String READ_COLUMNS = "id, at, alias, type, message_id, mail_id, sender, recipients, smtp_code,"
        + " enhanced_status, detail, journey_id, subject";

    private final SqliteConnections connections;
    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled when events are queued or the repository is closing: wakes the writer. */
    private final Condition queuedOrClosing = lock.newCondition();
    /** Signalled when a batch is settled (written or failed): wakes readers waiting for their writes. */
    private final Condition settledMore = lock.newCondition();
    private final AtomicLong lost = new AtomicLong();
    private final AtomicLong batches = new AtomicLong();
    private final EmbeddedJourneySummaries.Recent recentJourneys = new EmbeddedJourneySummaries.Recent();
    private final Thread writer;
    // Guarded by lock.
    private List<MailEvent> queue = new ArrayList<>();
    private long appended;
    private long settled;
    private boolean closing;
    /** Readers waiting for the writer: while there are, it does not linger. */
    private int waitingReaders;

    EmbeddedMailEventRepository(SqliteConnections connections) {
        this.connections = connections;
        connections.write(connection -> {
            EmbeddedJourneySummaries.rebuildIfPending(connection);
            return null;
        });
        this.writer = new Thread(this::writeUntilClosed, "smtpy-events-writer " + connections.file().getFileName());
        // Daemon: a JVM that exits without closing the store must not hang on this thread.
        writer.setDaemon(true);
        writer.start();
    }

    @Override
    public void append(MailEvent event) {
        Objects.requireNonNull(event, "event");
        lock.lock();
        try {
            if (closing) {
                throw new EmbeddedStoreException("the smtpy database " + connections.file() + " is closed: event not recorded");
            }
            if (queue.size() >= MAX_QUEUED) {
                throw new EmbeddedStoreException(MAX_QUEUED + " events are waiting to be written to " + connections.file()
                    + ": event not recorded");
            }
            queue.add(event);
            appended++;
            // Only what ends a wait or a linger: the first event, or a full batch. A signal per event would wake the
            // lingering writer at each one.
            if (queue.size() == 1 || queue.size() == MAX_BATCH) {
                queuedOrClosing.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<MailEvent> list(MailEventQuery query) {
        Filter filter = Filter.of(query);
        return select("SELECT " + READ_COLUMNS + " FROM events WHERE " + filter.where
            + " ORDER BY at DESC, seq DESC LIMIT " + query.limit(), filter.parameters, query.domain());
    }

    @Override
    public List<MailEvent> journey(DomainName domain, String journeyId) {
        return select("SELECT " + READ_COLUMNS + " FROM events WHERE domain = ? AND journey_id = ? ORDER BY at, seq",
            List.of(domain.asString(), journeyId), domain);
    }

    @Override
    public List<JourneySummary> journeys(JourneyQuery query) {
        if (query.matchesNothing()) {
            return List.of();
        }
        awaitWritten();
        return connections.read(connection -> EmbeddedJourneySummaries.search(connection, query));
    }

    @Override
    public void forEach(MailEventQuery query, Consumer<MailEvent> action) {
        awaitWritten();
        Filter filter = Filter.of(query);
        String sql = "SELECT " + READ_COLUMNS + " FROM events WHERE " + filter.where + " ORDER BY at, seq";
        // SQLite steps the statement as rows are asked for: one row at a time in memory, however many match.
        connections.read(connection -> {
            try (PreparedStatement select = prepared(connection, sql, filter.parameters);
                 ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    action.accept(event(query.domain(), rows));
                }
                return null;
            }
        });
    }

    @Override
    public long purge(DomainName domain, Instant before) {
        awaitWritten();
        String bound = StoredInstant.format(before);
        return connections.write(connection -> {
            recentJourneys.forget();
            List<String> cut = EmbeddedJourneySummaries.deleteStartedBefore(connection, domain, bound);
            long deleted;
            try (PreparedStatement delete = prepared(connection, "DELETE FROM events WHERE domain = ? AND at < ?",
                    List.of(domain.asString(), bound))) {
                deleted = delete.executeUpdate();
            }
            // A journey the purge cut in two is summed up again from the events it kept.
            EmbeddedJourneySummaries.rebuild(connection, domain, cut);
            return deleted;
        });
    }

    private List<MailEvent> select(String sql, List<String> parameters, DomainName domain) {
        awaitWritten();
        return connections.read(connection -> {
            try (PreparedStatement select = prepared(connection, sql, parameters);
                 ResultSet rows = select.executeQuery()) {
                List<MailEvent> events = new ArrayList<>();
                while (rows.next()) {
                    events.add(event(domain, rows));
                }
                return events;
            }
        });
    }

    private static PreparedStatement prepared(Connection connection, String sql, List<String> parameters) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < parameters.size(); i++) {
            statement.setString(i + 1, parameters.get(i));
        }
        return statement;
    }

    /** A query's filters as a WHERE clause over {@code events} and its parameters, in order. */
    private static final class Filter {
        private final StringBuilder where = new StringBuilder("domain = ?");
        private final List<String> parameters = new ArrayList<>();

        static Filter of(MailEventQuery query) {
            Filter filter = new Filter();
            filter.parameters.add(query.domain().asString());
            filter.add("alias = ?", query.alias().map(LocalPart::asString));
            filter.add("type = ?", query.type().map(MailEventType::asString));
            filter.add("journey_id = ?", query.journeyId());
            filter.add("message_id = ?", query.messageId());
            // StoredInstant's fixed-width text sorts as the instants do.
            filter.add("at >= ?", query.since().map(StoredInstant::format));
            filter.add("at < ?", query.until().map(StoredInstant::format));
            return filter;
        }

        private void add(String condition, Optional<String> value) {
            value.ifPresent(present -> {
                where.append(" AND ").append(condition);
                parameters.add(present);
            });
        }
    }

    /** Events that were taken by the writer but could not be written (a full disk, a closed file...). */
    long lost() {
        return lost.get();
    }

    /** Transactions the writer has committed (or tried to). */
    long batches() {
        return batches.get();
    }

    private void awaitWritten() {
        lock.lock();
        waitingReaders++;
        try {
            long target = appended;
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MILLIS);
            if (settled < target) {
                queuedOrClosing.signal();
            }
            while (settled < target) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0 || !writer.isAlive()) {
                    throw new EmbeddedStoreException("events appended to " + connections.file() + " were not written within "
                        + WAIT_MILLIS + " ms");
                }
                settledMore.awaitNanos(remaining);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmbeddedStoreException("interrupted while waiting for events to be written to " + connections.file(), e);
        } finally {
            waitingReaders--;
            lock.unlock();
        }
    }

    private void writeUntilClosed() {
        while (true) {
            List<MailEvent> batch;
            lock.lock();
            try {
                while (queue.isEmpty() && !closing) {
                    queuedOrClosing.awaitUninterruptibly();
                }
                if (queue.isEmpty()) {
                    return;
                }
                linger();
                if (queue.size() <= MAX_BATCH) {
                    batch = queue;
                    queue = new ArrayList<>();
                } else {
                    batch = new ArrayList<>(queue.subList(0, MAX_BATCH));
                    queue = new ArrayList<>(queue.subList(MAX_BATCH, queue.size()));
                }
            } finally {
                lock.unlock();
            }
            write(batch);
            lock.lock();
            try {
                settled += batch.size();
                settledMore.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    /** Waits, holding the lock's condition, for more events until the linger is over, a batch is full, or someone waits. */
    private void linger() {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(LINGER_MILLIS);
        long remaining = end - System.nanoTime();
        while (remaining > 0 && !closing && waitingReaders == 0 && queue.size() < MAX_BATCH) {
            try {
                queuedOrClosing.awaitNanos(remaining);
            } catch (InterruptedException e) {
                // Nobody interrupts this thread but to stop the JVM: write what is queued now.
                Thread.currentThread().interrupt();
                return;
            }
            remaining = end - System.nanoTime();
        }
    }

    /** Writes one batch and its journeys in one transaction; the writer thread calls it, and so does the search benchmark to fill a store fast. */
    void write(List<MailEvent> batch) {
        batches.incrementAndGet();
        AtomicReference<Map<List<String>, EmbeddedJourneySummaries.Stored>> written = new AtomicReference<>(Map.of());
        AtomicLong generationAtStart = new AtomicLong(-1);
        try {
            connections.write(connection -> {
                try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
                    for (MailEvent event : batch) {
                        bind(insert, event);
                        insert.addBatch();
                    }
                    insert.executeBatch();
                }
                // In the same transaction: a page of messages never sees an event its summary does not count.
                long generation = recentJourneys.generation();
                written.set(EmbeddedJourneySummaries.add(connection, batch, recentJourneys));
                generationAtStart.set(generation);
                return null;
            });
            recentJourneys.keep(generationAtStart.get(), written.get());
        } catch (RuntimeException e) {
            // Nobody waits on this thread to hear of it: the loss is logged and counted, and the writer goes on
            // with the next batch (the disk may have room again by then).
            long total = lost.addAndGet(batch.size());
            LOGGER.error("Could not write {} mail event(s) to {} ({} lost so far)", batch.size(), connections.file(), total, e);
        }
    }

    private static void bind(PreparedStatement insert, MailEvent event) throws SQLException {
        insert.setString(1, event.id().asString());
        insert.setString(2, StoredInstant.format(event.at()));
        insert.setString(3, event.domain().asString());
        setOptional(insert, 4, event.alias().map(LocalPart::asString));
        insert.setString(5, event.type().asString());
        setOptional(insert, 6, event.messageId());
        setOptional(insert, 7, event.mailId());
        insert.setString(8, event.sender());
        insert.setString(9, JsonColumns.stringsJson(event.recipients()));
        if (event.smtpCode().isPresent()) {
            insert.setInt(10, event.smtpCode().get());
        } else {
            insert.setNull(10, Types.INTEGER);
        }
        setOptional(insert, 11, event.enhancedStatus());
        insert.setString(12, event.detail());
        setOptional(insert, 13, event.journeyId());
        setOptional(insert, 14, event.subject());
    }

    private static void setOptional(PreparedStatement statement, int index, Optional<String> value) throws SQLException {
        if (value.isPresent()) {
            statement.setString(index, value.get());
        } else {
            statement.setNull(index, Types.VARCHAR);
        }
    }

    static MailEvent event(DomainName domain, ResultSet row) throws SQLException {
        int smtpCode = row.getInt("smtp_code");
        Optional<Integer> code = row.wasNull() ? Optional.empty() : Optional.of(smtpCode);
        return MailEvent.builder(domain, MailEventType.parse(row.getString("type")), StoredInstant.parse(row.getString("at")))
            .id(MailEventId.of(row.getString("id")))
            .alias(Optional.ofNullable(row.getString("alias")).map(LocalPart::of))
            .messageId(Optional.ofNullable(row.getString("message_id")))
            .mailId(Optional.ofNullable(row.getString("mail_id")))
            .journeyId(Optional.ofNullable(row.getString("journey_id")))
            .sender(row.getString("sender"))
            .recipients(JsonColumns.strings(row.getString("recipients")))
            .smtpCode(code)
            .enhancedStatus(Optional.ofNullable(row.getString("enhanced_status")))
            .detail(row.getString("detail"))
            .subject(Optional.ofNullable(row.getString("subject")))
            .build();
    }

    /**
     * Refuses further appends, writes what is queued and stops the writer; called by {@code EmbeddedStore.close()}
     * before the connections close.
     */
    @Override
    public void close() {
        lock.lock();
        try {
            closing = true;
            queuedOrClosing.signal();
        } finally {
            lock.unlock();
        }
        try {
            writer.join(WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (writer.isAlive()) {
            LOGGER.error("The mail event writer of {} did not finish within {} ms; events still queued are lost",
                connections.file(), WAIT_MILLIS);
        }
    }
}
