package io.smtpy.webadmin.routes;

import java.util.LinkedHashMap;
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
import io.smtpy.core.model.AliasAddress;
import io.smtpy.core.model.Destination;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.InvalidFieldException;
import io.smtpy.core.model.LocalPart;
import io.smtpy.core.store.NotFoundException;
import io.smtpy.suppression.Suppression;
import io.smtpy.suppression.SuppressionCursor;
import io.smtpy.suppression.SuppressionId;
import io.smtpy.suppression.SuppressionPage;
import io.smtpy.suppression.SuppressionQuery;
import io.smtpy.suppression.Suppressions;
import io.smtpy.webadmin.dto.SuppressionDTO;
import io.smtpy.webadmin.guard.Access;
import io.smtpy.webadmin.guard.GuardedService;
import io.smtpy.webadmin.guard.SmtpyGuard;
import spark.Request;
import spark.Response;
import spark.Service;

/**
 * A domain's suppressed destinations ({@link Suppressions}): destinations of its aliases that copies are kept away
 * from, because they failed for good or complained, or because an owner said so.
 * <ul>
 *   <li>{@code GET /smtpy/domains/{domain}/suppressions?alias=&destination=&cursor=&limit=} → {@code {"items": [...],
 *   "next"?}}, those still in force, newest first</li>
 *   <li>{@code POST .../suppressions} {@code {"alias", "destination", "days"?, "reason"?}} → 201: suppress by hand
 *   (a {@code suppressed} event)</li>
 *   <li>{@code DELETE .../suppressions/{id}} → 204: lift it (an {@code unsuppressed} event)</li>
 * </ul>
 * Reading needs {@code suppressions:read}, the others {@code suppressions:write}; changes are audited.
 */
public class SuppressionRoutes implements PublicRoutes {
    private static final String SUPPRESSIONS = DomainRoutes.BASE + "/" + RequestValues.DOMAIN_PARAM + "/suppressions";
    private static final String ID_PARAM = ":id";
    private static final String ITEM = SUPPRESSIONS + "/" + ID_PARAM;

    private final AliasDirectory directory;
    private final Suppressions suppressions;
    private final SmtpyGuard guard;
    private final JsonTransformer json;

    @Inject
    public SuppressionRoutes(AliasDirectory directory, Suppressions suppressions, SmtpyGuard guard, JsonTransformer json) {
        this.directory = directory;
        this.suppressions = suppressions;
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
        Access read = Access.onDomain(Permission.SUPPRESSIONS_READ);
        Access write = Access.onDomain(Permission.SUPPRESSIONS_WRITE);
        routes.get(SUPPRESSIONS, read).summary("The domain's suppressed destinations still in force, newest first")
            .to(this::list, json);
        routes.post(SUPPRESSIONS, write).summary("Suppress a destination of an alias by hand")
            .action("suppression.create").to(this::create, json);
        routes.delete(ITEM, write).summary("Lift a suppression: copies go to the destination again")
            .action("suppression.lift").snapshot(this::snapshot).to(this::lift);
    }

    private DomainName domain(Request request) {
        return RequestValues.existingDomain(request, directory);
    }

    private static SuppressionId id(Request request) {
        try {
            return SuppressionId.of(request.params(ID_PARAM));
        } catch (IllegalArgumentException e) {
            throw new NotFoundException("suppression " + request.params(ID_PARAM) + " does not exist");
        }
    }

    private Suppression suppression(Request request) {
        DomainName domain = domain(request);
        SuppressionId id = id(request);
        return suppressions.find(domain, id)
            .orElseThrow(() -> new NotFoundException("suppression " + id + " does not exist"));
    }

    private Optional<Object> snapshot(Request request) {
        return Optional.of(new SuppressionDTO(suppression(request)));
    }

    private Object list(Request request, Response response) {
        DomainName domain = domain(request);
        SuppressionQuery query = SuppressionQuery.of(domain, directory.clock().instant())
            .alias(RequestValues.localPartParam(request, "alias"))
            .destination(RequestValues.nonEmptyParam(request, "destination").map(value -> destination(value, "destination")))
            .after(RequestValues.nonEmptyParam(request, "cursor").map(SuppressionRoutes::cursor))
            .limit(RequestValues.intParam(request, "limit", 1, SuppressionQuery.MAX_LIMIT).orElse(SuppressionQuery.DEFAULT_LIMIT));
        SuppressionPage page = suppressions.list(query);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("items", page.items().stream().map(SuppressionDTO::new).collect(Collectors.toList()));
        page.next().ifPresent(next -> answer.put("next", next.asString()));
        return answer;
    }

    private static SuppressionCursor cursor(String value) {
        try {
            return SuppressionCursor.parse(value);
        } catch (IllegalArgumentException e) {
            throw new InvalidFieldException("cursor", "'cursor' is not one this API gave out");
        }
    }

    private static Destination destination(String value, String field) {
        try {
            return Destination.of(value);
        } catch (IllegalArgumentException e) {
            throw new InvalidFieldException(field, e.getMessage());
        }
    }

    private Object create(Request request, Response response) {
        DomainName domain = domain(request);
        JsonBody body = JsonBody.parse(request.body(), Set.of("alias", "destination", "days", "reason"));
        String aliasText = body.requiredText("alias");
        LocalPart alias;
        try {
            alias = LocalPart.of(aliasText);
        } catch (IllegalArgumentException e) {
            throw new InvalidFieldException("alias", e.getMessage());
        }
        if (directory.alias(AliasAddress.of(domain, alias)).isEmpty()) {
            throw new InvalidFieldException("alias", "'" + alias.asString() + "' is not an alias of " + domain.asString());
        }
        Destination destination = destination(body.requiredText("destination"), "destination");
        Optional<String> reason = body.text("reason");
        if (reason.filter(text -> text.length() > Suppression.MAX_REASON_LENGTH).isPresent()) {
            throw new InvalidFieldException("reason", "'reason' must be at most " + Suppression.MAX_REASON_LENGTH + " characters");
        }
        Suppression created = suppressions.suppress(domain, alias, destination, body.integer("days"), reason);
        response.status(HttpStatus.CREATED_201);
        return new SuppressionDTO(created);
    }

    private Object lift(Request request, Response response) {
        suppressions.lift(domain(request), id(request));
        response.status(HttpStatus.NO_CONTENT_204);
        return "";
    }
}
