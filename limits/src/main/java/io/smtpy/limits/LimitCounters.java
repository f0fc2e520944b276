package io.smtpy.limits;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's counters, one number per {@link CounterKey} and fixed window (UTC hour or day), shared by every SMTP
 * session; nothing is written to a database. Counters live in memory only: a restart forgets them, and each node of a
 * cluster counts its own traffic (a limit holds per node).
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
public class LimitCounters {
    public static final int MAX_COUNTERS = 200_000;
    /** A counter crossing this share of its limit is "approaching" it. */
    public static final double APPROACHING = 0.8;
    private static final Logger LOGGER = LoggerFactory.getLogger(LimitCounters.class);

    private final Map<CounterKey, Window> windows = new ConcurrentHashMap<>();
    private final int maxCounters;
    private final AtomicBoolean toldFull = new AtomicBoolean();

    public LimitCounters() {
        this(MAX_COUNTERS);
    }

    LimitCounters(int maxCounters) {
        this.maxCounters = maxCounters;
    }

    /** An amount to count toward a limit. */
    public static final class Demand {
        private final CounterKey key;
        private final long limit;
        private final long amount;

        public Demand(CounterKey key, long limit, long amount) {
            this.key = Objects.requireNonNull(key);
            this.limit = limit;
            this.amount = amount;
            if (key.metric().window().isEmpty()) {
                throw new IllegalArgumentException(key.metric().field() + " is not counted over a window");
            }
        }

        public CounterKey key() {
            return key;
        }

        public long limit() {
            return limit;
        }

        public long amount() {
            return amount;
        }
    }

    /** An amount counted in a window, to give back with {@link #release}. */
    public static final class Taken {
        private final Demand demand;
        private final Instant windowStart;

        Taken(Demand demand, Instant windowStart) {
            this.demand = demand;
            this.windowStart = windowStart;
        }

        public Demand demand() {
            return demand;
        }
    }

    /** A counter that just reached {@link #APPROACHING} of its limit, for the first time in its window. */
    public static final class Crossing {
        private final Demand demand;
        private final long count;
        private final Instant windowStart;

        Crossing(Demand demand, long count, Instant windowStart) {
            this.demand = demand;
            this.count = count;
            this.windowStart = windowStart;
        }

        public Demand demand() {
            return demand;
        }

        public long count() {
            return count;
        }

        public Instant windowStart() {
            return windowStart;
        }
    }

    /** What {@link #acquire} did: everything taken, or nothing and the first demand that did not fit. */
    public static final class Acquisition {
        private final List<Taken> taken;
        private final Demand refused;
        private final long countAtRefusal;
        private final boolean firstRefusalInWindow;
        private final List<Crossing> crossings;

        Acquisition(List<Taken> taken, Demand refused, long countAtRefusal, boolean firstRefusalInWindow, List<Crossing> crossings) {
            this.taken = List.copyOf(taken);
            this.refused = refused;
            this.countAtRefusal = countAtRefusal;
            this.firstRefusalInWindow = firstRefusalInWindow;
            this.crossings = List.copyOf(crossings);
        }

        public boolean granted() {
            return refused == null;
        }

        public List<Taken> taken() {
            return taken;
        }

        /** The demand that did not fit; null when granted. */
        public Demand refused() {
            return refused;
        }

        /** What the refused counter held. */
        public long countAtRefusal() {
            return countAtRefusal;
        }

        /** Whether this is the refused counter's first refusal in its window (the one to tell about). */
        public boolean firstRefusalInWindow() {
            return firstRefusalInWindow;
        }

        public List<Crossing> crossings() {
            return crossings;
        }
    }

    /** A counter's value in its current window. */
    public static final class Count {
        private final CounterKey key;
        private final long count;
        private final Instant windowStart;

        Count(CounterKey key, long count, Instant windowStart) {
            this.key = key;
            this.count = count;
            this.windowStart = windowStart;
        }

        public CounterKey key() {
            return key;
        }

        public long count() {
            return count;
        }

        public Instant windowStart() {
            return windowStart;
        }

        public Instant windowEnd() {
            return windowStart.plus(1, key.metric().window().orElseThrow());
        }
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

    /** Counts every demand, or none of them when one would pass its limit. */
    public Acquisition acquire(List<Demand> demands, Instant now) {
        if (windows.size() >= maxCounters) {
            sweep(now);
        }
        List<Taken> taken = new ArrayList<>(demands.size());
        List<Crossing> crossings = new ArrayList<>();
        for (Demand demand : demands) {
            Instant start = demand.key().metric().windowStart(now);
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
                long threshold = (long) Math.ceil(demand.limit() * APPROACHING);
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
                return new Acquisition(List.of(), demand, refusedAt[0], first[0], crossings);
            }
            taken.add(new Taken(demand, start));
            if (crossed[0]) {
                crossings.add(new Crossing(demand, after[0], start));
            }
        }
        return new Acquisition(taken, null, 0, false, crossings);
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

    /**
     * Gives back what {@link #acquire} took (a mail refused later, or never sent); amounts of a window that has since
     * ended are not given back to the new one.
     */
    public void release(List<Taken> taken) {
        for (Taken each : taken) {
            windows.computeIfPresent(each.demand.key(), (key, window) -> {
                if (window.start.equals(each.windowStart)) {
                    window.count = Math.max(0, window.count - each.demand.amount());
                }
                return window;
            });
        }
    }

    /** Records a refusal decided without a counter (too many recipients); whether it is the first in the key's hour. */
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

    /** The counters of the subject and direction whose window holds {@code now}, for the usage report. */
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

    /** Drops the counters of ended windows; called before counting when the map is full, and periodically. */
    public void sweep(Instant now) {
        windows.entrySet().removeIf(entry -> !entry.getKey().metric().window()
            .map(unit -> entry.getValue().start.plus(1, unit).isAfter(now))
            .orElse(entry.getValue().start.plus(1, ChronoUnit.HOURS).isAfter(now)));
    }

    int size() {
        return windows.size();
    }
}
