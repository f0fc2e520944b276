package io.smtpy.webadmin.routes;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import javax.inject.Inject;

import org.apache.james.webadmin.PublicRoutes;
import org.apache.james.webadmin.utils.ErrorResponder;
import org.apache.james.webadmin.utils.JsonTransformer;
import org.eclipse.jetty.http.HttpStatus;

import io.smtpy.access.Permission;
import io.smtpy.core.directory.AliasDirectory;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.InvalidFieldException;
import io.smtpy.core.store.NotFoundException;
import io.smtpy.sending.queue.ActionOutcome;
import io.smtpy.sending.queue.CopyStatus;
import io.smtpy.sending.queue.DomainPriorities;
import io.smtpy.sending.queue.OwnerQueue;
import io.smtpy.sending.queue.QueueAction;
import io.smtpy.sending.queue.QueueFilter;
import io.smtpy.sending.queue.QueuedCopy;
import io.smtpy.webadmin.guard.Access;
import io.smtpy.webadmin.guard.GuardedService;
import io.smtpy.webadmin.guard.SmtpyGuard;
import spark.Request;
import spark.Response;
import spark.Service;

/**
 * The owner's queue ({@link OwnerQueue}): the copies of a domain's mail waiting for delivery, and what its owner may do
 * to them.
 * <ul>
 *   <li>{@code GET /smtpy/domains/{domain}/queue?status=&recipient=&sender=&minAttempts=} → {@code {"items": [...],
 *   "priorityClass": "normal|high"}}, in the order they would leave; each item {@code id, sender, recipients, status
 *   (waiting|held|delivering), attempts, reason, nextAttempt, queuedAt, priority, lane}</li>
 *   <li>{@code POST .../queue/{id}/retry|cancel|hold|release} → 200 {@code {"id", "action", "applied": true}}; 404 for a
 *   copy that is not (or no longer) there, 409 when the action does not apply now (being delivered, held, not held)</li>
 *   <li>{@code POST .../queue/retry|cancel|hold|release} {@code {"ids": [...]}} or {@code {"filter": {"status"?,
 *   "recipient"?, "sender"?, "minAttempts"?}}} (an empty filter takes every copy) → {@code {"action", "applied": [ids],
 *   "refused": [{"id", "reason"}]}}</li>
 * </ul>
 * Reading needs {@code events:read} on the domain (the copies show addresses, as events do); acting
 * {@code domains:write}. Every action is audited. Cancel removes the copy and bounces it to its sender (a DSN saying
 * the domain's owner cancelled it, and a {@code bounced} event); hold keeps it, undelivered, until released, across
 * restarts. A server whose queue cannot serve this (James's own queues) answers 501.
 */
public class QueueRoutes implements PublicRoutes {
    private static final String QUEUE = DomainRoutes.BASE + "/" + RequestValues.DOMAIN_PARAM + "/queue";
    private static final String ID_PARAM = ":id";
    private static final String ACTION_PARAM = ":action";
    private static final Set<String> FILTER_FIELDS = Set.of("status", "recipient", "sender", "minAttempts");

    private final AliasDirectory directory;
    private final OwnerQueue queue;
    private final DomainPriorities priorities;
    private final SmtpyGuard guard;
    private final JsonTransformer json;

    @Inject
    public QueueRoutes(AliasDirectory directory, OwnerQueue queue, DomainPriorities priorities, SmtpyGuard guard,
                       JsonTransformer json) {
        this.directory = directory;
        this.queue = queue;
        this.priorities = priorities;
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
        service.exception(UnsupportedOperationException.class, (e, request, response) -> {
            response.status(HttpStatus.NOT_IMPLEMENTED_501);
            response.type("application/json");
            response.body(ErrorResponder.builder().statusCode(HttpStatus.NOT_IMPLEMENTED_501)
                .type(ErrorResponder.ErrorType.SERVER_ERROR).message(e.getMessage()).asString());
        });
        service.exception(Refused.class, (e, request, response) -> {
            response.status(HttpStatus.CONFLICT_409);
            response.type("application/json");
            response.body(ErrorResponder.builder().statusCode(HttpStatus.CONFLICT_409)
                .type(ErrorResponder.ErrorType.WRONG_STATE).message(e.getMessage()).asString());
        });
        GuardedService routes = guard.on(service);
        Access read = Access.onDomain(Permission.EVENTS_READ);
        Access act = Access.onDomain(Permission.DOMAINS_WRITE);
        routes.get(QUEUE, read).summary("The domain's copies waiting for delivery: status, attempts, reason, next attempt")
            .to(this::list, json);
        routes.post(QUEUE + "/" + ACTION_PARAM, act)
            .summary("Retry, cancel (bounced to the sender), hold or release the copies named by ids or chosen by a filter")
            .action("queue.bulk").to(this::bulk, json);
        routes.post(QUEUE + "/" + ID_PARAM + "/" + ACTION_PARAM, act)
            .summary("Retry (due now), cancel (bounced to the sender), hold or release one waiting copy")
            .action("queue.act").to(this::one, json);
    }

    private Object list(Request request, Response response) {
        DomainName domain = RequestValues.existingDomain(request, directory);
        QueueFilter filter = new QueueFilter(RequestValues.nonEmptyParam(request, "status").map(text -> status(text, "status")),
            RequestValues.nonEmptyParam(request, "recipient"), RequestValues.nonEmptyParam(request, "sender"),
            RequestValues.intParam(request, "minAttempts", 0, 1000).orElse(0));
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("items", queue.list(domain).stream().filter(filter).map(QueueRoutes::item).collect(Collectors.toList()));
        page.put("priorityClass", priorities.of(domain).asString());
        return page;
    }

    private Object one(Request request, Response response) {
        DomainName domain = RequestValues.existingDomain(request, directory);
        QueueAction action = action(request);
        String id = request.params(ID_PARAM);
        ActionOutcome outcome = queue.act(domain, action, List.of(id)).get(0);
        if (!outcome.isApplied()) {
            String why = outcome.refusal().orElse("");
            if (outcome.isUnknownCopy()) {
                throw new NotFoundException("Copy " + id + " is not in the queue of " + domain.asString());
            }
            throw new Refused("Copy " + id + " cannot be " + past(action) + ": " + why);
        }
        Map<String, Object> done = new LinkedHashMap<>();
        done.put("id", id);
        done.put("action", action.asString());
        done.put("applied", true);
        return done;
    }

    private Object bulk(Request request, Response response) {
        DomainName domain = RequestValues.existingDomain(request, directory);
        QueueAction action = action(request);
        JsonBody body = JsonBody.parse(request.body(), Set.of("ids", "filter"));
        Optional<List<String>> ids = body.stringList("ids");
        Optional<JsonBody> filterBody = body.object("filter", FILTER_FIELDS);
        if (ids.isPresent() == filterBody.isPresent()) {
            throw new InvalidFieldException("ids", "give either 'ids' or 'filter'");
        }
        List<String> chosen = ids.orElseGet(() -> {
            QueueFilter filter = filter(filterBody.get());
            return queue.list(domain).stream().filter(filter).map(QueuedCopy::id).collect(Collectors.toList());
        });
        List<ActionOutcome> outcomes = queue.act(domain, action, chosen);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("action", action.asString());
        result.put("applied", outcomes.stream().filter(ActionOutcome::isApplied).map(ActionOutcome::id).collect(Collectors.toList()));
        result.put("refused", outcomes.stream().filter(outcome -> !outcome.isApplied())
            .map(outcome -> Map.of("id", outcome.id(), "reason", outcome.refusal().orElse("")))
            .collect(Collectors.toList()));
        return result;
    }

    private static QueueFilter filter(JsonBody filter) {
        int minAttempts = filter.integer("minAttempts").orElse(0);
        if (minAttempts < 0) {
            throw new InvalidFieldException("filter.minAttempts", "'filter.minAttempts' must not be negative");
        }
        return new QueueFilter(filter.text("status").map(text -> status(text, "filter.status")), filter.text("recipient"),
            filter.text("sender"), minAttempts);
    }

    private static CopyStatus status(String text, String field) {
        for (CopyStatus status : CopyStatus.values()) {
            if (status.asString().equals(text.trim())) {
                return status;
            }
        }
        throw new InvalidFieldException(field, "'" + field + "' must be waiting, held or delivering, got '" + text + "'");
    }

    private static QueueAction action(Request request) {
        String text = request.params(ACTION_PARAM);
        return QueueAction.parse(text).orElseThrow(() -> new NotFoundException("No queue action '" + text
            + "' (retry, cancel, hold, release)"));
    }

    private static String past(QueueAction action) {
        switch (action) {
            case RETRY:
                return "retried";
            case CANCEL:
                return "cancelled";
            case HOLD:
                return "held";
            default:
                return "released";
        }
    }

    private static Map<String, Object> item(QueuedCopy copy) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("id", copy.id());
        item.put("sender", copy.sender());
        item.put("recipients", copy.recipients());
        item.put("status", copy.status().asString());
        item.put("attempts", copy.attempts());
        item.put("reason", copy.reason());
        item.put("nextAttempt", copy.nextAttempt().map(Object::toString).orElse(null));
        item.put("queuedAt", copy.queuedAt().toString());
        item.put("priority", copy.priority());
        item.put("lane", copy.lane().asString());
        return item;
    }

    /** An action that does not apply to the copy now. */
    static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message);
        }
    }
}
