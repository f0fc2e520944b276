package io.smtpy.store.embedded;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.smtpy.core.dmarc.AggregateReport;
import io.smtpy.core.dmarc.DmarcReportRepository;
import io.smtpy.core.dmarc.ReportId;
import io.smtpy.core.dmarc.StoredDmarcReport;
import io.smtpy.core.model.DomainName;

/**
 * DMARC aggregate reports in the {@code dmarc_reports} table: one row per (domain, report id), the period, the
 * reporting organisation and the time received as columns for listing and selecting, the report itself as a JSON
 * document ({@link DmarcReportJson}).
 */
final class EmbeddedDmarcReportRepository implements DmarcReportRepository {
    private static final String COLUMNS = "domain, received_at, report";

    private final SqliteConnections connections;

    EmbeddedDmarcReportRepository(SqliteConnections connections) {
        this.connections = connections;
    }

    @Override
    public boolean store(DomainName domain, AggregateReport report, Instant receivedAt) {
        String json = DmarcReportJson.write(report);
        // The unique key decides between a report and its resending, even when both arrive at once.
        return connections.write(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO dmarc_reports"
                + " (domain, report_id, received_at, period_begin, period_end, org_name, report) VALUES (?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (domain, report_id) DO NOTHING")) {
                insert.setString(1, domain.asString());
                insert.setString(2, report.reportId().asString());
                insert.setString(3, StoredInstant.format(receivedAt));
                insert.setString(4, StoredInstant.format(report.begin()));
                insert.setString(5, StoredInstant.format(report.end()));
                insert.setString(6, report.orgName());
                insert.setString(7, json);
                return insert.executeUpdate() > 0;
            }
        });
    }

    @Override
    public List<StoredDmarcReport> list(DomainName domain, int limit, int offset) {
        DmarcReportRepository.checkPage(limit, offset);
        return select("SELECT " + COLUMNS + " FROM dmarc_reports WHERE domain = ?"
            + " ORDER BY received_at DESC, seq DESC LIMIT " + limit + " OFFSET " + offset, domain.asString());
    }

    @Override
    public Optional<StoredDmarcReport> find(DomainName domain, ReportId reportId) {
        return select("SELECT " + COLUMNS + " FROM dmarc_reports WHERE domain = ? AND report_id = ?",
            domain.asString(), reportId.asString()).stream().findFirst();
    }

    @Override
    public List<StoredDmarcReport> between(DomainName domain, Instant from, Instant to) {
        return select("SELECT " + COLUMNS + " FROM dmarc_reports WHERE domain = ? AND period_begin >= ? AND period_begin < ?"
            + " ORDER BY period_begin, seq", domain.asString(), StoredInstant.format(from), StoredInstant.format(to));
    }

    private List<StoredDmarcReport> select(String sql, String... parameters) {
        return connections.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(sql)) {
                for (int i = 0; i < parameters.length; i++) {
                    select.setString(i + 1, parameters[i]);
                }
                try (ResultSet rows = select.executeQuery()) {
                    List<StoredDmarcReport> reports = new ArrayList<>();
                    while (rows.next()) {
                        reports.add(stored(rows));
                    }
                    return reports;
                }
            }
        });
    }

    private static StoredDmarcReport stored(ResultSet row) throws SQLException {
        return new StoredDmarcReport(DomainName.of(row.getString("domain")), StoredInstant.parse(row.getString("received_at")),
            DmarcReportJson.read(row.getString("report")));
    }
}
