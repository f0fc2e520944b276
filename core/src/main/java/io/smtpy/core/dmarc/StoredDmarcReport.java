package io.smtpy.core.dmarc;

import java.time.Instant;
import java.util.Objects;

import io.smtpy.core.model.DomainName;

/** A report as kept for one of smtpy's domains, with the time it was received. */
public final class StoredDmarcReport {
    private final DomainName domain;
    private final Instant receivedAt;
    private final AggregateReport report;

    public StoredDmarcReport(DomainName domain, Instant receivedAt, AggregateReport report) {
        this.domain = Objects.requireNonNull(domain, "domain");
        this.receivedAt = Objects.requireNonNull(receivedAt, "receivedAt");
        this.report = Objects.requireNonNull(report, "report");
    }

    public DomainName domain() {
        return domain;
    }

    public Instant receivedAt() {
        return receivedAt;
    }

    public AggregateReport report() {
        return report;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof StoredDmarcReport)) {
            return false;
        }
        StoredDmarcReport other = (StoredDmarcReport) o;
        return domain.equals(other.domain) && receivedAt.equals(other.receivedAt) && report.equals(other.report);
    }

    @Override
    public int hashCode() {
        return Objects.hash(domain, receivedAt, report);
    }

    @Override
    public String toString() {
        return "StoredDmarcReport{" + domain + " at " + receivedAt + " " + report + "}";
    }
}
