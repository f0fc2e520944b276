package io.smtpy.webadmin.routes;

import java.time.Clock;
import java.util.Optional;

import javax.inject.Inject;

import org.apache.james.webadmin.PublicRoutes;
import org.apache.james.webadmin.utils.JsonTransformer;

import io.smtpy.access.Permission;
import io.smtpy.analytics.Analytics;
import io.smtpy.analytics.AnalyticsQuery;
import io.smtpy.core.directory.AliasDirectory;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.store.NotFoundException;
import io.smtpy.webadmin.dto.AnalyticsDTO;
import io.smtpy.webadmin.guard.Access;
import io.smtpy.webadmin.guard.SmtpyGuard;
import spark.Request;
import spark.Response;
import spark.Service;

/**
 * A domain's analytics, from the hourly roll-ups kept as events arrive (never a scan of the events).
 * <ul>
 *   <li>{@code GET /smtpy/domains/{domain}/analytics?from=&to=&interval=hour|day&alias=}: chart-ready series, one
 *   count per bucket, zero-filled; {@code from} and {@code to} ISO-8601 instants rounded out to whole buckets
 *   (defaults: the last 24 hours, or the last 30 days for {@code day}; at most 31 days of hours, 366 of days),
 *   {@code alias} a local part to see one alias. 400 naming the parameter when one is invalid, 404 when the domain
 *   does not exist or is not the caller's.</li>
 * </ul>
 * Declares {@code events:read}, like the events it sums.
 */
public class AnalyticsRoutes implements PublicRoutes {
    private static final String ANALYTICS = DomainRoutes.BASE + "/" + RequestValues.DOMAIN_PARAM + "/analytics";

    private final AliasDirectory directory;
    private final Analytics analytics;
    private final Clock clock;
    private final JsonTransformer json;
    private final SmtpyGuard guard;

    @Inject
    public AnalyticsRoutes(AliasDirectory directory, Analytics analytics, Clock clock, JsonTransformer json, SmtpyGuard guard) {
        this.directory = directory;
        this.analytics = analytics;
        this.clock = clock;
        this.json = json;
        this.guard = guard;
    }

    @Override
    public String getBasePath() {
        return DomainRoutes.BASE;
    }

    @Override
    public void define(Service service) {
        SmtpyErrors.install(service);
        guard.on(service).get(ANALYTICS, Access.onDomain(Permission.EVENTS_READ))
            .summary("The domain's analytics: chart-ready series by hour or day").to(this::report, json);
    }

    private AnalyticsDTO report(Request request, Response response) {
        DomainName domain = RequestValues.domain(request);
        AnalyticsQuery query = AnalyticsQuery.parse(domain, param(request, "alias"), param(request, "interval"),
            param(request, "from"), param(request, "to"), clock);
        if (directory.domain(domain).isEmpty()) {
            throw new NotFoundException("domain " + domain + " does not exist");
        }
        return new AnalyticsDTO(analytics.report(query));
    }

    private static Optional<String> param(Request request, String name) {
        return Optional.ofNullable(request.queryParams(name));
    }
}
