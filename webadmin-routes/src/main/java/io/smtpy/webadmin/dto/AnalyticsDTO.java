package io.smtpy.webadmin.dto;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import io.smtpy.analytics.AnalyticsReport;
import io.smtpy.core.model.LocalPart;

/**
 * A domain's analytics as the API shows them: {@code buckets} and every list in {@code series} of one length, the
 * span's totals by reason and class, latency percentiles in milliseconds ({@code null} without a delivery), top values
 * as {@code [{"value", "count"}]}, most frequent first.
 */
public class AnalyticsDTO {
    public final String domain;
    public final Optional<String> alias;
    public final String interval;
    public final Instant from;
    public final Instant to;
    public final List<Instant> buckets;
    public final Map<String, List<Long>> series;
    public final Map<String, Long> rejectedByReason;
    public final Map<String, Long> bouncedByClass;
    public final LatencyDTO latencyMs;
    public final Map<String, List<TopValueDTO>> top;

    public AnalyticsDTO(AnalyticsReport report) {
        this.domain = report.query().domain().asString();
        this.alias = report.query().alias().map(LocalPart::asString);
        this.interval = report.query().interval().asString();
        this.from = report.query().from();
        this.to = report.query().to();
        this.buckets = report.buckets();
        this.series = report.series();
        this.rejectedByReason = report.rejectedByReason();
        this.bouncedByClass = report.bouncedByClass();
        this.latencyMs = new LatencyDTO(report.latency());
        this.top = new LinkedHashMap<>();
        report.top().forEach((dimension, values) -> top.put(dimension, values.entrySet().stream()
            .map(entry -> new TopValueDTO(entry.getKey(), entry.getValue()))
            .collect(Collectors.toList())));
    }

    public static class LatencyDTO {
        public final Optional<Long> p50;
        public final Optional<Long> p90;
        public final Optional<Long> p99;

        LatencyDTO(Optional<AnalyticsReport.Latency> latency) {
            this.p50 = latency.map(AnalyticsReport.Latency::p50);
            this.p90 = latency.map(AnalyticsReport.Latency::p90);
            this.p99 = latency.map(AnalyticsReport.Latency::p99);
        }
    }

    public static class TopValueDTO {
        public final String value;
        public final long count;

        TopValueDTO(String value, long count) {
            this.value = value;
            this.count = count;
        }
    }
}
