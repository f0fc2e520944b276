package io.smtpy.analytics;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.google.common.collect.ImmutableMap;

/**
 * The counts of one {@link RollupKey}: named counters, the top values of each dimension and the delivery latency
 * histogram. Immutable; {@link #plus(Rollup)} adds two of one key.
 *
 * <p>Counters are named by strings so that storage needs no column per counter and a new one (a later bounce
 * classifier's class) needs no migration: an event type's name ({@code received}, {@code bounced}...),
 * {@code rejected:<reason>}, {@code bounced:<class>}, {@link #SPAM} and {@link #VIRUS}.
 */
public final class Rollup {
    public static final String SPAM = "spam";
    public static final String VIRUS = "virus";
    public static final String REJECTED_BY = "rejected:";
    public static final String BOUNCED_BY = "bounced:";
    public static final String SENDERS = "senders";
    public static final String ALIASES = "aliases";
    public static final String DESTINATIONS = "destinations";
    public static final List<String> DIMENSIONS = List.of(SENDERS, ALIASES, DESTINATIONS);

    private final RollupKey key;
    private final Map<String, Long> counts;
    private final Map<String, Map<String, Long>> top;
    private final Map<Integer, Long> latency;

    public Rollup(RollupKey key, Map<String, Long> counts, Map<String, Map<String, Long>> top, Map<Integer, Long> latency) {
        this.key = Objects.requireNonNull(key, "key");
        this.counts = ImmutableMap.copyOf(counts);
        ImmutableMap.Builder<String, Map<String, Long>> tops = ImmutableMap.builder();
        top.forEach((dimension, values) -> {
            if (!DIMENSIONS.contains(dimension)) {
                throw new IllegalArgumentException("unknown top dimension '" + dimension + "' (known: " + DIMENSIONS + ")");
            }
            if (!values.isEmpty()) {
                tops.put(dimension, ImmutableMap.copyOf(TopValues.top(values, TopValues.CAPACITY)));
            }
        });
        this.top = tops.build();
        latency.keySet().forEach(bin -> {
            if (bin < 0 || bin >= LatencyHistogram.BINS) {
                throw new IllegalArgumentException("latency bin must be between 0 and " + (LatencyHistogram.BINS - 1) + ", got " + bin);
            }
        });
        this.latency = ImmutableMap.copyOf(latency);
    }

    public RollupKey key() {
        return key;
    }

    /** Counter name to count; counters never counted are absent. */
    public Map<String, Long> counts() {
        return counts;
    }

    public long count(String counter) {
        return counts.getOrDefault(counter, 0L);
    }

    /** Dimension ({@link #DIMENSIONS}) to its top values and their counts, at most {@link TopValues#CAPACITY} each. */
    public Map<String, Map<String, Long>> top() {
        return top;
    }

    /** Latency bin to the number of deliveries in it ({@link LatencyHistogram}). */
    public Map<Integer, Long> latency() {
        return latency;
    }

    /** The sum of this and {@code other} (of the same key): counts added, top values merged and bounded again. */
    public Rollup plus(Rollup other) {
        if (!key.equals(other.key)) {
            throw new IllegalArgumentException("cannot add the roll-up of " + other.key + " to that of " + key);
        }
        return plusCounts(other).withKey(key);
    }

    /** Adds {@code other}'s counts whatever its key (days are made of hours); the result keeps this key. */
    Builder plusCounts(Rollup other) {
        Builder sum = new Builder(key);
        sum.add(this);
        sum.add(other);
        return sum;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Rollup)) {
            return false;
        }
        Rollup other = (Rollup) o;
        return key.equals(other.key) && counts.equals(other.counts) && top.equals(other.top) && latency.equals(other.latency);
    }

    @Override
    public int hashCode() {
        return Objects.hash(key, counts, top, latency);
    }

    @Override
    public String toString() {
        return "Rollup{" + key + " " + counts + " top " + top + " latency " + latency + "}";
    }

    /** Mutable counts being gathered; not thread-safe. */
    static final class Builder {
        private final RollupKey key;
        private final Map<String, Long> counts = new HashMap<>();
        private final Map<String, TopValues> top = new HashMap<>();
        private final Map<Integer, Long> latency = new HashMap<>();

        Builder(RollupKey key) {
            this.key = key;
        }

        void count(String counter) {
            counts.merge(counter, 1L, Long::sum);
        }

        void topValue(String dimension, String value) {
            top.computeIfAbsent(dimension, any -> new TopValues()).add(value, 1);
        }

        void latency(long millis) {
            LatencyHistogram.add(latency, millis);
        }

        void add(Rollup rollup) {
            rollup.counts.forEach((counter, count) -> counts.merge(counter, count, Long::sum));
            rollup.top.forEach((dimension, values) -> top.computeIfAbsent(dimension, any -> new TopValues()).addAll(values));
            rollup.latency.forEach((bin, count) -> latency.merge(bin, count, Long::sum));
        }

        Rollup withKey(RollupKey newKey) {
            Map<String, Map<String, Long>> tops = new HashMap<>();
            top.forEach((dimension, values) -> tops.put(dimension, values.snapshot()));
            return new Rollup(newKey, counts, tops, latency);
        }

        Rollup build() {
            return withKey(key);
        }
    }
}
