package io.smtpy.core.dmarc;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.smtpy.core.model.DomainName;

/**
 * Storage port for DMARC aggregate reports, per smtpy domain (the domain whose {@code rua} the report was sent to).
 * A report is identified in its domain by its {@link ReportId}: reporters send the same report again when
 * delivery was retried, and storing it twice would count its messages twice, so the first one is kept.
 *
 * <p>Implementations: memory (tests, {@code storage=memory}), embedded (SQLite, {@code store-embedded}); every one passes
 * {@code DmarcReportRepositoryContract}.
 */
public interface DmarcReportRepository {
    int MAX_LIMIT = 1000;

    /**
     * Keeps a report for a domain. Thread-safe.
     *
     * @return true when stored, false when the domain already holds a report with this id (the stored one is kept)
     */
    boolean store(DomainName domain, AggregateReport report, Instant receivedAt);

    /**
     * A page of a domain's reports, newest received first (of two received at the same instant, the one stored later
     * first).
     *
     * @throws IllegalArgumentException when {@code limit} is outside 1 to {@value #MAX_LIMIT} or {@code offset} negative
     */
    List<StoredDmarcReport> list(DomainName domain, int limit, int offset);

    Optional<StoredDmarcReport> find(DomainName domain, ReportId reportId);

    /**
     * The domain's reports whose period begins in {@code [from, to)} ({@link AggregateReport#begin()}: what the
     * report is about, not when it arrived), oldest period first.
     */
    List<StoredDmarcReport> between(DomainName domain, Instant from, Instant to);

    /** The checks every implementation makes on paging arguments. */
    static void checkPage(int limit, int offset) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + ", got " + limit);
        }
        if (offset < 0) {
            throw new IllegalArgumentException("offset must not be negative, got " + offset);
        }
    }
}
