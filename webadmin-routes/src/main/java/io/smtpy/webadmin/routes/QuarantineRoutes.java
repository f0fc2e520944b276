package io.smtpy.webadmin.routes;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import javax.inject.Inject;

import org.apache.james.core.MailAddress;
import org.apache.james.webadmin.PublicRoutes;
import org.apache.james.webadmin.utils.ErrorResponder;
import org.apache.james.webadmin.utils.JsonTransformer;
import org.eclipse.jetty.http.HttpStatus;

import io.smtpy.access.Permission;
import io.smtpy.access.service.AccessDeniedException;
import io.smtpy.core.directory.AliasDirectory;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.InvalidFieldException;
import io.smtpy.core.model.LocalPart;
import io.smtpy.core.store.AlreadyExistsException;
import io.smtpy.core.store.NotFoundException;
import io.smtpy.rules.lists.ListEntry;
import io.smtpy.rules.lists.ListScope;
import io.smtpy.rules.lists.ListType;
import io.smtpy.rules.lists.ListValue;
import io.smtpy.rules.lists.NewListEntry;
import io.smtpy.rules.lists.SenderLists;
import io.smtpy.rules.quarantine.BulkResult;
import io.smtpy.rules.quarantine.Quarantine;
import io.smtpy.rules.quarantine.QuarantineId;
import io.smtpy.rules.quarantine.QuarantineKind;
import io.smtpy.rules.quarantine.QuarantinePage;
import io.smtpy.rules.quarantine.QuarantineQuery;
import io.smtpy.rules.quarantine.QuarantineState;
import io.smtpy.rules.quarantine.QuarantineStateException;
import io.smtpy.rules.quarantine.QuarantinedMail;
import io.smtpy.webadmin.dto.ListEntryDTO;
import io.smtpy.webadmin.dto.QuarantinedMailDTO;
import io.smtpy.webadmin.guard.Access;
import io.smtpy.webadmin.guard.GuardedService;
import io.smtpy.webadmin.guard.RequestContext;
import io.smtpy.webadmin.guard.SmtpyGuard;
import spark.Request;
import spark.Response;
import spark.Service;

/**
 * A domain's quarantine ({@link Quarantine}): mail held by a rule or a list, and mail dropped and kept for its
 * restore window.
 * <ul>
 *   <li>{@code GET /smtpy/domains/{domain}/quarantine?alias=&kind=&state=&sender=&subject=&from=&to=&limit=&offset=}:
 *   a page, newest first, {@code {"items","total","limit","offset"}}; {@code state} is {@code held} unless given
 *   ({@code all} for every state)</li>
 *   <li>{@code GET .../quarantine/{id}}: the metadata with a {@code preview} (decoded header fields, a text preview
 *   that is never markup, attachment names and sizes); {@code GET .../quarantine/{id}/raw}: the message as
 *   received, {@code message/rfc822}</li>
 *   <li>{@code POST .../quarantine/{id}/release} {@code {"allowSender"?: true}}: delivered to its original
 *   destinations; with {@code allowSender} (which also needs {@code rules:write}) an allow entry for its envelope
 *   sender on its alias (or the domain) lets the sender's next mail through. 409 when it is not held.</li>
 *   <li>{@code DELETE .../quarantine/{id}}</li>
 *   <li>{@code POST .../quarantine/release} and {@code POST .../quarantine/delete} with the list's filters in the
 *   body: at most {@value Quarantine#MAX_BULK} mails per call, {@code {"done","failed","more"}}</li>
 * </ul>
 * Reading needs {@code quarantine:read}, releasing and deleting {@code quarantine:manage}.
 */
public class QuarantineRoutes implements PublicRoutes {
    private static final String QUARANTINE = DomainRoutes.BASE + "/" + RequestValues.DOMAIN_PARAM + "/quarantine";
    private static final String ID_PARAM = ":id";
    private static final String ITEM = QUARANTINE + "/" + ID_PARAM;
    private static final Set<String> FILTERS = Set.of("alias", "kind", "state", "sender", "subject", "from", "to");
    private static final String BULK_RESULT = "io.smtpy.quarantineBulk";
    private static final String ALLOW_ENTRY = "io.smtpy.quarantineAllowEntry";

    private final AliasDirectory directory;
    private final Quarantine quarantine;
    private final SenderLists lists;
    private final SmtpyGuard guard;
    private final JsonTransformer json;

    @Inject
    public QuarantineRoutes(AliasDirectory directory, Quarantine quarantine, SenderLists lists, SmtpyGuard guard, JsonTransformer json) {
        this.directory = directory;
        this.quarantine = quarantine;
        this.lists = lists;
        this.guard = guard;
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
        Access read = Access.onDomain(Permission.QUARANTINE_READ);
        Access manage = Access.onDomain(Permission.QUARANTINE_MANAGE);
        routes.get(QUARANTINE, read).summary("A page of the domain's quarantined mail, filtered, newest first").to(this::list, json);
        routes.post(QUARANTINE + "/release", manage).summary("Release the held mails passing the filters (bounded)")
            .action("quarantine.release-all").snapshot(QuarantineRoutes::bulkSummary).to(bulk(quarantine::releaseAll), json);
        routes.post(QUARANTINE + "/delete", manage).summary("Delete the mails passing the filters (bounded)")
            .action("quarantine.delete-all").snapshot(QuarantineRoutes::bulkSummary).to(bulk(quarantine::deleteAll), json);
        routes.get(ITEM, read).summary("A quarantined mail: metadata, header fields and a safe text preview").to(this::read, json);
        routes.get(ITEM + "/raw", read).summary("A quarantined mail as received (message/rfc822)").to(this::raw);
        routes.post(ITEM + "/release", manage).summary("Deliver a held mail to its destinations; optionally allow its sender")
            .action("quarantine.release").snapshot(this::snapshot).to(this::release, json);
        routes.delete(ITEM, manage).summary("Delete a quarantined mail").action("quarantine.delete").snapshot(this::snapshot)
            .to(this::delete);
    }

    private DomainName domain(Request request) {
        DomainName domain = RequestValues.domain(request);
        if (directory.domain(domain).isEmpty()) {
            throw new NotFoundException("domain " + domain + " does not exist");
        }
        return domain;
    }

    private static QuarantineId id(Request request) {
        try {
            return QuarantineId.of(request.params(ID_PARAM));
        } catch (IllegalArgumentException e) {
            throw new InvalidFieldException("id", e.getMessage());
        }
    }

    private QuarantinedMail mail(Request request) {
        DomainName domain = domain(request);
        QuarantineId id = id(request);
        return quarantine.find(domain, id).orElseThrow(() -> new NotFoundException("domain " + domain + " has no quarantined mail " + id));
    }

    /** The mail's state; after a release and allow, with the allow entry it added (set by {@link #release}). */
    private Optional<Object> snapshot(Request request) {
        Optional<ListEntryDTO> allowed = Optional.ofNullable(request.attribute(ALLOW_ENTRY));
        return quarantine.find(domain(request), id(request)).map(mail -> {
            QuarantinedMailDTO view = new QuarantinedMailDTO(mail);
            allowed.ifPresent(view::withAllowEntry);
            return view;
        });
    }

    private Object list(Request request, Response response) {
        DomainName domain = domain(request);
        int offset = RequestValues.intParam(request, "offset", 0, Integer.MAX_VALUE).orElse(0);
        int limit = RequestValues.intParam(request, "limit", 1, QuarantineQuery.MAX_LIMIT).orElse(QuarantineQuery.DEFAULT_LIMIT);
        QuarantineQuery query = filters(QuarantineQuery.of(domain), request::queryParams).limit(limit).offset(offset);
        QuarantinePage page = quarantine.list(query);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("items", page.items().stream().map(QuarantinedMailDTO::new).collect(Collectors.toList()));
        answer.put("total", page.total());
        answer.put("limit", limit);
        answer.put("offset", offset);
        return answer;
    }

    /** The filters shared by the list (query parameters) and the bulk calls (body fields); absent or empty: no filter. */
    private static QuarantineQuery filters(QuarantineQuery query, Function<String, String> values) {
        QuarantineQuery filtered = query;
        Optional<String> alias = value(values, "alias");
        if (alias.isPresent()) {
            try {
                filtered = filtered.alias(LocalPart.of(alias.get()));
            } catch (IllegalArgumentException e) {
                throw new InvalidFieldException("alias", e.getMessage());
            }
        }
        Optional<String> kind = value(values, "kind");
        if (kind.isPresent()) {
            filtered = filtered.kind(QuarantineKind.parse(kind.get()));
        }
        Optional<String> state = value(values, "state");
        if (state.isPresent()) {
            filtered = state.get().equals("all") ? filtered.anyState() : filtered.state(QuarantineState.parse(state.get()));
        }
        Optional<String> sender = value(values, "sender");
        if (sender.isPresent()) {
            filtered = filtered.senderContains(sender.get());
        }
        Optional<String> subject = value(values, "subject");
        if (subject.isPresent()) {
            filtered = filtered.subjectContains(subject.get());
        }
        Optional<String> from = value(values, "from");
        if (from.isPresent()) {
            filtered = filtered.receivedFrom(instant(from.get(), "from"));
        }
        Optional<String> to = value(values, "to");
        if (to.isPresent()) {
            filtered = filtered.receivedTo(instant(to.get(), "to"));
        }
        return filtered;
    }

    private static Optional<String> value(Function<String, String> values, String name) {
        return Optional.ofNullable(values.apply(name)).filter(value -> !value.isEmpty());
    }

    /** An ISO-8601 date-time with offset from a query parameter or body field, or a 400 naming the field. */
    static Instant instant(String value, String field) {
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidFieldException(field, "'" + field + "' must be an ISO-8601 date-time with offset, e.g. 2026-03-01T00:00:00Z; got '"
                + (value.length() > 100 ? value.substring(0, 100) + "..." : value) + "'");
        }
    }

    private Object read(Request request, Response response) {
        QuarantinedMail mail = mail(request);
        return new QuarantinedMailDTO(mail).withPreview(quarantine.preview(mail.domain(), mail.id()));
    }

    private Object raw(Request request, Response response) throws Exception {
        QuarantinedMail mail = mail(request);
        byte[] bytes = quarantine.raw(mail.domain(), mail.id())
            .orElseThrow(() -> new NotFoundException("quarantined mail " + mail.id() + " has no stored message"));
        response.status(HttpStatus.OK_200);
        response.type("message/rfc822");
        response.header("Content-Disposition", "attachment; filename=\"" + mail.id().asString() + ".eml\"");
        response.header("X-Content-Type-Options", "nosniff");
        response.raw().getOutputStream().write(bytes);
        response.raw().getOutputStream().flush();
        return "";
    }

    private Object release(Request request, Response response) {
        QuarantinedMail mail = mail(request);
        boolean allowSender = JsonBody.parse(request.body(), Set.of("allowSender")).bool("allowSender").orElse(false);
        Optional<MailAddress> sender = mail.sender().asOptional();
        if (allowSender) {
            RequestContext context = RequestContext.of(request);
            if (!context.principal().may(Permission.RULES_WRITE, context.account(), Optional.of(mail.domain()))) {
                throw AccessDeniedException.forbidden("allowing the sender needs " + Permission.RULES_WRITE.value() + " on " + mail.domain());
            }
            if (sender.isEmpty()) {
                throw new InvalidFieldException("allowSender", "the mail has the null sender (a bounce): there is no sender to allow");
            }
        }
        QuarantinedMail released;
        try {
            released = quarantine.release(mail.domain(), mail.id());
        } catch (QuarantineStateException e) {
            throw conflict(e);
        }
        QuarantinedMailDTO answer = new QuarantinedMailDTO(released);
        if (allowSender) {
            ListScope scope = released.alias().map(alias -> ListScope.alias(released.domain(), alias))
                .orElseGet(() -> ListScope.domain(released.domain()));
            ListEntryDTO entry = new ListEntryDTO(allow(scope, sender.get()), directory.clock().instant());
            request.attribute(ALLOW_ENTRY, entry);
            answer.withAllowEntry(entry);
        }
        return answer;
    }

    /** The scope's allow entry for the sender: added, or the one it has already. */
    private ListEntry allow(ListScope scope, MailAddress sender) {
        try {
            return lists.add(scope, NewListEntry.allow(sender.asString()).note("allowed on release from the quarantine"));
        } catch (AlreadyExistsException e) {
            String value = ListValue.parse(sender.asString()).asString();
            return lists.list(scope).stream().filter(entry -> entry.type() == ListType.ALLOW && entry.value().asString().equals(value))
                .findFirst().orElseThrow(() -> e);
        }
    }

    private Object delete(Request request, Response response) {
        QuarantinedMail mail = mail(request);
        if (!quarantine.delete(mail.domain(), mail.id())) {
            throw new NotFoundException("domain " + mail.domain() + " has no quarantined mail " + mail.id());
        }
        response.status(HttpStatus.NO_CONTENT_204);
        return "";
    }

    private spark.Route bulk(Function<QuarantineQuery, BulkResult> operation) {
        return (request, response) -> {
            DomainName domain = domain(request);
            JsonBody body = JsonBody.parse(request.body(), FILTERS);
            QuarantineQuery query = filters(QuarantineQuery.of(domain), field -> body.text(field).orElse(null));
            BulkResult result;
            try {
                result = operation.apply(query);
            } catch (QuarantineStateException e) {
                throw conflict(e);
            }
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("done", result.done());
            answer.put("failed", result.failures().entrySet().stream().map(failure -> Map.of("id", failure.getKey().asString(),
                "reason", failure.getValue())).collect(Collectors.toList()));
            answer.put("more", result.more());
            Map<String, Object> summary = new LinkedHashMap<>(answer);
            summary.put("failed", result.failures().size());
            request.attribute(BULK_RESULT, summary);
            return answer;
        };
    }

    private static Optional<Object> bulkSummary(Request request) {
        return Optional.ofNullable(request.attribute(BULK_RESULT));
    }

    private static RuntimeException conflict(QuarantineStateException e) {
        return ErrorResponder.builder()
            .statusCode(HttpStatus.CONFLICT_409)
            .type(ErrorResponder.ErrorType.WRONG_STATE)
            .message(e.getMessage())
            .haltError();
    }

}
