package io.smtpy.core.dmarc;

import java.net.InetAddress;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import com.google.common.collect.ImmutableList;
import com.google.common.net.InetAddresses;

/**
 * One {@code record} of a report: {@link #count()} messages from one source address that were evaluated alike.
 * A message passes DMARC when DKIM or SPF passed aligned ({@code policy_evaluated}); see {@link #dmarcPass()}.
 */
public final class ReportRecord {
    private final InetAddress sourceIp;
    private final long count;
    private final Disposition disposition;
    private final DmarcResult dkim;
    private final DmarcResult spf;
    private final String headerFrom;
    private final Optional<String> envelopeFrom;
    private final List<DkimAuthResult> dkimResults;
    private final List<SpfAuthResult> spfResults;

    private ReportRecord(Builder builder) {
        this.sourceIp = Objects.requireNonNull(builder.sourceIp, "sourceIp");
        if (builder.count < 0) {
            throw new IllegalArgumentException("count must not be negative, got " + builder.count);
        }
        this.count = builder.count;
        this.disposition = Objects.requireNonNull(builder.disposition, "disposition");
        this.dkim = Objects.requireNonNull(builder.dkim, "dkim");
        this.spf = Objects.requireNonNull(builder.spf, "spf");
        this.headerFrom = Objects.requireNonNull(builder.headerFrom, "headerFrom");
        this.envelopeFrom = builder.envelopeFrom;
        this.dkimResults = builder.dkimResults.build();
        this.spfResults = builder.spfResults.build();
    }

    public static Builder builder(InetAddress sourceIp, long count) {
        return new Builder(sourceIp, count);
    }

    /** IPv4 or IPv6, never resolved. */
    public InetAddress sourceIp() {
        return sourceIp;
    }

    /** The address in its canonical text form ({@code 2001:db8::1}, not {@code 2001:0db8:0:0::1}). */
    public String sourceIpText() {
        return InetAddresses.toAddrString(sourceIp);
    }

    /** Messages this record stands for ({@code row/count}). */
    public long count() {
        return count;
    }

    public Disposition disposition() {
        return disposition;
    }

    /** DKIM, aligned, as the receiver evaluated it. */
    public DmarcResult dkim() {
        return dkim;
    }

    /** SPF, aligned, as the receiver evaluated it. */
    public DmarcResult spf() {
        return spf;
    }

    /** DMARC pass: DKIM or SPF passed aligned. */
    public boolean dmarcPass() {
        return dkim == DmarcResult.PASS || spf == DmarcResult.PASS;
    }

    /** The RFC5322.From domain as written by the reporter (not validated: it is what the messages claimed). */
    public String headerFrom() {
        return headerFrom;
    }

    public Optional<String> envelopeFrom() {
        return envelopeFrom;
    }

    public List<DkimAuthResult> dkimResults() {
        return dkimResults;
    }

    public List<SpfAuthResult> spfResults() {
        return spfResults;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ReportRecord)) {
            return false;
        }
        ReportRecord other = (ReportRecord) o;
        return sourceIp.equals(other.sourceIp) && count == other.count && disposition == other.disposition
            && dkim == other.dkim && spf == other.spf && headerFrom.equals(other.headerFrom)
            && envelopeFrom.equals(other.envelopeFrom) && dkimResults.equals(other.dkimResults)
            && spfResults.equals(other.spfResults);
    }

    @Override
    public int hashCode() {
        return Objects.hash(sourceIp, count, disposition, dkim, spf, headerFrom, envelopeFrom, dkimResults, spfResults);
    }

    @Override
    public String toString() {
        return "ReportRecord{" + sourceIpText() + " x" + count + " " + disposition.asString() + " dkim=" + dkim.asString()
            + " spf=" + spf.asString() + " from=" + headerFrom + " " + dkimResults + " " + spfResults + "}";
    }

    public static final class Builder {
        private final InetAddress sourceIp;
        private final long count;
        private Disposition disposition = Disposition.NONE;
        private DmarcResult dkim = DmarcResult.FAIL;
        private DmarcResult spf = DmarcResult.FAIL;
        private String headerFrom = "";
        private Optional<String> envelopeFrom = Optional.empty();
        private final ImmutableList.Builder<DkimAuthResult> dkimResults = ImmutableList.builder();
        private final ImmutableList.Builder<SpfAuthResult> spfResults = ImmutableList.builder();

        private Builder(InetAddress sourceIp, long count) {
            this.sourceIp = sourceIp;
            this.count = count;
        }

        public Builder evaluated(Disposition disposition, DmarcResult dkim, DmarcResult spf) {
            this.disposition = Objects.requireNonNull(disposition);
            this.dkim = Objects.requireNonNull(dkim);
            this.spf = Objects.requireNonNull(spf);
            return this;
        }

        public Builder headerFrom(String headerFrom) {
            this.headerFrom = Objects.requireNonNull(headerFrom);
            return this;
        }

        public Builder envelopeFrom(String envelopeFrom) {
            this.envelopeFrom = Optional.of(envelopeFrom);
            return this;
        }

        public Builder dkim(DkimAuthResult result) {
            dkimResults.add(result);
            return this;
        }

        public Builder spf(SpfAuthResult result) {
            spfResults.add(result);
            return this;
        }

        public ReportRecord build() {
            return new ReportRecord(this);
        }
    }
}
