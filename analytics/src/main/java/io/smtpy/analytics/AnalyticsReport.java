package io.smtpy.analytics;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;

/**
 * Series ready for charts: one count per bucket for each series, every series as long as {@link #buckets()}
 * (zero-filled), with the span's totals by rejection reason and bounce class, its latency percentiles and its top values.
 */
public final class AnalyticsReport {
    /** The series every report has, in this order: event types, the spam and virus outcomes, then tracked opens and clicks. */
    public static final List<String> SERIES = List.of("received", "forwarded", "delivered", "deferred", "bounced", "rejected",
        "dropped", "quarantined", "unscanned", Rollup.SPAM, Rollup.VIRUS, "opened", "clicked");
    /** How many top values of each dimension a report shows. */
    public static final int TOP = 10;

    private final AnalyticsQuery query;
    private final List<Instant> buckets;
    private final Map<String, List<Long>> series;
    private final Map<String, Long> rejectedByReason;
    private final Map<String, Long> bouncedByClass;
    private final Optional<Latency> latency;
    private final Map<String, Map<String, Long>> top;

    AnalyticsReport(AnalyticsQuery query, List<Instant> buckets, Map<String, List<Long>> series, Map<String, Long> rejectedByReason,
                    Map<String, Long> bouncedByClass, Optional<Latency> latency, Map<String, Map<String, Long>> top) {
        this.query = query;
        this.buckets = ImmutableList.copyOf(buckets);
        this.series = ImmutableMap.copyOf(series);
        this.rejectedByReason = ImmutableMap.copyOf(rejectedByReason);
        this.bouncedByClass = ImmutableMap.copyOf(bouncedByClass);
        this.latency = latency;
        this.top = ImmutableMap.copyOf(top);
    }

    public AnalyticsQuery query() {
        return query;
    }

    /** The start of each bucket, oldest first. */
    public List<Instant> buckets() {
        return buckets;
    }

    /** Series name ({@link #SERIES}) to its counts, one per bucket. */
    public Map<String, List<Long>> series() {
        return series;
    }

    /** Reason ({@link EventClasses#rejectionReason}) to count over the whole span, most frequent first. */
    public Map<String, Long> rejectedByReason() {
        return rejectedByReason;
    }

    /** Class ({@link EventClasses#bounceClass}) to count over the whole span, most frequent first. */
    public Map<String, Long> bouncedByClass() {
        return bouncedByClass;
    }

    /** Delivery latency over the span; empty when no delivery was matched with its reception. */
    public Optional<Latency> latency() {
        return latency;
    }

    /** Dimension ({@link Rollup#DIMENSIONS}) to its {@value #TOP} most frequent values over the span, most frequent first. */
    public Map<String, Map<String, Long>> top() {
        return top;
    }

    /** Percentiles in milliseconds, each the upper bound of its histogram bin ({@link LatencyHistogram}). */
    public static final class Latency {
        private final long p50;
        private final long p90;
        private final long p99;

        Latency(long p50, long p90, long p99) {
            this.p50 = p50;
            this.p90 = p90;
            this.p99 = p99;
        }

        public long p50() {
            return p50;
        }

        public long p90() {
            return p90;
        }

        public long p99() {
            return p99;
        }
    }
}
