package io.smtpy.core.dmarc;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import com.google.common.collect.ImmutableList;

/**
 * A DMARC aggregate report (RFC 7489 appendix C, or the DMARCbis format): who reported, for which period, the
 * policy they found and the records. A report may have no record (Microsoft sends such reports).
 * {@link #messageCount()} sums {@code row/count}: a record stands for many messages.
 */
public final class AggregateReport {
    private final ReportSchema schema;
    private final String orgName;
    private final Optional<String> email;
    private final ReportId reportId;
    private final Instant begin;
    private final Instant end;
    private final Optional<String> generator;
    private final PolicyPublished policyPublished;
    private final List<ReportRecord> records;

    private AggregateReport(Builder builder) {
        this.schema = builder.schema;
        this.orgName = Objects.requireNonNull(builder.orgName, "orgName");
        this.email = builder.email;
        this.reportId = Objects.requireNonNull(builder.reportId, "reportId");
        this.begin = Objects.requireNonNull(builder.begin, "begin");
        this.end = Objects.requireNonNull(builder.end, "end");
        this.generator = builder.generator;
        this.policyPublished = Objects.requireNonNull(builder.policyPublished, "policyPublished");
        this.records = builder.records.build();
    }

    public static Builder builder(String orgName, ReportId reportId, Instant begin, Instant end, PolicyPublished policyPublished) {
        return new Builder(orgName, reportId, begin, end, policyPublished);
    }

    public ReportSchema schema() {
        return schema;
    }

    /** {@code report_metadata/org_name}: the receiver that wrote the report, as it names itself. */
    public String orgName() {
        return orgName;
    }

    public Optional<String> email() {
        return email;
    }

    public ReportId reportId() {
        return reportId;
    }

    /** Start of the reported period ({@code date_range/begin}, seconds since the epoch). */
    public Instant begin() {
        return begin;
    }

    /** End of the reported period ({@code date_range/end}). */
    public Instant end() {
        return end;
    }

    /** The software that wrote the report (DMARCbis only). */
    public Optional<String> generator() {
        return generator;
    }

    public PolicyPublished policyPublished() {
        return policyPublished;
    }

    public List<ReportRecord> records() {
        return records;
    }

    /** Messages reported: the sum of the records' counts. */
    public long messageCount() {
        return records.stream().mapToLong(ReportRecord::count).sum();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof AggregateReport)) {
            return false;
        }
        AggregateReport other = (AggregateReport) o;
        return schema == other.schema && orgName.equals(other.orgName) && email.equals(other.email)
            && reportId.equals(other.reportId) && begin.equals(other.begin) && end.equals(other.end)
            && generator.equals(other.generator) && policyPublished.equals(other.policyPublished)
            && records.equals(other.records);
    }

    @Override
    public int hashCode() {
        return Objects.hash(schema, orgName, email, reportId, begin, end, generator, policyPublished, records);
    }

    @Override
    public String toString() {
        return "AggregateReport{" + orgName + " " + reportId + " " + begin + ".." + end + " " + policyPublished.domain()
            + ", " + records.size() + " records}";
    }

    public static final class Builder {
        private ReportSchema schema = ReportSchema.RFC_7489;
        private final String orgName;
        private Optional<String> email = Optional.empty();
        private final ReportId reportId;
        private final Instant begin;
        private final Instant end;
        private Optional<String> generator = Optional.empty();
        private final PolicyPublished policyPublished;
        private final ImmutableList.Builder<ReportRecord> records = ImmutableList.builder();

        private Builder(String orgName, ReportId reportId, Instant begin, Instant end, PolicyPublished policyPublished) {
            this.orgName = orgName;
            this.reportId = reportId;
            this.begin = begin;
            this.end = end;
            this.policyPublished = policyPublished;
        }

        public Builder schema(ReportSchema schema) {
            this.schema = Objects.requireNonNull(schema);
            return this;
        }

        public Builder email(String email) {
            this.email = Optional.of(email);
            return this;
        }

        public Builder generator(String generator) {
            this.generator = Optional.of(generator);
            return this;
        }

        public Builder record(ReportRecord record) {
            records.add(record);
            return this;
        }

        public Builder records(Iterable<ReportRecord> all) {
            records.addAll(all);
            return this;
        }

        public AggregateReport build() {
            return new AggregateReport(this);
        }
    }
}
