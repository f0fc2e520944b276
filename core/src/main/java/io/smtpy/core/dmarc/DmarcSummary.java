package io.smtpy.core.dmarc;

import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.Maps;

import io.smtpy.core.model.DomainName;

/**
 * What a domain's reports say, added up over messages ({@code row/count}), not records: totals, and the same
 * split by source IP, by reporting organisation and by disposition. A message passes DMARC when DKIM or SPF passed
 * aligned in {@code policy_evaluated}.
 */
public final class DmarcSummary {
    /** Messages of one source IP or one reporting organisation. */
    public static final class Line {
        private final String key;
        private long messages;
        private long passing;

        Line(String key) {
            this.key = key;
        }

        public String key() {
            return key;
        }

        public long messages() {
            return messages;
        }

        public long passing() {
            return passing;
        }

        public long failing() {
            return messages - passing;
        }

        void add(ReportRecord record) {
            messages += record.count();
            if (record.dmarcPass()) {
                passing += record.count();
            }
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Line && ((Line) o).key.equals(key) && ((Line) o).messages == messages && ((Line) o).passing == passing;
        }

        @Override
        public int hashCode() {
            return Objects.hash(key, messages, passing);
        }

        @Override
        public String toString() {
            return key + ": " + messages + " (" + passing + " pass)";
        }
    }

    private static final Comparator<Line> MOST_MESSAGES_FIRST = Comparator.comparingLong(Line::messages).reversed()
        .thenComparing(Line::key);

    private final int reports;
    private final long messages;
    private final long passing;
    private final List<Line> bySourceIp;
    private final List<Line> byReportingOrg;
    private final Map<Disposition, Long> byDisposition;

    private DmarcSummary(int reports, long messages, long passing, List<Line> bySourceIp, List<Line> byReportingOrg,
                         Map<Disposition, Long> byDisposition) {
        this.reports = reports;
        this.messages = messages;
        this.passing = passing;
        this.bySourceIp = bySourceIp;
        this.byReportingOrg = byReportingOrg;
        this.byDisposition = byDisposition;
    }

    /** The summary of a domain's reports whose period begins in {@code [from, to)}. */
    public static DmarcSummary of(DmarcReportRepository repository, DomainName domain, Instant from, Instant to) {
        return of(repository.between(domain, from, to).stream()
            .map(StoredDmarcReport::report)
            .collect(ImmutableList.toImmutableList()));
    }

    public static DmarcSummary of(Collection<AggregateReport> reports) {
        long messages = 0;
        long passing = 0;
        Map<String, Line> byIp = new HashMap<>();
        Map<String, Line> byOrg = new HashMap<>();
        Map<Disposition, Long> byDisposition = new EnumMap<>(Disposition.class);
        for (Disposition disposition : Disposition.values()) {
            byDisposition.put(disposition, 0L);
        }
        for (AggregateReport report : reports) {
            Line org = byOrg.computeIfAbsent(report.orgName(), Line::new);
            for (ReportRecord record : report.records()) {
                messages += record.count();
                if (record.dmarcPass()) {
                    passing += record.count();
                }
                byIp.computeIfAbsent(record.sourceIpText(), Line::new).add(record);
                org.add(record);
                byDisposition.merge(record.disposition(), record.count(), Long::sum);
            }
        }
        return new DmarcSummary(reports.size(), messages, passing, sorted(byIp), sorted(byOrg),
            Maps.immutableEnumMap(byDisposition));
    }

    private static List<Line> sorted(Map<String, Line> lines) {
        return lines.values().stream().sorted(MOST_MESSAGES_FIRST).collect(ImmutableList.toImmutableList());
    }

    public int reports() {
        return reports;
    }

    public long messages() {
        return messages;
    }

    public long passing() {
        return passing;
    }

    public long failing() {
        return messages - passing;
    }

    /** By source IP (canonical text), most messages first, then by key. */
    public List<Line> bySourceIp() {
        return bySourceIp;
    }

    /** By {@code org_name}, most messages first, then by name. An organisation whose reports had no record shows 0. */
    public List<Line> byReportingOrg() {
        return byReportingOrg;
    }

    /** Messages per disposition; every disposition present, 0 when none. */
    public Map<Disposition, Long> byDisposition() {
        return byDisposition;
    }
}
