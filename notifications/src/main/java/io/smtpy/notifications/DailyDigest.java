package io.smtpy.notifications;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.smtpy.analytics.Analytics;
import io.smtpy.analytics.AnalyticsQuery;
import io.smtpy.analytics.AnalyticsReport;
import io.smtpy.analytics.Interval;
import io.smtpy.analytics.Rollup;
import io.smtpy.analytics.TopValues;
import io.smtpy.core.events.MailEventQuery;
import io.smtpy.core.events.MailEventRepository;
import io.smtpy.core.events.MailEventType;
import io.smtpy.core.model.DomainName;

/**
 * The daily digest of one domain: one UTC day's counts from the analytics roll-ups (received, forwarded, delivered,
 * bounced by class, rejected by reason, spam, quarantined) and its most failing destinations (the recipients of that
 * day's {@code bounced} events, read from the events as a stream). A day without any mail makes no digest.
 */
public class DailyDigest {
    /** How many failing destinations a digest lists. */
    public static final int TOP_FAILING = 5;
    private static final List<String> COUNTS = List.of("received", "forwarded", "delivered", "deferred", "bounced", "rejected",
        Rollup.SPAM, "quarantined");

    private final Analytics analytics;
    private final MailEventRepository events;

    public DailyDigest(Analytics analytics, MailEventRepository events) {
        this.analytics = analytics;
        this.events = events;
    }

    /** A composed digest. */
    public static final class Digest {
        private final String subject;
        private final String text;

        Digest(String subject, String text) {
            this.subject = subject;
            this.text = text;
        }

        public String subject() {
            return subject;
        }

        public String text() {
            return text;
        }
    }

    /** The digest of {@code day} (UTC) for {@code domain}; empty when nothing happened that day. */
    public Optional<Digest> compose(DomainName domain, LocalDate day) {
        Instant from = day.atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant to = from.plus(Duration.ofDays(1));
        AnalyticsReport report = analytics.report(AnalyticsQuery.of(domain, Optional.empty(), Interval.DAY, from, to));
        Map<String, Long> totals = new HashMap<>();
        report.series().forEach((name, counts) -> totals.put(name, counts.stream().mapToLong(Long::longValue).sum()));
        if (totals.values().stream().allMatch(count -> count == 0)) {
            return Optional.empty();
        }
        StringBuilder text = new StringBuilder("What smtpy did for " + domain.asString() + " on " + day + " (UTC):\n\n");
        for (String name : COUNTS) {
            text.append(String.format("  %-12s %8d", name, totals.getOrDefault(name, 0L)));
            if (name.equals("bounced")) {
                text.append(breakdown(report.bouncedByClass()));
            } else if (name.equals("rejected")) {
                text.append(breakdown(report.rejectedByReason()));
            }
            text.append('\n');
        }
        Map<String, Long> failing = failingDestinations(domain, from, to);
        if (!failing.isEmpty()) {
            text.append("\nDestinations that failed most:\n");
            failing.forEach((destination, count) -> text.append(String.format("  %-40s %6d%n", destination, count)));
        }
        text.append("\nGET /smtpy/domains/").append(domain.asString()).append("/analytics has the details; PUT")
            .append(" /smtpy/me/notifications {\"digest\": \"off\"} stops this mail.");
        return Optional.of(new Digest("smtpy daily digest for " + domain.asString() + ", " + day, text.toString()));
    }

    private static String breakdown(Map<String, Long> counts) {
        if (counts.isEmpty()) {
            return "";
        }
        StringBuilder parts = new StringBuilder("  (");
        counts.forEach((name, count) -> parts.append(parts.length() > 3 ? ", " : "").append(name).append(' ').append(count));
        return parts.append(')').toString();
    }

    private Map<String, Long> failingDestinations(DomainName domain, Instant from, Instant to) {
        Map<String, Long> counts = new HashMap<>();
        MailEventQuery query = MailEventQuery.of(domain).withType(Optional.of(MailEventType.BOUNCED))
            .withSince(Optional.of(from)).withUntil(Optional.of(to));
        events.forEach(query, event -> event.recipients().forEach(destination -> counts.merge(destination, 1L, Long::sum)));
        return TopValues.top(counts, TOP_FAILING);
    }
}
