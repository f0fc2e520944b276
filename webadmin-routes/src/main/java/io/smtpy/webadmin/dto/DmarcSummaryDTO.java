package io.smtpy.webadmin.dto;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.smtpy.core.dmarc.Disposition;
import io.smtpy.core.dmarc.DmarcSummary;

/** A domain's summary over reports whose period begins in {@code [from, to)}: message counts, not record counts. */
public class DmarcSummaryDTO {
    public final String domain;
    public final Instant from;
    public final Instant to;
    public final int reports;
    public final long messages;
    public final long passing;
    public final long failing;
    public final List<LineDTO> bySourceIp;
    public final List<LineDTO> byReportingOrg;
    public final Map<String, Long> byDisposition;

    public DmarcSummaryDTO(String domain, Instant from, Instant to, DmarcSummary summary) {
        this.domain = domain;
        this.from = from;
        this.to = to;
        this.reports = summary.reports();
        this.messages = summary.messages();
        this.passing = summary.passing();
        this.failing = summary.failing();
        this.bySourceIp = summary.bySourceIp().stream().map(LineDTO::new).collect(Collectors.toList());
        this.byReportingOrg = summary.byReportingOrg().stream().map(LineDTO::new).collect(Collectors.toList());
        Map<String, Long> dispositions = new LinkedHashMap<>();
        for (Disposition disposition : Disposition.values()) {
            dispositions.put(disposition.asString(), summary.byDisposition().get(disposition));
        }
        this.byDisposition = dispositions;
    }

    /** Messages of one source IP or one reporting organisation. */
    public static class LineDTO {
        public final String key;
        public final long messages;
        public final long passing;
        public final long failing;

        LineDTO(DmarcSummary.Line line) {
            this.key = line.key();
            this.messages = line.messages();
            this.passing = line.passing();
            this.failing = line.failing();
        }
    }
}
