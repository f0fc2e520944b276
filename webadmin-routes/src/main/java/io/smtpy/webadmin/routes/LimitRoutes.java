package io.smtpy.webadmin.routes;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import javax.inject.Inject;

import org.apache.james.webadmin.PublicRoutes;
import org.apache.james.webadmin.utils.JsonTransformer;
import org.eclipse.jetty.http.HttpStatus;

import com.fasterxml.jackson.databind.JsonNode;

import io.smtpy.access.AccessId;
import io.smtpy.access.Permission;
import io.smtpy.core.directory.AliasDirectory;
import io.smtpy.core.model.AliasAddress;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.store.NotFoundException;
import io.smtpy.core.model.InvalidFieldException;
import io.smtpy.limits.LimitAction;
import io.smtpy.limits.LimitDirection;
import io.smtpy.limits.LimitMetric;
import io.smtpy.limits.LimitPolicy;
import io.smtpy.limits.LimitSet;
import io.smtpy.limits.LimitSettings;
import io.smtpy.limits.LimitSubject;
import io.smtpy.sending.SmtpCredentials;
import io.smtpy.webadmin.dto.LimitViews;
import io.smtpy.webadmin.guard.Access;
import io.smtpy.webadmin.guard.GuardedService;
import io.smtpy.webadmin.guard.SmtpyGuard;
import spark.Request;
import spark.Response;
import spark.Service;

/**
 * A domain's limits ({@link LimitSettings}, enforced by {@link LimitPolicy}): per domain and per alias, inbound and
 * outbound; credentials' sets are listed too.
 * <ul>
 *   <li>{@code GET /smtpy/domains/{domain}/limits} → {@code {"domain", "inbound", "outbound", "aliases": [...],
 *   "credentials": [...]}}, each set {@code {"messagesPerHour"?, "messagesPerDay"?, "recipientsPerMessage"?,
 *   "bytesPerDay"?, "perRecipientDomainPerHour"? (outbound), "action": "defer"|"reject", "notify"}} or {@code null}</li>
 *   <li>{@code PUT .../limits} {@code {"inbound"?: set|null, "outbound"?: set|null}} → 200 and the document: a set
 *   given replaces that direction's, {@code null} removes it, an absent direction is left as it is</li>
 *   <li>{@code PUT .../aliases/{localPart}/limits} (the same body) → 200 {@code {"alias", "inbound", "outbound"}};
 *   {@code DELETE} → 204, both directions removed</li>
 *   <li>{@code PUT .../smtp-credentials/{id}/limits} and {@code DELETE}: the same for an SMTP credential of the domain,
 *   with {@code sending:manage}</li>
 *   <li>{@code GET .../limits/usage} → {@code {"items": [...]}}: each windowed limit's count in the window holding now</li>
 * </ul>
 * Reading needs {@code domains:read}, changing {@code domains:write}; changes are audited.
 */
public class LimitRoutes implements PublicRoutes {
    private static final String LIMITS = DomainRoutes.BASE + "/" + RequestValues.DOMAIN_PARAM + "/limits";
    private static final String USAGE = LIMITS + "/usage";
    private static final String ALIAS_LIMITS = DomainRoutes.BASE + "/" + RequestValues.DOMAIN_PARAM + "/aliases/"
        + RequestValues.LOCAL_PART_PARAM + "/limits";
    private static final String CREDENTIAL_LIMITS = DomainRoutes.BASE + "/" + RequestValues.DOMAIN_PARAM
        + "/smtp-credentials/:id/limits";
    private static final Set<String> BODY = Set.of("inbound", "outbound");
    private static final Set<String> SET_FIELDS = java.util.stream.Stream.concat(
        java.util.Arrays.stream(LimitMetric.values()).map(LimitMetric::field), java.util.stream.Stream.of("action", "notify"))
        .collect(Collectors.toUnmodifiableSet());

    private final AliasDirectory directory;
    private final LimitSettings settings;
    private final LimitPolicy policy;
    private final SmtpCredentials credentials;
    private final SmtpyGuard guard;
    private final JsonTransformer json;

    @Inject
    public LimitRoutes(AliasDirectory directory, LimitSettings settings, LimitPolicy policy, SmtpCredentials credentials,
                       SmtpyGuard guard, JsonTransformer json) {
        this.directory = directory;
        this.settings = settings;
        this.policy = policy;
        this.credentials = credentials;
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
        Access read = Access.onDomain(Permission.DOMAINS_READ);
        Access write = Access.onDomain(Permission.DOMAINS_WRITE);
        routes.get(USAGE, read).summary("The domain's limits with their counters in the current windows")
            .to(this::usage, json);
        routes.get(LIMITS, read).summary("The limits of the domain, its aliases and its credentials").to(this::show, json);
        routes.put(LIMITS, write).summary("Set or remove the domain's inbound and outbound limits")
            .action("limits.set").snapshot(request -> Optional.of(show(request, null))).to(this::setDomain, json);
        routes.put(ALIAS_LIMITS, write).summary("Set or remove an alias's inbound and outbound limits")
            .action("limits.alias.set").snapshot(request -> Optional.of(showAlias(request))).to(this::setAlias, json);
        routes.delete(ALIAS_LIMITS, write).summary("Remove an alias's limits")
            .action("limits.alias.delete").snapshot(request -> Optional.of(showAlias(request))).to(this::deleteAlias);
        Access sending = Access.onDomain(Permission.SENDING_MANAGE);
        routes.put(CREDENTIAL_LIMITS, sending).summary("Set or remove an SMTP credential's inbound and outbound limits")
            .action("limits.credential.set").snapshot(request -> Optional.of(showCredential(request))).to(this::setCredential, json);
        routes.delete(CREDENTIAL_LIMITS, sending).summary("Remove an SMTP credential's limits")
            .action("limits.credential.delete").snapshot(request -> Optional.of(showCredential(request)))
            .to(this::deleteCredential);
    }

    /** The path's SMTP credential, which must exist in the domain (404 otherwise). */
    private LimitSubject credential(Request request) {
        DomainName domain = domain(request);
        Supplier<NotFoundException> notFound = () -> new NotFoundException("SMTP credential " + request.params(":id") + " does not exist");
        AccessId credentialId = RequestValues.pathId(request, ":id", notFound);
        if (credentials.find(domain, credentialId).isEmpty()) {
            throw notFound.get();
        }
        return LimitSubject.credential(domain, credentialId.asString());
    }

    private Object showCredential(Request request) {
        LimitSubject subject = credential(request);
        return LimitViews.subject(subject, settings.list(subject.domain()));
    }

    private Object setCredential(Request request, Response response) {
        LimitSubject subject = credential(request);
        apply(subject, request.body());
        return LimitViews.subject(subject, settings.list(subject.domain()));
    }

    private Object deleteCredential(Request request, Response response) {
        return remove(credential(request), response);
    }

    private DomainName domain(Request request) {
        return RequestValues.existingDomain(request, directory);
    }

    /** The path's alias, which must exist (404 otherwise). */
    private LimitSubject alias(Request request) {
        AliasAddress address = RequestValues.existingAlias(request, directory);
        return LimitSubject.alias(address.domain(), address.localPart());
    }

    private Object show(Request request, Response response) {
        DomainName domain = domain(request);
        return LimitViews.domain(domain, settings.list(domain));
    }

    private Object showAlias(Request request) {
        LimitSubject subject = alias(request);
        return LimitViews.subject(subject, settings.list(subject.domain()));
    }

    private Object usage(Request request, Response response) {
        DomainName domain = domain(request);
        return Map.of("items", policy.usage(domain).stream().map(LimitViews.UsageDTO::new).collect(Collectors.toList()));
    }

    private Object setDomain(Request request, Response response) {
        DomainName domain = domain(request);
        apply(LimitSubject.domain(domain), request.body());
        return LimitViews.domain(domain, settings.list(domain));
    }

    private Object setAlias(Request request, Response response) {
        LimitSubject subject = alias(request);
        apply(subject, request.body());
        return LimitViews.subject(subject, settings.list(subject.domain()));
    }

    private Object deleteAlias(Request request, Response response) {
        return remove(alias(request), response);
    }

    private Object remove(LimitSubject subject, Response response) {
        for (LimitDirection direction : LimitDirection.values()) {
            settings.remove(subject, direction);
        }
        response.status(HttpStatus.NO_CONTENT_204);
        return "";
    }

    /** Reads both directions before changing either, so a bad field changes nothing. */
    private void apply(LimitSubject subject, String body) {
        JsonBody document = JsonBody.parse(body, BODY);
        if (!document.has("inbound") && !document.has("outbound")) {
            throw new InvalidFieldException("body", "give 'inbound' or 'outbound' (a limit set, or null to remove it)");
        }
        Map<LimitDirection, Optional<LimitSet>> changes = new EnumMap<>(LimitDirection.class);
        for (LimitDirection direction : LimitDirection.values()) {
            String field = direction.asString();
            if (document.isNull(field)) {
                changes.put(direction, Optional.empty());
            } else {
                document.object(field).ifPresent(node -> changes.put(direction, Optional.of(set(subject, direction, node))));
            }
        }
        changes.forEach((direction, set) -> {
            if (set.isPresent()) {
                settings.put(set.get());
            } else {
                settings.remove(subject, direction);
            }
        });
    }

    private static LimitSet set(LimitSubject subject, LimitDirection direction, JsonNode node) {
        String prefix = direction.asString();
        JsonBody fields = JsonBody.of(node, prefix, SET_FIELDS);
        Map<LimitMetric, Long> limits = new EnumMap<>(LimitMetric.class);
        for (LimitMetric metric : LimitMetric.values()) {
            fields.longInteger(metric.field()).ifPresent(value -> limits.put(metric, value));
        }
        LimitAction action;
        try {
            action = fields.text("action").map(LimitAction::parse).orElse(LimitAction.DEFER);
        } catch (IllegalArgumentException e) {
            throw new InvalidFieldException(prefix + ".action", e.getMessage());
        }
        boolean notify = fields.bool("notify").orElse(false);
        try {
            return LimitSet.of(subject, direction, limits, action, notify);
        } catch (InvalidFieldException e) {
            throw new InvalidFieldException(prefix + "." + e.field(), e.getMessage().replace("'" + e.field() + "'",
                "'" + prefix + "." + e.field() + "'"));
        }
    }
}
