package io.smtpy.core.dmarc;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import com.google.common.collect.ImmutableList;

import io.smtpy.core.model.DomainName;

/** Reports in the heap, for tests and {@code storage=memory}. */
public class MemoryDmarcReportRepository implements DmarcReportRepository {
    private static final Comparator<StoredDmarcReport> OLDEST_PERIOD_FIRST =
        Comparator.comparing((StoredDmarcReport stored) -> stored.report().begin());

    /** A domain's reports in the order they were stored. */
    private final Map<DomainName, List<StoredDmarcReport>> byDomain = new ConcurrentHashMap<>();

    @Override
    public boolean store(DomainName domain, AggregateReport report, Instant receivedAt) {
        StoredDmarcReport stored = new StoredDmarcReport(domain, receivedAt, report);
        List<StoredDmarcReport> reports = byDomain.computeIfAbsent(domain, any -> new ArrayList<>());
        synchronized (reports) {
            if (reports.stream().anyMatch(kept -> kept.report().reportId().equals(report.reportId()))) {
                return false;
            }
            reports.add(stored);
            return true;
        }
    }

    @Override
    public List<StoredDmarcReport> list(DomainName domain, int limit, int offset) {
        DmarcReportRepository.checkPage(limit, offset);
        List<StoredDmarcReport> inStoreOrder = copy(domain);
        List<StoredDmarcReport> newestFirst = new ArrayList<>(inStoreOrder.size());
        for (int i = inStoreOrder.size() - 1; i >= 0; i--) {
            newestFirst.add(inStoreOrder.get(i));
        }
        // Stable sort on the reversed store order: ties on the instant keep the later stored first.
        newestFirst.sort(Comparator.comparing(StoredDmarcReport::receivedAt).reversed());
        return newestFirst.stream().skip(offset).limit(limit).collect(ImmutableList.toImmutableList());
    }

    @Override
    public Optional<StoredDmarcReport> find(DomainName domain, ReportId reportId) {
        return copy(domain).stream().filter(stored -> stored.report().reportId().equals(reportId)).findFirst();
    }

    @Override
    public List<StoredDmarcReport> between(DomainName domain, Instant from, Instant to) {
        return copy(domain).stream()
            .filter(stored -> !stored.report().begin().isBefore(from) && stored.report().begin().isBefore(to))
            .sorted(OLDEST_PERIOD_FIRST)
            .collect(ImmutableList.toImmutableList());
    }

    private List<StoredDmarcReport> copy(DomainName domain) {
        List<StoredDmarcReport> reports = byDomain.get(domain);
        if (reports == null) {
            return List.of();
        }
        synchronized (reports) {
            return new ArrayList<>(reports);
        }
    }
}
