package io.smtpy.store.cassandra;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;

import io.smtpy.limits.CounterKey;
import io.smtpy.limits.LimitCounters;
import io.smtpy.limits.LimitCountersUnavailable;
import io.smtpy.limits.LimitDirection;
import io.smtpy.limits.LimitMetric;
import io.smtpy.limits.LimitSubject;

/**
 * The limit counters shared by every node on the keyspace, in {@code limit_counters}: Cassandra counter columns, one
 * row per counter key and window, partitioned by (window start, shard) where the shard (one of {@value #SHARDS}) is a
 * hash of the subject and direction: a subject's counters of one window are one slice of one partition (the usage
 * report reads one or two), and a window's writes are spread over {@value #SHARDS} partitions.
 *
 * <p><b>Acquire: increment, then read back.</b> Every demand's counter is incremented (at once, in parallel), then every
 * counter is read (likewise); when a read shows a counter over its demand's limit, every increment is given back (a
 * decrement) and the mail refused. Counters are written and read at {@code LOCAL_QUORUM}, so a read returns at least
 * every increment acknowledged before it started. <i>Why nodes never together pass a limit:</i> of the acquisitions
 * granted on a counter, take the one whose increment was acknowledged last; every other granted increment was
 * acknowledged before that, hence before its read, which therefore saw them all plus its own, and found them within
 * the limit: the granted amounts in force never exceed it (refused amounts not yet given back only add to what reads
 * see). <i>The cost:</i> an amount counts from its increment until it is given back, so near the limit two nodes can
 * each see the other's amount and both refuse, one of them needlessly (a refusal too many per acquisition in flight;
 * the sender retries a 451). With several data centres, {@code LOCAL_QUORUM} makes a limit hold per data centre.
 *
 * <p><b>No silent retries.</b> A counter update is not idempotent: a retried increment may count twice. The updates are
 * marked non-idempotent, so the driver neither retries them after a timeout nor runs speculative executions. A failed
 * increment is then applied or not: when the failure says it was not (no replica available, no node reached) there is
 * nothing to give back; when it may have been (a timeout) it is not given back either, so the counter may hold an
 * amount too many until its window ends: a limit reached early, never passed.
 *
 * <p><b>Cassandra not answering.</b> Each statement on the mail path has a {@value #TIMEOUT_MILLIS} ms timeout, and the
 * increments, the reads and the give-backs each run in parallel, so {@link #acquire} takes at most that per round (two
 * rounds, three or four when it refuses or tells): a failure gives back what it counted (without waiting) and throws
 * {@link LimitCountersUnavailable}; {@code LimitPolicy} then defers the
 * mail with {@code 451 4.3.0} rather than let it pass uncounted (a store in trouble must not lift every limit of the
 * cluster, and the sender keeps the mail). With no node reachable the driver fails at once.
 *
 * <p><b>Once per window.</b> The first crossing of 80 % and the first refusal of a counter in a window are claimed in
 * {@code limit_notices} with {@code INSERT ... IF NOT EXISTS}: of nodes racing, one tells. A node remembers what it has
 * claimed or seen claimed, so that costs one conditional write per node, counter and window at most; when the write
 * fails the node tells anyway (a second alert rather than none).
 *
 * <p><b>Bounded storage.</b> Counter columns cannot have a TTL. Windows are never read once ended, so {@link #sweep}
 * deletes whole partitions of windows that started before yesterday (UTC): the table holds about two days of counters.
 * Its tombstones matter little: {@code gc_grace_seconds} is three hours, as a counter of an ended window that a replica
 * brings back is never read and is deleted by a later sweep. The notices live two days ({@code default_time_to_live}).
 */
public final class CassandraLimitCounters implements LimitCounters {
    public static final TableSet TABLES = TableSet.of("limit-counters")
        .migration("CREATE TABLE IF NOT EXISTS limit_counters (window_start timestamp, shard int, domain text, scope text,"
                + " key text, direction text, metric text, recipient_domain text, count counter,"
                + " PRIMARY KEY ((window_start, shard), domain, scope, key, direction, metric, recipient_domain))"
                + " WITH gc_grace_seconds = 10800",
            "CREATE TABLE IF NOT EXISTS limit_notices (window_start timestamp, shard int, domain text, scope text,"
                + " key text, direction text, metric text, recipient_domain text, kind text, told_at timestamp,"
                + " PRIMARY KEY ((window_start, shard), domain, scope, key, direction, metric, recipient_domain, kind))"
                + " WITH default_time_to_live = 172800 AND gc_grace_seconds = 10800")
        .build();

    /** Partitions per window. Changing it moves every subject's counters: only with a new table. */
    static final int SHARDS = 16;
    static final long TIMEOUT_MILLIS = 2_000;
    /** How far back (days) the first sweep of a node looks for windows left behind. */
    static final int SWEEP_DAYS = 7;
    static final int MAX_REMEMBERED_NOTICES = 100_000;
    private static final Duration TIMEOUT = Duration.ofMillis(TIMEOUT_MILLIS);
    private static final String APPROACHING_NOTICE = "approaching";
    private static final String REACHED_NOTICE = "reached";
    private static final String SUBJECT = "window_start = ? AND shard = ? AND domain = ? AND scope = ? AND key = ? AND direction = ?";
    private static final String ROW = SUBJECT + " AND metric = ? AND recipient_domain = ?";
    private static final Logger LOGGER = LoggerFactory.getLogger(CassandraLimitCounters.class);

    private final CassandraStore store;
    private final PreparedStatement add;
    private final PreparedStatement read;
    private final PreparedStatement readSubject;
    private final PreparedStatement claimNotice;
    private final PreparedStatement dropWindow;
    private final Set<Notice> notices = ConcurrentHashMap.newKeySet();
    private final int sweepDays;
    private volatile Instant sweptUntil;

    /** Prepares its statements at once, so that the mail path never waits for a statement to be prepared. */
    public CassandraLimitCounters(CassandraStore store) {
        this(store, SWEEP_DAYS);
    }

    /** @param sweepDays how far back the first {@link #sweep} looks (tests: fewer partitions to delete) */
    CassandraLimitCounters(CassandraStore store, int sweepDays) {
        this.store = store;
        this.sweepDays = sweepDays;
        this.add = store.prepare("UPDATE limit_counters SET count = count + ? WHERE " + ROW);
        this.read = store.prepare("SELECT count FROM limit_counters WHERE " + ROW);
        this.readSubject = store.prepare("SELECT metric, recipient_domain, count FROM limit_counters WHERE " + SUBJECT);
        this.claimNotice = store.prepare("INSERT INTO limit_notices (window_start, shard, domain, scope, key, direction,"
            + " metric, recipient_domain, kind, told_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) IF NOT EXISTS");
        this.dropWindow = store.prepare("DELETE FROM limit_counters WHERE window_start = ? AND shard = ?");
    }

    @Override
    public Acquisition acquire(List<Demand> demands, Instant now) {
        List<Taken> taken = new ArrayList<>(demands.size());
        demands.forEach(demand -> taken.add(new Taken(demand, demand.windowStart(now))));
        List<BoundStatement> increments = new ArrayList<>(taken.size());
        taken.forEach(each -> increments.add(add(each, each.demand().amount())));
        List<CompletableFuture<AsyncResultSet>> added = run(increments);
        List<Taken> counted = new ArrayList<>(taken.size());
        Throwable failure = null;
        for (int i = 0; i < taken.size(); i++) {
            Optional<Throwable> failed = failure(added.get(i));
            if (failed.isEmpty()) {
                counted.add(taken.get(i));
            } else if (failure == null) {
                failure = failed.get();
            }
        }
        if (failure != null) {
            giveBack(counted, false);
            throw unavailable("counting", failure);
        }
        List<BoundStatement> reads = new ArrayList<>(taken.size());
        taken.forEach(each -> reads.add(key(read.bind(), each.demand().key(), each.windowStart()).setTimeout(TIMEOUT)));
        List<CompletableFuture<AsyncResultSet>> values = run(reads);
        for (CompletableFuture<AsyncResultSet> value : values) {
            Optional<Throwable> failed = failure(value);
            if (failed.isPresent()) {
                giveBack(taken, false);
                throw unavailable("reading back", failed.get());
            }
        }
        List<Crossing> crossings = new ArrayList<>();
        for (int i = 0; i < taken.size(); i++) {
            Demand demand = taken.get(i).demand();
            Instant start = taken.get(i).windowStart();
            Row row = values.get(i).join().one();
            long count = row == null ? 0 : row.getLong("count");
            if (count > demand.limit()) {
                giveBack(taken, true);
                return Acquisition.refused(demand, count - demand.amount(), firstNotice(demand.key(), start, REACHED_NOTICE, now),
                    crossings);
            }
            if (count >= demand.approachingAt() && firstNotice(demand.key(), start, APPROACHING_NOTICE, now)) {
                crossings.add(new Crossing(demand, count, start));
            }
        }
        return Acquisition.granted(taken, crossings);
    }

    @Override
    public void release(List<Taken> taken) {
        giveBack(taken, true);
    }

    @Override
    public boolean firstRefusal(CounterKey key, Instant now) {
        return firstNotice(key, now.truncatedTo(ChronoUnit.HOURS), REACHED_NOTICE, now);
    }

    @Override
    public List<Count> counts(LimitSubject subject, LimitDirection direction, Instant now) {
        Set<Instant> starts = new LinkedHashSet<>(List.of(LimitMetric.MESSAGES_PER_HOUR.windowStart(now),
            LimitMetric.MESSAGES_PER_DAY.windowStart(now)));
        List<Count> counts = new ArrayList<>();
        for (Instant start : starts) {
            Iterable<Row> rows;
            try {
                rows = store.execute(readSubject.bind(start, shard(subject, direction), subject.domain().asString(),
                    subject.scope().asString(), subject.key(), direction.asString()).setTimeout(TIMEOUT),
                    "reading the limit counters of " + subject.describe());
            } catch (CassandraStoreException e) {
                throw new LimitCountersUnavailable(e.getMessage(), e);
            }
            for (Row row : rows) {
                LimitMetric.ofField(row.getString("metric"))
                    .filter(metric -> metric.window().isPresent() && metric.windowStart(now).equals(start))
                    .ifPresent(metric -> {
                        String recipientDomain = row.getString("recipient_domain");
                        CounterKey key = recipientDomain.isEmpty() ? CounterKey.of(subject, direction, metric)
                            : CounterKey.toRecipientDomain(subject, recipientDomain);
                        counts.add(new Count(key, row.getLong("count"), start));
                    });
            }
        }
        return counts;
    }

    /**
     * Deletes the partitions of the windows that started before yesterday (UTC): on a node's first sweep those of the
     * {@value #SWEEP_DAYS} days before, then those that have aged since its last sweep (a day's: {@value #SHARDS}
     * partition deletions an hour, in parallel). A failure leaves the rest for
     * the next sweep.
     */
    @Override
    public void sweep(Instant now) {
        Instant horizon = LimitMetric.MESSAGES_PER_DAY.windowStart(now).minus(1, ChronoUnit.DAYS);
        Instant from = sweptUntil != null ? sweptUntil : horizon.minus(sweepDays, ChronoUnit.DAYS);
        while (from.isBefore(horizon)) {
            // A day of windows at a time: its hours' partitions (the day's window shares its first hour's).
            Instant until = from.plus(1, ChronoUnit.DAYS).isBefore(horizon) ? from.plus(1, ChronoUnit.DAYS) : horizon;
            List<BoundStatement> deletes = new ArrayList<>();
            for (Instant start = from; start.isBefore(until); start = start.plus(1, ChronoUnit.HOURS)) {
                for (int shard = 0; shard < SHARDS; shard++) {
                    deletes.add(dropWindow.bind(start, shard).setTimeout(TIMEOUT));
                }
            }
            for (CompletableFuture<AsyncResultSet> deleted : run(deletes)) {
                Optional<Throwable> failed = failure(deleted);
                if (failed.isPresent()) {
                    throw new CassandraStoreException("Cassandra failed deleting the limit counters of the windows from "
                        + from + " to " + until + ": " + failed.get().getMessage(), failed.get());
                }
            }
            sweptUntil = until;
            from = until;
        }
        notices.removeIf(notice -> notice.windowStart.isBefore(horizon));
    }

    private BoundStatement add(Taken taken, long amount) {
        // Not idempotent: the driver must not send it twice (no retry after a timeout, no speculative execution).
        return key(add.bind().setLong(0, amount), taken.demand().key(), taken.windowStart(), 1)
            .setIdempotent(false).setTimeout(TIMEOUT);
    }

    private static BoundStatement key(BoundStatement statement, CounterKey key, Instant windowStart) {
        return key(statement, key, windowStart, 0);
    }

    /** Binds the row's primary key from parameter {@code first} on. */
    private static BoundStatement key(BoundStatement statement, CounterKey key, Instant windowStart, int first) {
        LimitSubject subject = key.subject();
        return statement.setInstant(first, windowStart)
            .setInt(first + 1, shard(subject, key.direction()))
            .setString(first + 2, subject.domain().asString())
            .setString(first + 3, subject.scope().asString())
            .setString(first + 4, subject.key())
            .setString(first + 5, key.direction().asString())
            .setString(first + 6, key.metric().field())
            .setString(first + 7, key.recipientDomain().orElse(""));
    }

    /** Stable across nodes and versions: {@link String#hashCode()} is specified. */
    static int shard(LimitSubject subject, LimitDirection direction) {
        return Math.floorMod((subject.domain().asString() + "\n" + subject.scope().asString() + "\n" + subject.key()
            + "\n" + direction.asString()).hashCode(), SHARDS);
    }

    /**
     * Decrements what was taken. Waiting, a failure is logged (the amount stays counted until its window ends);
     * not waiting, on a path that is failing anyway, likewise when it comes.
     */
    private void giveBack(List<Taken> taken, boolean wait) {
        List<BoundStatement> decrements = new ArrayList<>(taken.size());
        List<Taken> given = new ArrayList<>(taken.size());
        for (Taken each : taken) {
            if (each.demand().amount() != 0) {
                decrements.add(add(each, -each.demand().amount()));
                given.add(each);
            }
        }
        List<CompletableFuture<AsyncResultSet>> running = run(decrements);
        for (int i = 0; i < running.size(); i++) {
            Taken each = given.get(i);
            if (wait) {
                failure(running.get(i)).ifPresent(failed -> notGivenBack(each, failed));
            } else {
                running.get(i).whenComplete((done, failed) -> {
                    if (failed != null) {
                        notGivenBack(each, failed);
                    }
                });
            }
        }
    }

    private static void notGivenBack(Taken taken, Throwable failure) {
        LOGGER.warn("Could not give back {} to the {} counter of the window from {} (it stays counted): {}",
            taken.demand().amount(), taken.demand().key(), taken.windowStart(), cause(failure).getMessage());
    }

    /**
     * Whether this is the first such notice of the counter's window in the cluster: claimed by a conditional write,
     * remembered by the node so that it asks once.
     */
    private boolean firstNotice(CounterKey key, Instant windowStart, String kind, Instant now) {
        Notice notice = new Notice(key, windowStart, kind);
        if (notices.contains(notice)) {
            return false;
        }
        boolean first;
        try {
            first = store.applied(key(claimNotice.bind(), key, windowStart).setString(8, kind)
                .setInstant(9, now).setTimeout(TIMEOUT), "recording the " + kind + " notice of " + key);
        } catch (CassandraStoreException e) {
            LOGGER.warn("Could not record the {} notice of the {} counter of the window from {}; this node tells it: {}",
                kind, key, windowStart, e.getMessage());
            first = true;
        }
        if (notices.size() >= MAX_REMEMBERED_NOTICES) {
            notices.removeIf(remembered -> remembered.windowStart.isBefore(windowStart.minus(1, ChronoUnit.DAYS)));
            if (notices.size() >= MAX_REMEMBERED_NOTICES) {
                notices.clear();
            }
        }
        notices.add(notice);
        return first;
    }

    /** Sends the statements at once; each one's future, completed (successfully or not) once this returns. */
    private List<CompletableFuture<AsyncResultSet>> run(List<BoundStatement> statements) {
        List<CompletableFuture<AsyncResultSet>> running = new ArrayList<>(statements.size());
        for (BoundStatement statement : statements) {
            CompletableFuture<AsyncResultSet> future;
            try {
                future = store.session().executeAsync(statement).toCompletableFuture();
            } catch (RuntimeException e) {
                future = CompletableFuture.failedFuture(e);
            }
            running.add(future);
        }
        for (CompletableFuture<AsyncResultSet> future : running) {
            try {
                // The driver times each statement out; this is only a backstop.
                future.get(2 * TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                // Seen by failure().
            } catch (TimeoutException e) {
                future.completeExceptionally(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                future.completeExceptionally(e);
            }
        }
        return running;
    }

    private static Optional<Throwable> failure(CompletableFuture<AsyncResultSet> done) {
        try {
            done.join();
            return Optional.empty();
        } catch (CompletionException | CancellationException e) {
            return Optional.of(cause(e));
        }
    }

    private static Throwable cause(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }

    private static LimitCountersUnavailable unavailable(String doing, Throwable failure) {
        return new LimitCountersUnavailable("Cassandra failed " + doing + " limit counters: " + failure.getMessage(), failure);
    }

    private static final class Notice {
        final CounterKey key;
        final Instant windowStart;
        final String kind;

        Notice(CounterKey key, Instant windowStart, String kind) {
            this.key = key;
            this.windowStart = windowStart;
            this.kind = kind;
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof Notice)) {
                return false;
            }
            Notice other = (Notice) o;
            return key.equals(other.key) && windowStart.equals(other.windowStart) && kind.equals(other.kind);
        }

        @Override
        public int hashCode() {
            return Objects.hash(key, windowStart, kind);
        }
    }
}
