package io.smtpy.auth.dmarc;

import java.util.Objects;
import java.util.Optional;

import io.smtpy.auth.AuthStatus;

/**
 * The outcome of DMARC for one message (RFC 7489 §6.6): the result, the Author Domain ({@code header.from}), where
 * the policy record was found, the policy it requests for this domain ({@code p}, or {@code sp} for a subdomain
 * covered by its Organizational Domain's record), the disposition after {@code pct} sampling, and which
 * authentication aligned.
 *
 * <p>{@link #disposition()} is {@link DmarcPolicy#NONE} unless the result is {@code fail}. Build one with
 * {@link #builder(AuthStatus)}; {@link DmarcEvaluation} does.
 */
public final class DmarcVerdict {
    private final AuthStatus status;
    private final Optional<String> headerFrom;
    private final Optional<AuthorProblem> authorProblem;
    private final Optional<String> policyDomain;
    private final Optional<DmarcRecord> record;
    private final Optional<DmarcPolicy> requestedPolicy;
    private final DmarcPolicy disposition;
    private final boolean sampledOut;
    private final boolean spfAligned;
    private final Optional<String> alignedDkimDomain;
    private final Optional<String> reason;

    private DmarcVerdict(Builder builder) {
        this.status = builder.status;
        this.headerFrom = builder.headerFrom;
        this.authorProblem = builder.authorProblem;
        this.policyDomain = builder.policyDomain;
        this.record = builder.record;
        this.requestedPolicy = builder.requestedPolicy;
        this.disposition = builder.disposition;
        this.sampledOut = builder.sampledOut;
        this.spfAligned = builder.spfAligned;
        this.alignedDkimDomain = builder.alignedDkimDomain;
        this.reason = builder.reason;
    }

    public static Builder builder(AuthStatus status) {
        return new Builder(status);
    }

    /** PASS, FAIL, NONE (no policy, or no From field), TEMPERROR (DNS) or PERMERROR (no single Author Domain). */
    public AuthStatus status() {
        return status;
    }

    /** The Author Domain (lower-case A-labels); empty when the message has none, see {@link #authorProblem()}. */
    public Optional<String> headerFrom() {
        return headerFrom;
    }

    /** Why there is no single Author Domain. */
    public Optional<AuthorProblem> authorProblem() {
        return authorProblem;
    }

    /** The domain whose {@code _dmarc} record applied: the From domain or its Organizational Domain. */
    public Optional<String> policyDomain() {
        return policyDomain;
    }

    public Optional<DmarcRecord> record() {
        return record;
    }

    /** The policy the record requests for the From domain: {@code p}, or {@code sp} for a subdomain. */
    public Optional<DmarcPolicy> requestedPolicy() {
        return requestedPolicy;
    }

    /** What to do with the message: NONE unless it failed; one step milder than requested when sampled out. */
    public DmarcPolicy disposition() {
        return disposition;
    }

    /** Whether a failing message fell outside the record's {@code pct} and got a milder disposition. */
    public boolean sampledOut() {
        return sampledOut;
    }

    /** Whether SPF passed for a domain aligned with the From domain. */
    public boolean spfAligned() {
        return spfAligned;
    }

    /** Whether a passing DKIM signature's {@code d=} aligned with the From domain. */
    public boolean dkimAligned() {
        return alignedDkimDomain.isPresent();
    }

    /** The {@code d=} of the first passing, aligned DKIM signature. */
    public Optional<String> alignedDkimDomain() {
        return alignedDkimDomain;
    }

    /** Why the result is not {@code pass}, in words. */
    public Optional<String> reason() {
        return reason;
    }

    /** True only when the message failed DMARC and its domain's policy, after sampling, is to reject it. */
    public boolean rejectRequested() {
        return status == AuthStatus.FAIL && disposition == DmarcPolicy.REJECT;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof DmarcVerdict)) {
            return false;
        }
        DmarcVerdict other = (DmarcVerdict) o;
        return status == other.status && headerFrom.equals(other.headerFrom) && authorProblem.equals(other.authorProblem)
            && policyDomain.equals(other.policyDomain) && record.equals(other.record)
            && requestedPolicy.equals(other.requestedPolicy) && disposition == other.disposition
            && sampledOut == other.sampledOut && spfAligned == other.spfAligned
            && alignedDkimDomain.equals(other.alignedDkimDomain) && reason.equals(other.reason);
    }

    @Override
    public int hashCode() {
        return Objects.hash(status, headerFrom, authorProblem, policyDomain, record, requestedPolicy, disposition,
            sampledOut, spfAligned, alignedDkimDomain, reason);
    }

    @Override
    public String toString() {
        return "dmarc=" + status.token()
            + requestedPolicy.map(p -> " (p=" + p.token() + " dis=" + disposition.token() + (sampledOut ? " sampled-out" : "") + ")").orElse("")
            + headerFrom.map(from -> " header.from=" + from).orElse("")
            + policyDomain.map(domain -> " policy-domain=" + domain).orElse("")
            + " spf-aligned=" + spfAligned + alignedDkimDomain.map(d -> " dkim-aligned=" + d).orElse("")
            + authorProblem.map(problem -> " " + problem).orElse("")
            + reason.map(r -> " (" + r + ")").orElse("");
    }

    public static final class Builder {
        private final AuthStatus status;
        private Optional<String> headerFrom = Optional.empty();
        private Optional<AuthorProblem> authorProblem = Optional.empty();
        private Optional<String> policyDomain = Optional.empty();
        private Optional<DmarcRecord> record = Optional.empty();
        private Optional<DmarcPolicy> requestedPolicy = Optional.empty();
        private DmarcPolicy disposition = DmarcPolicy.NONE;
        private boolean sampledOut;
        private boolean spfAligned;
        private Optional<String> alignedDkimDomain = Optional.empty();
        private Optional<String> reason = Optional.empty();

        private Builder(AuthStatus status) {
            this.status = Objects.requireNonNull(status, "status");
        }

        public Builder headerFrom(String domain) {
            this.headerFrom = Optional.of(domain);
            return this;
        }

        public Builder authorProblem(AuthorProblem problem) {
            this.authorProblem = Optional.of(problem);
            return this;
        }

        /** The domain the record was found at, and the record. */
        public Builder policy(String domain, DmarcRecord record) {
            this.policyDomain = Optional.of(domain);
            this.record = Optional.of(record);
            return this;
        }

        public Builder requestedPolicy(DmarcPolicy policy) {
            this.requestedPolicy = Optional.of(policy);
            return this;
        }

        public Builder disposition(DmarcPolicy disposition, boolean sampledOut) {
            this.disposition = Objects.requireNonNull(disposition, "disposition");
            this.sampledOut = sampledOut;
            return this;
        }

        public Builder spfAligned(boolean aligned) {
            this.spfAligned = aligned;
            return this;
        }

        public Builder alignedDkimDomain(String domain) {
            this.alignedDkimDomain = Optional.of(domain);
            return this;
        }

        public Builder reason(String reason) {
            this.reason = Optional.of(reason);
            return this;
        }

        public DmarcVerdict build() {
            return new DmarcVerdict(this);
        }
    }
}
