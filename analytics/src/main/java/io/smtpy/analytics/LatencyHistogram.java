package io.smtpy.analytics;

import java.util.Map;
import java.util.TreeMap;

/**
 * Delivery latencies in a fixed number of exponential bins: bin 0 holds 0 ms, bin {@code i} latencies up to
 * {@code ceil(1.25^i)} ms, so a percentile is read within 25 % of the true value from a few dozen numbers whatever
 * the traffic. Bins are kept sparse ({@code bin -> count}), which is also how they are stored.
 */
public final class LatencyHistogram {
    static final int BINS = 120;
    private static final double GROWTH = 1.25;

    private LatencyHistogram() {
    }

    static int bin(long millis) {
        if (millis <= 0) {
            return 0;
        }
        int bin = (int) Math.ceil(Math.log(millis) / Math.log(GROWTH));
        return Math.max(1, Math.min(BINS - 1, bin));
    }

    /** The largest latency, in ms, that falls in {@code bin}. */
    static long upperBound(int bin) {
        return bin == 0 ? 0 : (long) Math.ceil(Math.pow(GROWTH, bin));
    }

    static void add(Map<Integer, Long> bins, long millis) {
        bins.merge(bin(millis), 1L, Long::sum);
    }

    /**
     * The latency at or below which {@code percent} of the samples fall, as the upper bound of its bin; empty bins give
     * -1.
     */
    public static long percentile(Map<Integer, Long> bins, double percent) {
        long total = bins.values().stream().mapToLong(Long::longValue).sum();
        if (total == 0) {
            return -1;
        }
        long rank = (long) Math.ceil(percent / 100 * total);
        long seen = 0;
        for (Map.Entry<Integer, Long> bin : new TreeMap<>(bins).entrySet()) {
            seen += bin.getValue();
            if (seen >= Math.max(1, rank)) {
                return upperBound(bin.getKey());
            }
        }
        throw new IllegalStateException("unreachable: the last bin holds the total");
    }
}
