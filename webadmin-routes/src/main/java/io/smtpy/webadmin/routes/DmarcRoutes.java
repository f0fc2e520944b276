package io.smtpy.webadmin.routes;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import javax.inject.Inject;

import org.apache.james.webadmin.PublicRoutes;
import org.apache.james.webadmin.utils.JsonTransformer;

import io.smtpy.core.directory.AliasDirectory;
import io.smtpy.core.dmarc.DmarcReportRepository;
import io.smtpy.core.dmarc.DmarcSummary;
import io.smtpy.core.dmarc.ReportId;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.InvalidFieldException;
import io.smtpy.core.store.NotFoundException;
import io.smtpy.webadmin.dto.DmarcReportDTO;
import io.smtpy.webadmin.dto.DmarcReportSummaryDTO;
import io.smtpy.webadmin.dto.DmarcSummaryDTO;
import io.smtpy.access.Permission;
import io.smtpy.webadmin.guard.Access;
import io.smtpy.webadmin.guard.GuardedService;
import io.smtpy.webadmin.guard.SmtpyGuard;
import spark.Request;
import spark.Response;
import spark.Service;

/**
 * The DMARC aggregate reports a domain received at its report address (stored by the {@code DmarcReportIntake}
 * mailet). Read-only.
 * <ul>
 *   <li>{@code GET /smtpy/domains/{domain}/dmarc/reports?limit=&offset=}: newest received first; per report its id,
 *   organisation, period, time received and message counts (total, passing, failing). {@code limit} 1 to 1000
 *   (default 100), {@code offset} from 0.</li>
 *   <li>{@code GET /smtpy/domains/{domain}/dmarc/reports/{id}}: the whole report.</li>
 *   <li>{@code GET /smtpy/domains/{domain}/dmarc/summary?from=&to=}: over the reports whose period begins in
 *   {@code [from, to)} (ISO-8601 instants; default the 30 days up to now): totals, and messages by source IP,
 *   by reporting organisation and by disposition.</li>
 * </ul>
 * 404 for an unknown domain or report, 400 naming the parameter when one is invalid.
 */
public class DmarcRoutes implements PublicRoutes {
    static final String DMARC = DomainRoutes.BASE + "/" + RequestValues.DOMAIN_PARAM + "/dmarc";
    static final String REPORTS = DMARC + "/reports";
    static final String REPORT_ID_PARAM = ":reportId";
    static final String REPORT = REPORTS + "/" + REPORT_ID_PARAM;
    static final String SUMMARY = DMARC + "/summary";
    static final int DEFAULT_LIMIT = 100;
    static final Duration DEFAULT_SUMMARY_PERIOD = Duration.ofDays(30);

    private final AliasDirectory directory;
    private final DmarcReportRepository reports;
    private final Clock clock;
    private final JsonTransformer json;

    private final SmtpyGuard guard;

    @Inject
    public DmarcRoutes(AliasDirectory directory, DmarcReportRepository reports, Clock clock, JsonTransformer json, SmtpyGuard guard) {
        this.guard = guard;
        this.directory = directory;
        this.reports = reports;
        this.clock = clock;
        this.json = json;
    }

    @Override
    public String getBasePath() {
        return DomainRoutes.BASE;
    }

    @Override
    public void define(Service service) {
        SmtpyErrors.install(service);
        GuardedService routes = guard.on(service);
        Access read = Access.onDomain(Permission.EVENTS_READ);
        routes.get(REPORTS, read).summary("The domain's DMARC aggregate reports").to(this::list, json);
        routes.get(REPORT, read).summary("One DMARC aggregate report").to(this::report, json);
        routes.get(SUMMARY, read).summary("DMARC results summed over a period").to(this::summary, json);
    }

    private List<DmarcReportSummaryDTO> list(Request request, Response response) {
        DomainName domain = RequestValues.domain(request);
        int limit = RequestValues.intParam(request, "limit", 1, DmarcReportRepository.MAX_LIMIT).orElse(DEFAULT_LIMIT);
        int offset = RequestValues.intParam(request, "offset", 0, Integer.MAX_VALUE).orElse(0);
        requireDomain(domain);
        return reports.list(domain, limit, offset).stream().map(DmarcReportSummaryDTO::new).collect(Collectors.toList());
    }

    private DmarcReportDTO report(Request request, Response response) {
        DomainName domain = RequestValues.domain(request);
        ReportId id = ReportId.of(request.params(REPORT_ID_PARAM));
        requireDomain(domain);
        return reports.find(domain, id).map(DmarcReportDTO::new)
            .orElseThrow(() -> new NotFoundException("domain " + domain + " has no DMARC report " + id));
    }

    private DmarcSummaryDTO summary(Request request, Response response) {
        DomainName domain = RequestValues.domain(request);
        Instant to = instantParam(request, "to").orElseGet(clock::instant);
        Instant from = instantParam(request, "from").orElse(to.minus(DEFAULT_SUMMARY_PERIOD));
        if (!from.isBefore(to)) {
            throw new InvalidFieldException("from", "'from' (" + from + ") must be before 'to' (" + to + ")");
        }
        requireDomain(domain);
        return new DmarcSummaryDTO(domain.asString(), from, to, DmarcSummary.of(reports, domain, from, to));
    }

    private void requireDomain(DomainName domain) {
        if (directory.domain(domain).isEmpty()) {
            throw new NotFoundException("domain " + domain + " does not exist");
        }
    }

    private static Optional<Instant> instantParam(Request request, String name) {
        String value = request.queryParams(name);
        if (value == null || value.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(value));
        } catch (DateTimeParseException e) {
            throw new InvalidFieldException(name, "'" + name + "' must be an ISO-8601 instant such as 2026-03-01T00:00:00Z, got '"
                + value + "'");
        }
    }
}
