package io.smtpy.webadmin.dto;

import java.time.Instant;

import io.smtpy.core.dmarc.AggregateReport;
import io.smtpy.core.dmarc.ReportRecord;
import io.smtpy.core.dmarc.StoredDmarcReport;

/** One line of a domain's report list: who reported, for which period, when it arrived, and its message counts. */
public class DmarcReportSummaryDTO {
    public final String id;
    public final String org;
    public final Instant begin;
    public final Instant end;
    public final Instant received;
    public final long messages;
    public final long passing;
    public final long failing;

    public DmarcReportSummaryDTO(StoredDmarcReport stored) {
        AggregateReport report = stored.report();
        this.id = report.reportId().asString();
        this.org = report.orgName();
        this.begin = report.begin();
        this.end = report.end();
        this.received = stored.receivedAt();
        this.messages = report.messageCount();
        this.passing = report.records().stream().filter(ReportRecord::dmarcPass).mapToLong(ReportRecord::count).sum();
        this.failing = messages - passing;
    }
}
