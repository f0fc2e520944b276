package io.smtpy.webadmin.routes;

import java.time.Instant;
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
import io.smtpy.core.directory.AliasDirectory;
import io.smtpy.core.model.InvalidFieldException;
import io.smtpy.core.store.NotFoundException;
import io.smtpy.webadmin.dto.WebhookDTO;
import io.smtpy.webadmin.dto.WebhookDeliveryDTO;
import io.smtpy.webadmin.guard.Access;
import io.smtpy.webadmin.guard.GuardedService;
import io.smtpy.webadmin.guard.SmtpyGuard;
import io.smtpy.webadmin.guard.RequestContext;
import io.smtpy.webhooks.WebhookBatch;
import io.smtpy.webhooks.WebhookDelivery;
import io.smtpy.webhooks.WebhookEndpoint;
import io.smtpy.webhooks.WebhookId;
import io.smtpy.webhooks.WebhookScope;
import io.smtpy.webhooks.Webhooks;
import spark.Request;
import spark.Response;
import spark.Service;

/**
 * Webhooks ({@link Webhooks}): endpoints that receive mail events, signed per Standard Webhooks, of one domain
 * ({@code /smtpy/domains/{domain}/webhooks}) or of every domain of an account, domains added later included
 * ({@code /smtpy/accounts/{account}/webhooks}); both have the same routes below their base.
 * <ul>
 *   <li>{@code POST .../webhooks} {@code {"url", "events"?: [...], "batch"?: {"maxEvents", "maxDelaySeconds"}}} → 201
 *   with the {@code secret} ({@code whsec_...}), shown this once; {@code GET .../webhooks} lists them</li>
 *   <li>{@code GET|PATCH|DELETE .../webhooks/{id}}; PATCH takes {@code url}, {@code events}, {@code enabled},
 *   {@code batch} ({@code null} stops batching)</li>
 *   <li>{@code POST .../webhooks/{id}/rotate-secret}: a new secret (shown once); the old one signs too for 24 h</li>
 *   <li>{@code POST .../webhooks/{id}/test}: a signed {@code webhook.test} message now; answers the delivery</li>
 *   <li>{@code GET .../webhooks/{id}/deliveries?limit=}: the attempt log, newest first</li>
 *   <li>{@code POST .../webhooks/{id}/replay} {@code {"eventId"}} or {@code {"from", "to"}}: queued again</li>
 * </ul>
 * Reading needs {@code webhooks:read}, everything else {@code webhooks:write}, on the domain or in the account.
 * Secrets are redacted in the audit log.
 */
public class WebhookRoutes implements PublicRoutes {
    private static final String DOMAIN_WEBHOOKS = DomainRoutes.BASE + "/" + RequestValues.DOMAIN_PARAM + "/webhooks";
    private static final String ACCOUNT_PARAM = ":account";
    private static final String ACCOUNT_WEBHOOKS = AccountRoutes.BASE + "/" + ACCOUNT_PARAM + "/webhooks";
    private static final String ID_PARAM = ":id";
    private static final int DEFAULT_DELIVERIES = 50;
    private static final int MAX_DELIVERIES = 500;

    private final AliasDirectory directory;
    private final Webhooks webhooks;
    private final SmtpyGuard guard;
    private final JsonTransformer json;

    @Inject
    public WebhookRoutes(AliasDirectory directory, Webhooks webhooks, SmtpyGuard guard, JsonTransformer json) {
        this.directory = directory;
        this.webhooks = webhooks;
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
        define(routes, DOMAIN_WEBHOOKS, Access.onDomain(Permission.WEBHOOKS_READ), Access.onDomain(Permission.WEBHOOKS_WRITE),
            "The domain's");
        define(routes, ACCOUNT_WEBHOOKS, Access.onAccount(Permission.WEBHOOKS_READ), Access.onAccount(Permission.WEBHOOKS_WRITE),
            "The account's (events of all its domains)");
    }

    private void define(GuardedService routes, String base, Access read, Access write, String whose) {
        String item = base + "/" + ID_PARAM;
        routes.get(base, read).summary(whose + " webhook endpoints").to(this::list, json);
        routes.post(base, write).summary("Add a webhook endpoint; its signing secret is shown this once")
            .action("webhook.create").to(this::create, json);
        routes.get(item, read).summary("A webhook endpoint").to(this::read, json);
        routes.patch(item, write).summary("Change a webhook endpoint's URL, event types or enabled state")
            .action("webhook.update").snapshot(this::snapshot).to(this::update, json);
        routes.delete(item, write).summary("Delete a webhook endpoint and its delivery log")
            .action("webhook.delete").snapshot(this::snapshot).to(this::delete);
        routes.post(item + "/rotate-secret", write).summary("A new signing secret; the old one keeps signing for 24 h")
            .action("webhook.rotate-secret").to(this::rotate, json);
        routes.post(item + "/test", write).summary("Send a signed test message now and answer how it went")
            .action("webhook.test").to(this::test, json);
        routes.get(item + "/deliveries", read).summary("The endpoint's deliveries and their attempts, newest first")
            .to(this::deliveries, json);
        routes.post(item + "/replay", write).summary("Queue again the message of one event, or of every event in a time range")
            .action("webhook.replay").to(this::replay, json);
    }

    /** The path's domain (which must exist), or the account the guard admitted the caller to. */
    private WebhookScope scope(Request request) {
        if (request.params(RequestValues.DOMAIN_PARAM) != null) {
            return WebhookScope.domain(RequestValues.existingDomain(request, directory));
        }
        return WebhookScope.account(RequestContext.of(request).account().asString());
    }

    private static WebhookId id(Request request) {
        try {
            return WebhookId.of(request.params(ID_PARAM));
        } catch (IllegalArgumentException e) {
            throw new NotFoundException("webhook " + request.params(ID_PARAM) + " does not exist");
        }
    }

    private WebhookEndpoint endpoint(Request request) {
        return webhooks.get(scope(request), id(request));
    }

    private Instant now() {
        return directory.clock().instant();
    }

    private Optional<Object> snapshot(Request request) {
        return Optional.of(new WebhookDTO(endpoint(request), now()));
    }

    private Object list(Request request, Response response) {
        Instant now = now();
        return webhooks.list(scope(request)).stream().map(endpoint -> new WebhookDTO(endpoint, now)).collect(Collectors.toList());
    }

    private Object create(Request request, Response response) {
        WebhookScope scope = scope(request);
        JsonBody body = JsonBody.parse(request.body(), Set.of("url", "events", "batch"));
        Optional<WebhookBatch> batch = batch(body).orElse(Optional.empty());
        Webhooks.WithSecret created = webhooks.create(scope, body.requiredText("url"), body.stringList("events").orElse(List.of()), batch);
        response.status(HttpStatus.CREATED_201);
        return new WebhookDTO(created.endpoint(), now(), Optional.of(created.secret()));
    }

    private Object read(Request request, Response response) {
        return new WebhookDTO(endpoint(request), now());
    }

    private Object update(Request request, Response response) {
        WebhookScope scope = scope(request);
        WebhookId id = id(request);
        JsonBody body = JsonBody.parse(request.body(), Set.of("url", "events", "enabled", "batch"));
        WebhookEndpoint updated = webhooks.update(scope, id, body.text("url"), body.stringList("events"), body.bool("enabled"),
            batch(body));
        return new WebhookDTO(updated, now());
    }

    private Object delete(Request request, Response response) {
        WebhookScope scope = scope(request);
        if (!webhooks.delete(scope, id(request))) {
            throw new NotFoundException("webhook " + request.params(ID_PARAM) + " does not exist");
        }
        response.status(HttpStatus.NO_CONTENT_204);
        return "";
    }

    /** Absent: empty; {@code null}: no batching; else {@code {"maxEvents", "maxDelaySeconds"}}, both required. */
    private static Optional<Optional<WebhookBatch>> batch(JsonBody body) {
        if (!body.has("batch")) {
            return Optional.empty();
        }
        if (body.isNull("batch")) {
            return Optional.of(Optional.empty());
        }
        JsonBody batch = JsonBody.of(body.object("batch").orElseThrow(), "batch", Set.of("maxEvents", "maxDelaySeconds"));
        int maxEvents = batch.integer("maxEvents").orElseThrow(() -> new InvalidFieldException("batch.maxEvents", "'batch.maxEvents' is required"));
        int maxDelay = batch.integer("maxDelaySeconds")
            .orElseThrow(() -> new InvalidFieldException("batch.maxDelaySeconds", "'batch.maxDelaySeconds' is required"));
        return Optional.of(Optional.of(WebhookBatch.of(maxEvents, maxDelay)));
    }

    private Object rotate(Request request, Response response) {
        Webhooks.WithSecret rotated = webhooks.rotateSecret(scope(request), id(request));
        return new WebhookDTO(rotated.endpoint(), now(), Optional.of(rotated.secret()));
    }

    private Object test(Request request, Response response) {
        return new WebhookDeliveryDTO(webhooks.test(scope(request), id(request)));
    }

    private Object deliveries(Request request, Response response) {
        int limit = RequestValues.intParam(request, "limit", 1, MAX_DELIVERIES).orElse(DEFAULT_DELIVERIES);
        return webhooks.deliveries(scope(request), id(request), limit).stream().map(WebhookDeliveryDTO::new)
            .collect(Collectors.toList());
    }

    private Object replay(Request request, Response response) {
        WebhookScope scope = scope(request);
        WebhookId id = id(request);
        JsonBody body = JsonBody.parse(request.body(), Set.of("eventId", "from", "to"));
        Optional<String> eventId = body.text("eventId");
        List<WebhookDelivery> queued;
        if (eventId.isPresent()) {
            if (body.has("from") || body.has("to")) {
                throw new InvalidFieldException("eventId", "give either 'eventId' or 'from' and 'to', not both");
            }
            queued = List.of(webhooks.replayEvent(scope, id, eventId.get()));
        } else {
            Instant from = QuarantineRoutes.instant(body.requiredText("from"), "from");
            Instant to = QuarantineRoutes.instant(body.requiredText("to"), "to");
            queued = webhooks.replayRange(scope, id, from, to);
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("queued", queued.size());
        answer.put("deliveries", queued.stream().map(delivery -> delivery.id().asString()).collect(Collectors.toList()));
        return answer;
    }
}
