package io.smtpy.limits;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The counters behind the limits (a storage port): one number per {@link CounterKey} and fixed window (UTC hour or
 * day), shared by every SMTP session of a node and, when the store is shared, by every node of the cluster.
 * {@link MemoryLimitCounters} is one node's (the memory and embedded flavours); {@code CassandraLimitCounters} in
 * store-cassandra is shared by the nodes on one keyspace. Every implementation passes {@code LimitCountersContract}.
 *
 * <p><b>Check-and-count.</b> {@link #acquire} takes all the amounts of one mail or none. Concurrent callers (sessions of
 * one node, or nodes sharing the store) never together pass a limit: the amounts granted and not given back in a window
 * never add up to more than a demand's limit. The price is on the other side: near the limit a mail may be refused
 * while another caller's amount, about to be given back, still counts (a refusal too many per caller in flight).
 *
 * <p><b>Once per window.</b> An {@link Acquisition}'s {@link Crossing}s and its {@link Acquisition#firstRefusalInWindow}
 * (and {@link #firstRefusal}) are true once per counter and window: for the events and owner alerts that must not
 * repeat. A shared store tells one node of the cluster; when it cannot tell, a node errs toward telling (at most once
 * per node).
 *
 * <p><b>A store that does not answer.</b> {@link #acquire} and {@link #counts} throw {@link LimitCountersUnavailable}
 * within seconds (nothing is counted then; {@link LimitPolicy} defers the mail with {@code 451 4.3.0}); {@link #release}
 * and {@link #firstRefusal} do not throw (an amount not given back stays counted: a limit reached early, never passed).
 */
public interface LimitCounters {
    /** A counter crossing this share of its limit is "approaching" it. */
    double APPROACHING = 0.8;

    /** Counts every demand, or none of them when one would pass its limit. */
    Acquisition acquire(List<Demand> demands, Instant now);

    /**
     * Gives back what {@link #acquire} took (a mail refused later, or never sent); amounts of a window that has since
     * ended are not given back to the new one.
     */
    void release(List<Taken> taken);

    /** Records a refusal decided without a counter (too many recipients); whether it is the first in the key's hour. */
    boolean firstRefusal(CounterKey key, Instant now);

    /** The counters of the subject and direction whose window holds {@code now}, for the usage report. */
    List<Count> counts(LimitSubject subject, LimitDirection direction, Instant now);

    /** Drops counters of ended windows, which are never read again (how long after they end is the store's choice). */
    void sweep(Instant now);

    /** An amount to count toward a limit. */
    final class Demand {
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

        /** The count from which the counter is {@link #APPROACHING} its limit. */
        public long approachingAt() {
            return (long) Math.ceil(limit * APPROACHING);
        }

        /** The start of the demand's window holding {@code now}. */
        public Instant windowStart(Instant now) {
            return key.metric().windowStart(now);
        }
    }

    /** An amount counted in a window, to give back with {@link #release}. */
    final class Taken {
        private final Demand demand;
        private final Instant windowStart;

        public Taken(Demand demand, Instant windowStart) {
            this.demand = Objects.requireNonNull(demand);
            this.windowStart = Objects.requireNonNull(windowStart);
        }

        public Demand demand() {
            return demand;
        }

        public Instant windowStart() {
            return windowStart;
        }
    }

    /** A counter that just reached {@link #APPROACHING} of its limit, for the first time in its window. */
    final class Crossing {
        private final Demand demand;
        private final long count;
        private final Instant windowStart;

        public Crossing(Demand demand, long count, Instant windowStart) {
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
    final class Acquisition {
        private final List<Taken> taken;
        private final Demand refused;
        private final long countAtRefusal;
        private final boolean firstRefusalInWindow;
        private final List<Crossing> crossings;

        private Acquisition(List<Taken> taken, Demand refused, long countAtRefusal, boolean firstRefusalInWindow,
                            List<Crossing> crossings) {
            this.taken = List.copyOf(taken);
            this.refused = refused;
            this.countAtRefusal = countAtRefusal;
            this.firstRefusalInWindow = firstRefusalInWindow;
            this.crossings = List.copyOf(crossings);
        }

        public static Acquisition granted(List<Taken> taken, List<Crossing> crossings) {
            return new Acquisition(taken, null, 0, false, crossings);
        }

        /**
         * @param countAtRefusal what the refused counter held without the refused amount
         * @param crossings those of the demands before the refused one
         */
        public static Acquisition refused(Demand refused, long countAtRefusal, boolean firstRefusalInWindow,
                                          List<Crossing> crossings) {
            return new Acquisition(List.of(), Objects.requireNonNull(refused), countAtRefusal, firstRefusalInWindow, crossings);
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
    final class Count {
        private final CounterKey key;
        private final long count;
        private final Instant windowStart;

        public Count(CounterKey key, long count, Instant windowStart) {
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
}
