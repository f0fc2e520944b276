package io.smtpy.webadmin.routes;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import javax.inject.Inject;

import org.apache.james.webadmin.PublicRoutes;
import org.apache.james.webadmin.utils.JsonTransformer;
import org.eclipse.jetty.http.HttpStatus;

import io.smtpy.access.Permission;
import io.smtpy.bounces.copies.FailedCopies;
import io.smtpy.core.directory.AliasDirectory;
import io.smtpy.core.events.JourneyQuery;
import io.smtpy.core.events.JourneyStart;
import io.smtpy.core.events.JourneySummary;
import io.smtpy.core.events.MailEvent;
import io.smtpy.core.events.MailEventQuery;
import io.smtpy.core.events.MailEventRepository;
import io.smtpy.core.model.Domain;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.EventPrivacy;
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
 * A domain's mail history: one item per message (a journey: the mail as received or refused, and every copy
 * forwarded from it), one message's whole journey, and an export of the events.
 * <ul>
 *   <li>{@code GET /smtpy/domains/{domain}/messages?messageId=&alias=&status=&sender=&recipient=&reason=&rule=&remoteMta=&subject=&from=&to=&limit=&cursor=}:
 *   {@code {"items": [...], "next": cursor}}, the newest message first, {@code next} only when there are more; the
 *   filters are those of {@link JourneyQuery}, read from the journey summaries storage keeps, so a page costs the
 *   same whatever the domain's history. Addresses and subject text are turned into what the domain keeps
 *   ({@link JourneyQuery#keptAs}): a domain that hashes them is searched by exact hash.</li>
 *   <li>{@code GET /smtpy/domains/{domain}/messages/{id}}: {@code {"id", "messageId", "events": [...],
 *   "failedCopy": {"kept", "until"?}}}, the events oldest first; {@code failedCopy} says whether a copy that failed for
 *   good is kept for resending, and until when; 404 for an id the domain has no events of.</li>
 *   <li>{@code POST /smtpy/domains/{domain}/messages/{id}/resend} {@code {"to"}}: sends the kept failed copy to
 *   {@code to} through the outbound path (a {@code resent} event in the journey) → 202 {@code {"copyId"}}; 404 when
 *   no copy is kept, 400 {@code Invalid to} for a bad address. Needs {@code sending:send}: it sends a mail of the domain
 *   to an address of the caller's choosing.</li>
 *   <li>{@code GET /smtpy/domains/{domain}/events/export?format=csv|ndjson&messageId=&alias=&type=&from=&to=}: every
 *   matching event, oldest first, written to the response as it is read from storage.</li>
 * </ul>
 * {@code from} (inclusive) and {@code to} (exclusive) are ISO-8601 date-times with an offset: for the list, when the
 * message's journey started; for the export, when each event happened. Every parameter that
 * is invalid is a 400 naming it; an unknown domain, or one outside the caller's reach, is a 404.
 */
public class MessageRoutes implements PublicRoutes {
    private static final String MESSAGES = DomainRoutes.BASE + "/" + RequestValues.DOMAIN_PARAM + "/messages";
    private static final String ID_PARAM = ":id";
    private static final String EXPORT = DomainRoutes.BASE + "/" + RequestValues.DOMAIN_PARAM + "/events/export";
    public static final int DEFAULT_LIMIT = 50;
    /** One below the query's maximum: a page asks for one more to tell whether a next one exists. */
    public static final int MAX_LIMIT = MailEventQuery.MAX_LIMIT - 1;
    private static final List<String> CSV_COLUMNS = List.of("id", "at", "journeyId", "type", "alias", "messageId", "mailId",
        "sender", "recipients", "smtpCode", "enhancedStatus", "detail", "subject");
    /** The longest search text accepted per parameter: what an event can hold of it. */
    private static final Map<String, Integer> SEARCH_LENGTHS = Map.of("sender", MailEvent.MAX_ADDRESS_LENGTH,
        "recipient", MailEvent.MAX_ADDRESS_LENGTH, "reason", MailEvent.MAX_DETAIL_LENGTH, "rule", 200, "remoteMta", 255,
        "subject", MailEvent.MAX_SUBJECT_LENGTH, "messageId", MailEvent.MAX_ID_LENGTH);

    private final AliasDirectory directory;
    private final MailEventRepository events;
    private final FailedCopies failedCopies;
    private final JsonTransformer json;
    private final SmtpyGuard guard;

    @Inject
    public MessageRoutes(AliasDirectory directory, MailEventRepository events, FailedCopies failedCopies, JsonTransformer json,
                         SmtpyGuard guard) {
        this.directory = directory;
        this.events = events;
        this.failedCopies = failedCopies;
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
        Access read = Access.onDomain(Permission.EVENTS_READ);
        guard.on(service).get(MESSAGES, read).summary("The domain's messages, newest first, one per journey").to(this::page, json);
        guard.on(service).get(MESSAGES + "/" + ID_PARAM, read).summary("One message's journey: all its events, oldest first")
            .to(this::journey, json);
        guard.on(service).post(MESSAGES + "/" + ID_PARAM + "/resend", Access.onDomain(Permission.SENDING_SEND))
            .summary("Send a message's kept failed copy again, to another address").action("message.resend")
            .to(this::resend, json);
        guard.on(service).get(EXPORT, read).summary("The domain's events, streamed as CSV or NDJSON, oldest first").to(this::export);
    }

    private Object page(Request request, Response response) {
        DomainName domain = RequestValues.domain(request);
        int limit = RequestValues.intParam(request, "limit", 1, MAX_LIMIT).orElse(DEFAULT_LIMIT);
        JourneyQuery query = JourneyQuery.of(domain)
            .withMessageId(searchParam(request, "messageId"))
            .withAlias(RequestValues.localPartParam(request, "alias"))
            .withStatus(RequestValues.eventTypeParam(request, "status"))
            .withSender(searchParam(request, "sender"))
            .withRecipient(searchParam(request, "recipient"))
            .withReason(searchParam(request, "reason"))
            .withRule(searchParam(request, "rule"))
            .withRemoteMta(searchParam(request, "remoteMta"))
            .withSubjectText(searchParam(request, "subject"))
            .withSince(RequestValues.instantParam(request, "from"))
            .withUntil(RequestValues.instantParam(request, "to"))
            .withAfter(RequestValues.nonEmptyParam(request, "cursor").map(MessageRoutes::cursor))
            .withLimit(limit + 1);
        EventPrivacy privacy = existing(domain).eventPrivacy();
        List<JourneySummary> journeys = events.journeys(query.keptAs(privacy));
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("items", journeys.stream().limit(limit).map(MessageRoutes::summary).collect(Collectors.toList()));
        if (journeys.size() > limit) {
            page.put("next", cursor(journeys.get(limit - 1).start()));
        }
        return page;
    }

    /** A search text, at most as long as what an event keeps of it. */
    private static Optional<String> searchParam(Request request, String name) {
        Optional<String> value = RequestValues.nonEmptyParam(request, name);
        int max = SEARCH_LENGTHS.get(name);
        if (value.isPresent() && value.get().length() > max) {
            throw new InvalidFieldException(name, "'" + name + "' must be at most " + max + " characters, got " + value.get().length());
        }
        return value;
    }

    private Object journey(Request request, Response response) {
        DomainName domain = RequestValues.domain(request);
        String id = request.params(ID_PARAM);
        existing(domain);
        List<MailEvent> journey = events.journey(domain, id);
        if (journey.isEmpty()) {
            throw new NotFoundException("message " + id + " of " + domain + " does not exist");
        }
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", id);
        JourneySummary summary = JourneySummary.of(domain, id, journey);
        view.put("messageId", summary.messageId());
        view.put("subject", summary.subject());
        view.put("events", journey.stream().map(MailEventDTO::new).collect(Collectors.toList()));
        Map<String, Object> kept = new LinkedHashMap<>();
        Optional<Instant> until = failedCopies.keptUntil(domain, id);
        kept.put("kept", until.isPresent());
        until.ifPresent(instant -> kept.put("until", instant));
        view.put("failedCopy", kept);
        return view;
    }

    private Object resend(Request request, Response response) {
        DomainName domain = RequestValues.domain(request);
        String id = request.params(ID_PARAM);
        JsonBody body = JsonBody.parse(request.body(), Set.of("to"));
        String to = body.requiredText("to");
        existing(domain);
        String copyId = failedCopies.resend(domain, id, to);
        response.status(HttpStatus.ACCEPTED_202);
        return Map.of("copyId", copyId);
    }

    private Object export(Request request, Response response) throws IOException {
        DomainName domain = RequestValues.domain(request);
        MailEventQuery query = filters(request, domain).withType(RequestValues.eventTypeParam(request, "type"));
        String format = RequestValues.nonEmptyParam(request, "format").orElse("ndjson");
        if (!format.equals("csv") && !format.equals("ndjson")) {
            throw new InvalidFieldException("format", "'format' must be csv or ndjson, got '" + format + "'");
        }
        existing(domain);
        response.type(format.equals("csv") ? "text/csv; charset=utf-8" : "application/x-ndjson");
        response.header("Content-Disposition", "attachment; filename=\"events-" + domain.asString() + "." + format + "\"");
        Writer out = new BufferedWriter(new OutputStreamWriter(response.raw().getOutputStream(), StandardCharsets.UTF_8));
        if (format.equals("csv")) {
            out.write(CsvCells.row(CSV_COLUMNS));
        }
        boolean csv = format.equals("csv");
        events.forEach(query, event -> {
            try {
                if (csv) {
                    out.write(CsvCells.row(csvCells(event)));
                } else {
                    out.write(json.render(new MailEventDTO(event)));
                    out.write('\n');
                }
            } catch (IOException e) {
                // The client went away: stop reading rather than run the export to its end for nobody.
                throw new UncheckedIOException(e);
            }
        });
        out.flush();
        return "";
    }

    private static List<String> csvCells(MailEvent event) {
        return List.of(event.id().asString(), event.at().toString(), event.journeyId().orElse(""), event.type().asString(),
            event.alias().map(LocalPart::asString).orElse(""), event.messageId().orElse(""), event.mailId().orElse(""),
            event.sender(), String.join(" ", event.recipients()), event.smtpCode().map(String::valueOf).orElse(""),
            event.enhancedStatus().orElse(""), event.detail(), event.subject().orElse(""));
    }

    /** The filters the list and the export share. */
    private static MailEventQuery filters(Request request, DomainName domain) {
        return MailEventQuery.of(domain)
            .withMessageId(RequestValues.nonEmptyParam(request, "messageId"))
            .withAlias(RequestValues.localPartParam(request, "alias"))
            .withSince(RequestValues.instantParam(request, "from"))
            .withUntil(RequestValues.instantParam(request, "to"));
    }

    private Domain existing(DomainName domain) {
        return directory.domain(domain).orElseThrow(() -> new NotFoundException("domain " + domain + " does not exist"));
    }

    private static Map<String, Object> summary(JourneySummary journey) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", journey.id());
        view.put("messageId", journey.messageId());
        view.put("sender", journey.sender());
        view.put("recipients", journey.recipients());
        view.put("status", journey.status().asString());
        view.put("firstAt", journey.firstAt());
        view.put("lastAt", journey.lastAt());
        view.put("subject", journey.subject());
        return view;
    }

    /** Opaque to clients: the base64url of the last item's start and id, which stays valid as new mail arrives. */
    static String cursor(JourneyStart start) {
        return Base64.getUrlEncoder().withoutPadding()
            .encodeToString((start.firstAt() + " " + start.journeyId()).getBytes(StandardCharsets.UTF_8));
    }

    static JourneyStart cursor(String value) {
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(value), StandardCharsets.UTF_8);
            int space = decoded.indexOf(' ');
            if (space < 0 || space == decoded.length() - 1) {
                throw new IllegalArgumentException("no journey");
            }
            return new JourneyStart(decoded.substring(space + 1), Instant.parse(decoded.substring(0, space)));
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new InvalidFieldException("cursor", "'cursor' is not one this API gave out");
        }
    }
}
