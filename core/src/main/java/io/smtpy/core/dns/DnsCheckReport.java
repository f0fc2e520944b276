package io.smtpy.core.dns;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;

import com.google.common.collect.ImmutableList;

import io.smtpy.core.model.DnsVerification;
import io.smtpy.core.model.DomainName;

/** The outcome of {@link DomainDnsCheck#check}: one {@link RecordCheck} per required record, in a fixed order. */
public final class DnsCheckReport {
    private final DomainName domain;
    private final List<RecordCheck> checks;

    private DnsCheckReport(DomainName domain, List<RecordCheck> checks) {
        this.domain = Objects.requireNonNull(domain, "domain");
        this.checks = ImmutableList.copyOf(checks);
    }

    public static DnsCheckReport of(DomainName domain, List<RecordCheck> checks) {
        return new DnsCheckReport(domain, checks);
    }

    public DomainName domain() {
        return domain;
    }

    /** MX, SPF, then each DKIM record in the order given, DMARC, OWNERSHIP. */
    public List<RecordCheck> checks() {
        return checks;
    }

    /** The checks of one kind: one for each kind but DKIM, which has one per key. */
    public List<RecordCheck> checks(RecordKind kind) {
        return checks.stream().filter(check -> check.kind() == kind).collect(ImmutableList.toImmutableList());
    }

    /** Whether every required record is published as required. */
    /**
     * This report as the verification result kept on the domain: ownership proven when every ownership record is
     * right, failing records named by kind (lower case).
     */
    public DnsVerification asVerification(Instant checkedAt) {
        boolean ownership = !checks(RecordKind.OWNERSHIP).isEmpty()
            && checks(RecordKind.OWNERSHIP).stream().allMatch(check -> check.status() == CheckStatus.OK);
        List<String> failing = checks.stream()
            .filter(check -> check.status() != CheckStatus.OK)
            .map(check -> check.kind().name().toLowerCase(Locale.ROOT))
            .collect(Collectors.toList());
        return new DnsVerification(checkedAt, ownership, failing);
    }

    public boolean overallOk() {
        return checks.stream().allMatch(RecordCheck::ok);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof DnsCheckReport)) {
            return false;
        }
        DnsCheckReport other = (DnsCheckReport) o;
        return domain.equals(other.domain) && checks.equals(other.checks);
    }

    @Override
    public int hashCode() {
        return Objects.hash(domain, checks);
    }

    @Override
    public String toString() {
        return "DnsCheckReport{" + domain + ", " + checks.stream().map(check -> check.kind() + "=" + check.status())
            .collect(Collectors.joining(", ")) + "}";
    }
}
