package io.smtpy.webadmin.dto;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import io.smtpy.core.dmarc.AggregateReport;
import io.smtpy.core.dmarc.PolicyPublished;
import io.smtpy.core.dmarc.ReportRecord;
import io.smtpy.core.dmarc.StoredDmarcReport;

/**
 * A whole report as the API shows it: enumerations in lower case as reports spell them ({@code none},
 * {@code pass}, alignment {@code r}/{@code s}), absent values as {@code null}, source addresses in canonical text.
 */
public class DmarcReportDTO {
    public final String domain;
    public final Instant received;
    public final String schema;
    public final String id;
    public final String org;
    public final Optional<String> email;
    public final Instant begin;
    public final Instant end;
    public final Optional<String> generator;
    public final long messages;
    public final PolicyDTO policyPublished;
    public final List<RecordDTO> records;

    public DmarcReportDTO(StoredDmarcReport stored) {
        AggregateReport report = stored.report();
        this.domain = stored.domain().asString();
        this.received = stored.receivedAt();
        this.schema = report.schema().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        this.id = report.reportId().asString();
        this.org = report.orgName();
        this.email = report.email();
        this.begin = report.begin();
        this.end = report.end();
        this.generator = report.generator();
        this.messages = report.messageCount();
        this.policyPublished = new PolicyDTO(report.policyPublished());
        this.records = report.records().stream().map(RecordDTO::new).collect(Collectors.toList());
    }

    /** {@code policy_published}. */
    public static class PolicyDTO {
        public final String domain;
        public final String adkim;
        public final String aspf;
        public final String p;
        public final Optional<String> sp;
        public final Optional<Integer> pct;
        public final Optional<String> np;
        public final boolean testing;
        public final Optional<String> discoveryMethod;

        PolicyDTO(PolicyPublished policy) {
            this.domain = policy.domain().asString();
            this.adkim = policy.adkim().asString();
            this.aspf = policy.aspf().asString();
            this.p = policy.p().asString();
            this.sp = policy.sp().map(value -> value.asString());
            this.pct = policy.pct().isPresent() ? Optional.of(policy.pct().getAsInt()) : Optional.empty();
            this.np = policy.np().map(value -> value.asString());
            this.testing = policy.testing();
            this.discoveryMethod = policy.discoveryMethod();
        }
    }

    /** One {@code record}: {@code dmarc} is {@code pass} when DKIM or SPF passed aligned. */
    public static class RecordDTO {
        public final String sourceIp;
        public final long count;
        public final String disposition;
        public final String dkim;
        public final String spf;
        public final String dmarc;
        public final String headerFrom;
        public final Optional<String> envelopeFrom;
        public final List<AuthDTO> dkimResults;
        public final List<AuthDTO> spfResults;

        RecordDTO(ReportRecord record) {
            this.sourceIp = record.sourceIpText();
            this.count = record.count();
            this.disposition = record.disposition().asString();
            this.dkim = record.dkim().asString();
            this.spf = record.spf().asString();
            this.dmarc = record.dmarcPass() ? "pass" : "fail";
            this.headerFrom = record.headerFrom();
            this.envelopeFrom = record.envelopeFrom();
            this.dkimResults = record.dkimResults().stream()
                .map(result -> new AuthDTO(result.domain(), result.result().asString(), result.selector()))
                .collect(Collectors.toList());
            this.spfResults = record.spfResults().stream()
                .map(result -> new AuthDTO(result.domain(), result.result().asString(), Optional.empty()))
                .collect(Collectors.toList());
        }
    }

    /** A raw result from {@code auth_results}; {@code selector} only for DKIM. */
    public static class AuthDTO {
        public final String domain;
        public final String result;
        public final Optional<String> selector;

        AuthDTO(String domain, String result, Optional<String> selector) {
            this.domain = domain;
            this.result = result;
            this.selector = selector;
        }
    }
}
