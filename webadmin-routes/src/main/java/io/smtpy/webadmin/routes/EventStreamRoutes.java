package io.smtpy.webadmin.routes;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import javax.inject.Inject;

import org.apache.james.webadmin.PublicRoutes;
import org.apache.james.webadmin.utils.ErrorResponder;
import org.apache.james.webadmin.utils.JsonTransformer;
import org.eclipse.jetty.http.HttpStatus;

import io.smtpy.access.Permission;
import io.smtpy.core.directory.AliasDirectory;
import io.smtpy.core.events.EventFeed;
import io.smtpy.core.events.MailEvent;
import io.smtpy.core.events.MailEventType;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.InvalidFieldException;
import io.smtpy.core.model.LocalPart;
import io.smtpy.core.store.NotFoundException;
import io.smtpy.webadmin.dto.MailEventDTO;
import io.smtpy.webadmin.guard.Access;
import io.smtpy.webadmin.guard.SmtpyGuard;
import spark.Request;
import spark.Response;
import spark.Service;

/**
 * {@code GET /smtpy/domains/{domain}/events/stream}: the domain's events as they happen, as server-sent events
 * ({@code text/event-stream}): each event is {@code id: <event id>}, {@code event: <type>} and {@code data: <the event as
 * GET .../events shows it>}; a comment line right away (the stream is open: events from then on are in it) and every
 * 15 s (keeps proxies from closing an idle stream). Filters {@code type} (comma-separated types) and {@code alias};
 * {@code limit} ends the stream after that many events, {@code timeout} after that many seconds (default and at most
 * 3600; a client reconnects for more). A watcher slower than the mail path loses the oldest events: a
 * {@code event: missed} with the count says so.
 */
public class EventStreamRoutes implements PublicRoutes {
    private static final String STREAM = DomainRoutes.BASE + "/" + RequestValues.DOMAIN_PARAM + "/events/stream";
    private static final int MAX_TIMEOUT_SECONDS = 3600;
    private static final long KEEPALIVE_MILLIS = 15_000;

    private final AliasDirectory directory;
    private final EventFeed feed;
    private final JsonTransformer json;
    private final SmtpyGuard guard;

    @Inject
    public EventStreamRoutes(AliasDirectory directory, EventFeed feed, JsonTransformer json, SmtpyGuard guard) {
        this.directory = directory;
        this.feed = feed;
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
        guard.on(service).get(STREAM, Access.onDomain(Permission.EVENTS_READ))
            .summary("The domain's mail events as they happen (server-sent events)")
            .to(this::stream);
    }

    private Object stream(Request request, Response response) throws Exception {
        DomainName domain = RequestValues.domain(request);
        Predicate<MailEvent> filter = filter(request);
        int limit = RequestValues.intParam(request, "limit", 1, Integer.MAX_VALUE).orElse(Integer.MAX_VALUE);
        int timeout = RequestValues.intParam(request, "timeout", 1, MAX_TIMEOUT_SECONDS).orElse(MAX_TIMEOUT_SECONDS);
        if (directory.domain(domain).isEmpty()) {
            throw new NotFoundException("domain " + domain + " does not exist");
        }
        EventFeed.Subscription subscription;
        try {
            subscription = feed.subscribe(domain, filter);
        } catch (IllegalStateException busy) {
            throw ErrorResponder.builder().statusCode(HttpStatus.SERVICE_UNAVAILABLE_503).type(ErrorResponder.ErrorType.SERVER_ERROR)
                .message(busy.getMessage()).haltError();
        }
        try (subscription) {
            response.status(HttpStatus.OK_200);
            response.type("text/event-stream");
            response.header("Cache-Control", "no-cache");
            OutputStream out = response.raw().getOutputStream();
            write(out, ": events of " + domain.asString() + " from now on\n\n");
            long end = System.currentTimeMillis() + timeout * 1000L;
            long reported = 0;
            int sent = 0;
            while (sent < limit && System.currentTimeMillis() < end) {
                Optional<MailEvent> next = subscription.next(Math.min(KEEPALIVE_MILLIS, Math.max(1, end - System.currentTimeMillis())));
                if (subscription.missed() > reported) {
                    write(out, "event: missed\ndata: {\"missed\":" + (subscription.missed() - reported) + "}\n\n");
                    reported = subscription.missed();
                }
                if (next.isEmpty()) {
                    write(out, ": keepalive\n\n");
                    continue;
                }
                MailEvent event = next.get();
                write(out, "id: " + event.id().asString() + "\nevent: " + event.type().asString() + "\ndata: "
                    + json.render(new MailEventDTO(event)) + "\n\n");
                sent++;
            }
        } catch (IOException clientGone) {
            // The watcher hung up: its subscription is closed above, nothing else to do.
        }
        return "";
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static Predicate<MailEvent> filter(Request request) {
        Optional<Set<MailEventType>> types = Optional.ofNullable(request.queryParams("type")).filter(value -> !value.isEmpty())
            .map(value -> {
                try {
                    return Arrays.stream(value.split(",")).map(String::trim).map(MailEventType::parse).collect(Collectors.toSet());
                } catch (IllegalArgumentException e) {
                    throw new InvalidFieldException("type", e.getMessage());
                }
            });
        Optional<LocalPart> alias = Optional.ofNullable(request.queryParams("alias")).filter(value -> !value.isEmpty())
            .map(value -> {
                try {
                    return LocalPart.of(value);
                } catch (IllegalArgumentException e) {
                    throw new InvalidFieldException("alias", e.getMessage());
                }
            });
        return event -> types.map(set -> set.contains(event.type())).orElse(true)
            && alias.map(wanted -> event.alias().map(wanted::equals).orElse(false)).orElse(true);
    }
}
