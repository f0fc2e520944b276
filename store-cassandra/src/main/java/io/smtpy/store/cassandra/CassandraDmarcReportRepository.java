package io.smtpy.store.cassandra;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

import com.datastax.oss.driver.api.core.DriverException;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
import com.datastax.oss.driver.api.core.cql.ResultSet;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.uuid.Uuids;

import io.smtpy.core.dmarc.AggregateReport;
import io.smtpy.core.dmarc.DmarcReportRepository;
import io.smtpy.core.dmarc.ReportId;
import io.smtpy.core.dmarc.StoredDmarcReport;
import io.smtpy.core.model.DomainName;
import io.smtpy.store.embedded.DmarcReportJson;
import io.smtpy.store.embedded.StoredInstant;

/**
 * DMARC aggregate reports in three tables.
 * <ul>
 * <li>{@code dmarc_reports}, key {@code ((domain, report_id))}: the report ({@link DmarcReportJson}, the embedded
 * store's document) in a partition of its own, so a domain's years of reports never make one large partition. The
 * {@code IF NOT EXISTS} insert of this row is what decides between a report and its resending, across nodes.</li>
 * <li>{@code dmarc_reports_by_received}, key {@code ((domain), received_at DESC, stored DESC)}: a domain's report
 * ids newest received first, for {@link #list}. {@code stored} is a time-based UUID taken when the report is stored:
 * of two reports received at one instant it puts the later stored first.</li>
 * <li>{@code dmarc_reports_by_period}, key {@code ((domain), period_begin, stored)}: the ids by the period they are
 * about, for {@link #between} (a clustering range).</li>
 * </ul>
 * The two index tables hold ids only (small rows, small partitions); the documents of a page are then read by key,
 * a bounded number at a time, in parallel. The index rows are written after the report row is claimed, with the
 * report row's own {@code stored} and times: should a node die between the two, the index rows are written again,
 * identical, when the reporter resends the report (reporters do: that is why ids are unique).
 */
public final class CassandraDmarcReportRepository implements DmarcReportRepository {
    public static final TableSet TABLES = TableSet.of("dmarc_reports")
        .migration(
            "CREATE TABLE IF NOT EXISTS dmarc_reports ("
                + "domain text, report_id text, stored timeuuid, received_at text, period_begin text,"
                + " period_end text, org_name text, report text, PRIMARY KEY ((domain, report_id)))",
            "CREATE TABLE IF NOT EXISTS dmarc_reports_by_received ("
                + "domain text, received_at text, stored timeuuid, report_id text,"
                + " PRIMARY KEY ((domain), received_at, stored)) WITH CLUSTERING ORDER BY (received_at DESC, stored DESC)",
            "CREATE TABLE IF NOT EXISTS dmarc_reports_by_period ("
                + "domain text, period_begin text, stored timeuuid, report_id text,"
                + " PRIMARY KEY ((domain), period_begin, stored))")
        .build();

    /** Documents read at once when a page or a period is assembled. */
    private static final int READS_IN_FLIGHT = 32;

    private final CassandraStore store;

    public CassandraDmarcReportRepository(CassandraStore store) {
        this.store = store;
    }

    @Override
    public boolean store(DomainName domain, AggregateReport report, Instant receivedAt) {
        String id = report.reportId().asString();
        UUID stored = Uuids.timeBased();
        String receivedText = StoredInstant.format(receivedAt);
        String beginText = StoredInstant.format(report.begin());
        ResultSet claim = store.execute(store.prepare("INSERT INTO dmarc_reports (domain, report_id, stored,"
            + " received_at, period_begin, period_end, org_name, report) VALUES (?, ?, ?, ?, ?, ?, ?, ?) IF NOT EXISTS")
            .bind(domain.asString(), id, stored, receivedText, beginText, StoredInstant.format(report.end()),
                report.orgName(), DmarcReportJson.write(report)), "storing DMARC report " + id + " of " + domain);
        if (claim.wasApplied()) {
            index(domain, id, stored, receivedText, beginText);
            return true;
        }
        // Not applied: Cassandra answers with the stored row. Its index rows are written again, the same keys and
        // values, which repairs them if the node that stored it died before indexing it.
        Row kept = claim.one();
        if (kept != null) {
            index(domain, id, kept.getUuid("stored"), kept.getString("received_at"), kept.getString("period_begin"));
        }
        return false;
    }

    private void index(DomainName domain, String id, UUID stored, String receivedAt, String periodBegin) {
        store.executeLogged(BatchStatement.newInstance(DefaultBatchType.LOGGED,
            store.prepare("INSERT INTO dmarc_reports_by_received (domain, received_at, stored, report_id)"
                + " VALUES (?, ?, ?, ?)").bind(domain.asString(), receivedAt, stored, id),
            store.prepare("INSERT INTO dmarc_reports_by_period (domain, period_begin, stored, report_id)"
                + " VALUES (?, ?, ?, ?)").bind(domain.asString(), periodBegin, stored, id)),
            "indexing DMARC report " + id + " of " + domain);
    }

    @Override
    public List<StoredDmarcReport> list(DomainName domain, int limit, int offset) {
        DmarcReportRepository.checkPage(limit, offset);
        List<String> ids = new ArrayList<>();
        int skipped = 0;
        for (Row row : store.execute(store.prepare("SELECT report_id FROM dmarc_reports_by_received WHERE domain = ?"
            + " LIMIT ?").bind(domain.asString(), offset + limit), "listing the DMARC reports of " + domain)) {
            if (skipped < offset) {
                skipped++;
            } else {
                ids.add(row.getString("report_id"));
            }
        }
        return documents(domain, ids);
    }

    @Override
    public Optional<StoredDmarcReport> find(DomainName domain, ReportId reportId) {
        Row row = store.execute(store.prepare("SELECT received_at, report FROM dmarc_reports"
            + " WHERE domain = ? AND report_id = ?").bind(domain.asString(), reportId.asString()),
            "reading DMARC report " + reportId.asString() + " of " + domain).one();
        return Optional.ofNullable(row).map(found -> stored(domain, found));
    }

    @Override
    public List<StoredDmarcReport> between(DomainName domain, Instant from, Instant to) {
        List<String> ids = new ArrayList<>();
        for (Row row : store.execute(store.prepare("SELECT report_id FROM dmarc_reports_by_period WHERE domain = ?"
            + " AND period_begin >= ? AND period_begin < ?").bind(domain.asString(), StoredInstant.format(from),
            StoredInstant.format(to)), "selecting the DMARC reports of " + domain + " by period")) {
            ids.add(row.getString("report_id"));
        }
        return documents(domain, ids);
    }

    /** The reports of these ids, in their order, read by key with at most {@link #READS_IN_FLIGHT} reads at once. */
    private List<StoredDmarcReport> documents(DomainName domain, List<String> ids) {
        List<StoredDmarcReport> reports = new ArrayList<>(ids.size());
        Deque<CompletionStage<AsyncResultSet>> inFlight = new ArrayDeque<>();
        for (String id : ids) {
            if (inFlight.size() == READS_IN_FLIGHT) {
                collect(domain, inFlight.removeFirst(), reports);
            }
            inFlight.addLast(store.session().executeAsync(store.prepare("SELECT received_at, report FROM dmarc_reports"
                + " WHERE domain = ? AND report_id = ?").bind(domain.asString(), id)));
        }
        while (!inFlight.isEmpty()) {
            collect(domain, inFlight.removeFirst(), reports);
        }
        return reports;
    }

    private static void collect(DomainName domain, CompletionStage<AsyncResultSet> read, List<StoredDmarcReport> into) {
        Row row;
        try {
            row = read.toCompletableFuture().join().one();
        } catch (CompletionException e) {
            if (e.getCause() instanceof DriverException) {
                throw new CassandraStoreException("Cassandra failed reading the DMARC reports of " + domain + ": "
                    + e.getCause().getMessage(), e.getCause());
            }
            throw e;
        }
        // An index row always follows its report row, so a missing report is not expected; it is skipped.
        if (row != null) {
            into.add(stored(domain, row));
        }
    }

    private static StoredDmarcReport stored(DomainName domain, Row row) {
        return new StoredDmarcReport(domain, StoredInstant.parse(row.getString("received_at")),
            DmarcReportJson.read(row.getString("report")));
    }
}
