package io.smtpy.analytics;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.inject.Inject;

import io.smtpy.core.model.LocalPart;

/** Makes {@link AnalyticsReport}s from the hourly roll-ups (stored and pending): days are sums of their hours. */
public class Analytics {
    private final Rollups rollups;

    @Inject
    public Analytics(Rollups rollups) {
        this.rollups = rollups;
    }

    public AnalyticsReport report(AnalyticsQuery query) {
        String alias = query.alias().map(LocalPart::asString).orElse(RollupKey.ALL_ALIASES);
        Map<Instant, Rollup.Builder> byBucket = new LinkedHashMap<>();
        List<Instant> buckets = new ArrayList<>();
        for (Instant bucket = query.from(); bucket.isBefore(query.to()); bucket = bucket.plus(query.interval().width())) {
            buckets.add(bucket);
            byBucket.put(bucket, new Rollup.Builder(RollupKey.of(query.domain(), alias, bucket)));
        }
        Rollup.Builder total = new Rollup.Builder(RollupKey.of(query.domain(), alias, query.from()));
        for (Rollup hour : rollups.find(query.domain(), alias, query.from(), query.to())) {
            byBucket.get(query.interval().bucket(hour.key().hour())).add(hour);
            total.add(hour);
        }
        Map<String, List<Long>> series = new LinkedHashMap<>();
        List<Rollup> bucketed = new ArrayList<>();
        byBucket.values().forEach(builder -> bucketed.add(builder.build()));
        for (String name : AnalyticsReport.SERIES) {
            List<Long> counts = new ArrayList<>(bucketed.size());
            bucketed.forEach(bucket -> counts.add(bucket.count(name)));
            series.put(name, counts);
        }
        Rollup sum = total.build();
        Map<String, Map<String, Long>> top = new LinkedHashMap<>();
        for (String dimension : Rollup.DIMENSIONS) {
            top.put(dimension, TopValues.top(sum.top().getOrDefault(dimension, Map.of()), AnalyticsReport.TOP));
        }
        return new AnalyticsReport(query, buckets, series, byPrefix(sum, Rollup.REJECTED_BY), byPrefix(sum, Rollup.BOUNCED_BY),
            latency(sum), top);
    }

    private static Map<String, Long> byPrefix(Rollup sum, String prefix) {
        Map<String, Long> counts = new HashMap<>();
        sum.counts().forEach((counter, count) -> {
            if (counter.startsWith(prefix)) {
                counts.put(counter.substring(prefix.length()), count);
            }
        });
        return TopValues.top(counts, Integer.MAX_VALUE);
    }

    private static Optional<AnalyticsReport.Latency> latency(Rollup sum) {
        if (sum.latency().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new AnalyticsReport.Latency(LatencyHistogram.percentile(sum.latency(), 50),
            LatencyHistogram.percentile(sum.latency(), 90), LatencyHistogram.percentile(sum.latency(), 99)));
    }
}
