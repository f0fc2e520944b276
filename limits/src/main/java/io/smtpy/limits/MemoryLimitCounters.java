package io.smtpy.limits;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's {@link LimitCounters} in memory, shared by every SMTP session of the node; nothing is written to a
 * database. For a store only one node uses (the memory and embedded flavours): a restart forgets the counts, and nodes
 * would each count their own traffic (a cluster shares {@code CassandraLimitCounters}).
 *
 * <p><b>Check-and-count.</b> {@link #acquire} takes all the amounts of one mail or none: each counter is checked and
 * increased in one step under its {@link ConcurrentHashMap#compute} (the map's per-bin lock, so sessions counting
 * different keys do not wait for each other), and when one of them would pass its limit the ones already taken are
 * given back. So concurrent sessions never together pass a limit; at worst a mail is refused while another session's
 * amount, about to be given back, is still counted (at most one refusal too many per session in flight).
 *
 * <p><b>Bounded.</b> At most {@link #MAX_COUNTERS} counters: when full, counters of ended windows are swept; when still
 * full, a new counter is not created and its amount is allowed uncounted (logged once), rather than grow without end.
 * Counters exist only for subjects with limits set, so that takes 100,000s of busy subjects.
 */
public class MemoryLimitCounters implements LimitCounters {
    public static final int MAX_COUNTERS = 200_000;
    private static final Logger LOGGER = LoggerFactory.getLogger(MemoryLimitCounters.class);

    private final Map<CounterKey, Window> windows = new ConcurrentHashMap<>();
    private final int maxCounters;
    private final AtomicBoolean toldFull = new AtomicBoolean();

    public MemoryLimitCounters() {
        this(MAX_COUNTERS);
    }

    MemoryLimitCounters(int maxCounters) {
        this.maxCounters = maxCounters;
    }

    private static final class Window {
        final Instant start;
        /** Changed only inside the map's compute (one writer at a time); volatile for the usage report's reads. */
        volatile long count;
        boolean approachingTold;
        boolean reachedTold;

        Window(Instant start) {
            this.start = start;
        }
    }

    @Override
    public Acquisition acquire(List<Demand> demands, Instant now) {
        if (windows.size() >= maxCounters) {
            sweep(now);
        }
        List<Taken> taken = new ArrayList<>(demands.size());
        List<Crossing> crossings = new ArrayList<>();
        for (Demand demand : demands) {
            Instant start = demand.windowStart(now);
            long[] refusedAt = {-1};
            boolean[] first = {false};
            boolean[] crossed = {false};
            long[] after = {0};
            Window window = windows.compute(demand.key(), (key, existing) -> {
                Window current = existing == null || !existing.start.equals(start) ? newWindow(start, existing) : existing;
                if (current == null) {
                    return null;
                }
                if (current.count + demand.amount() > demand.limit()) {
                    refusedAt[0] = current.count;
                    first[0] = !current.reachedTold;
                    current.reachedTold = true;
                    return current;
                }
                long threshold = demand.approachingAt();
                if (!current.approachingTold && current.count < threshold && current.count + demand.amount() >= threshold) {
                    current.approachingTold = true;
                    crossed[0] = true;
                }
                current.count += demand.amount();
                after[0] = current.count;
                return current;
            });
            if (window == null) {
                continue;
            }
            if (refusedAt[0] >= 0) {
                release(taken);
                return Acquisition.refused(demand, refusedAt[0], first[0], crossings);
            }
            taken.add(new Taken(demand, start));
            if (crossed[0]) {
                crossings.add(new Crossing(demand, after[0], start));
            }
        }
        return Acquisition.granted(taken, crossings);
    }

    /** A window for a key that has none in force; null when the counters are full (the amount goes uncounted). */
    private Window newWindow(Instant start, Window existing) {
        if (existing == null && windows.size() >= maxCounters) {
            // Called inside compute(), which must not change the map itself: the sweep ran before, in acquire().
            if (toldFull.compareAndSet(false, true)) {
                LOGGER.warn("{} limit counters in use: new counters are not created and their mail is not counted until"
                    + " older windows end", maxCounters);
            }
            return null;
        }
        return new Window(start);
    }

    @Override
    public void release(List<Taken> taken) {
        for (Taken each : taken) {
            windows.computeIfPresent(each.demand().key(), (key, window) -> {
                if (window.start.equals(each.windowStart())) {
                    window.count = Math.max(0, window.count - each.demand().amount());
                }
                return window;
            });
        }
    }

    @Override
    public boolean firstRefusal(CounterKey key, Instant now) {
        Instant start = now.truncatedTo(ChronoUnit.HOURS);
        boolean[] first = {false};
        windows.compute(key, (k, existing) -> {
            Window current = existing == null || !existing.start.equals(start) ? newWindow(start, existing) : existing;
            if (current == null) {
                first[0] = true;
                return null;
            }
            first[0] = !current.reachedTold;
            current.reachedTold = true;
            return current;
        });
        return first[0];
    }

    @Override
    public List<Count> counts(LimitSubject subject, LimitDirection direction, Instant now) {
        List<Count> counts = new ArrayList<>();
        windows.forEach((key, window) -> {
            if (key.subject().equals(subject) && key.direction() == direction && key.metric().window().isPresent()) {
                if (window.start.equals(key.metric().windowStart(now))) {
                    counts.add(new Count(key, window.count, window.start));
                }
            }
        });
        return counts;
    }

    /** Drops the counters of ended windows at once; also called before counting when the map is full. */
    @Override
    public void sweep(Instant now) {
        windows.entrySet().removeIf(entry -> !entry.getKey().metric().window()
            .map(unit -> entry.getValue().start.plus(1, unit).isAfter(now))
            .orElse(entry.getValue().start.plus(1, ChronoUnit.HOURS).isAfter(now)));
    }

    int size() {
        return windows.size();
    }
}
