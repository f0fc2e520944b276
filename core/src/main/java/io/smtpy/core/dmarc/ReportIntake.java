package io.smtpy.core.dmarc;

import java.io.InputStream;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

import io.smtpy.core.model.DomainName;

/**
 * Takes one attachment (or a mail body) sent to a domain's report address and keeps the report in it: parsed with
 * {@link AggregateReportParser} (format told by the first bytes, hostile input refused within the limits), stored
 * in the domain's {@link DmarcReportRepository} at the clock's time. Never throws for bad input: the refusal is
 * the {@link Outcome}, so the caller can record it and go on.
 */
public final class ReportIntake {
    /** What became of one attachment. */
    public static final class Outcome {
        /** Stored now, already stored under the same id (a resent report, not counted twice), or refused. */
        public enum Kind { STORED, DUPLICATE, REJECTED }

        private final Kind kind;
        private final Optional<AggregateReport> report;
        private final Optional<ReportParseException> refusal;

        private Outcome(Kind kind, Optional<AggregateReport> report, Optional<ReportParseException> refusal) {
            this.kind = kind;
            this.report = report;
            this.refusal = refusal;
        }

        public Kind kind() {
            return kind;
        }

        /** Present unless rejected. */
        public Optional<AggregateReport> report() {
            return report;
        }

        /** Present when rejected. */
        public Optional<ReportParseException> refusal() {
            return refusal;
        }

        public boolean accepted() {
            return kind != Kind.REJECTED;
        }

        /** One line for a mail event: what was stored, or the reason code and message of the refusal. */
        public String describe() {
            if (refusal.isPresent()) {
                return refusal.get().getMessage();
            }
            AggregateReport kept = report.orElseThrow();
            return (kind == Kind.STORED ? "stored" : "already stored") + " report " + ReportParseException.quote(kept.reportId().asString())
                + " from " + ReportParseException.quote(kept.orgName()) + ", " + kept.records().size() + " records, "
                + kept.messageCount() + " messages, period " + kept.begin() + " to " + kept.end();
        }

        @Override
        public String toString() {
            return kind + ": " + describe();
        }
    }

    private final AggregateReportParser parser;
    private final DmarcReportRepository repository;
    private final Clock clock;

    public ReportIntake(AggregateReportParser parser, DmarcReportRepository repository, Clock clock) {
        this.parser = Objects.requireNonNull(parser, "parser");
        this.repository = Objects.requireNonNull(repository, "repository");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Parses {@code attachment} (zip, gzip or XML, as its bytes say) and stores the report for {@code domain}.
     * The stream is read, not closed.
     */
    public Outcome receive(DomainName domain, InputStream attachment) {
        AggregateReport report;
        try {
            report = parser.parse(attachment);
        } catch (ReportParseException refused) {
            return new Outcome(Outcome.Kind.REJECTED, Optional.empty(), Optional.of(refused));
        } catch (RuntimeException unexpected) {
            // A parser bug must not become a failed mail: the attachment is refused like any other bad input.
            return new Outcome(Outcome.Kind.REJECTED, Optional.empty(), Optional.of(new ReportParseException(
                ReportParseException.Reason.NOT_A_REPORT, "unreadable report: " + unexpected)));
        }
        boolean stored = repository.store(domain, report, clock.instant());
        return new Outcome(stored ? Outcome.Kind.STORED : Outcome.Kind.DUPLICATE, Optional.of(report), Optional.empty());
    }
}
