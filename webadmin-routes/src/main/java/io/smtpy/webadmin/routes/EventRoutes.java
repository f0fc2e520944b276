package io.smtpy.webadmin.routes;

import java.util.List;
import java.util.stream.Collectors;

import javax.inject.Inject;

import org.apache.james.webadmin.PublicRoutes;
import org.apache.james.webadmin.utils.JsonTransformer;

import io.smtpy.core.directory.AliasDirectory;
import io.smtpy.core.events.MailEventQuery;
import io.smtpy.core.events.MailEventRepository;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.store.NotFoundException;
import io.smtpy.webadmin.dto.MailEventDTO;
import io.smtpy.access.Permission;
import io.smtpy.webadmin.guard.Access;
import io.smtpy.webadmin.guard.GuardedService;
import io.smtpy.webadmin.guard.SmtpyGuard;
import spark.Request;
import spark.Response;
import spark.Service;

/**
 * The mail events of a domain: what the mail path decided about each mail (received, rejected, forwarded,
 * delivered, deferred, bounced, dropped, loop, report-stored, report-rejected).
 * <ul>
 *   <li>{@code GET /smtpy/domains/{domain}/events?alias=&type=&limit=}: a JSON array of events, newest first;
 *   {@code alias} a local part, {@code type} a lower-case type name, {@code limit} 1 to 1000 (default 100).
 *   400 naming the parameter when one is invalid, 404 when the domain does not exist.</li>
 * </ul>
 * Read-only: events are written by the mail path through {@code MailEvents}.
 */
public class EventRoutes implements PublicRoutes {
    private static final String EVENTS = DomainRoutes.BASE + "/" + RequestValues.DOMAIN_PARAM + "/events";

    private final AliasDirectory directory;
    private final MailEventRepository events;
    private final JsonTransformer json;

    private final SmtpyGuard guard;

    @Inject
    public EventRoutes(AliasDirectory directory, MailEventRepository events, JsonTransformer json, SmtpyGuard guard) {
        this.guard = guard;
        this.directory = directory;
        this.events = events;
        this.json = json;
    }

    @Override
    public String getBasePath() {
        return DomainRoutes.BASE;
    }

    @Override
    public void define(Service service) {
        SmtpyErrors.install(service);
        guard.on(service).get(EVENTS, Access.onDomain(Permission.EVENTS_READ)).summary("The domain's mail events, newest first")
            .to(this::list, json);
    }

    private List<MailEventDTO> list(Request request, Response response) {
        DomainName domain = RequestValues.domain(request);
        MailEventQuery query = MailEventQuery.of(domain)
            .withAlias(RequestValues.localPartParam(request, "alias"))
            .withType(RequestValues.eventTypeParam(request, "type"))
            .withLimit(RequestValues.intParam(request, "limit", 1, MailEventQuery.MAX_LIMIT).orElse(MailEventQuery.DEFAULT_LIMIT));
        if (directory.domain(domain).isEmpty()) {
            throw new NotFoundException("domain " + domain + " does not exist");
        }
        return events.list(query).stream().map(MailEventDTO::new).collect(Collectors.toList());
    }
}
