package io.smtpy.webadmin.routes;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import javax.inject.Inject;
import javax.mail.internet.AddressException;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.webadmin.PublicRoutes;
import org.apache.james.webadmin.utils.JsonTransformer;
import org.eclipse.jetty.http.HttpStatus;

import com.fasterxml.jackson.databind.JsonNode;

import io.smtpy.access.Permission;
import io.smtpy.core.directory.AliasDirectory;
import io.smtpy.core.model.AliasAddress;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.InvalidFieldException;
import io.smtpy.core.model.LocalPart;
import io.smtpy.core.store.NotFoundException;
import io.smtpy.rules.MessageView;
import io.smtpy.rules.RuleBook;
import io.smtpy.rules.RuleEvaluation;
import io.smtpy.rules.RuleJson;
import io.smtpy.rules.RuleLimits;
import io.smtpy.rules.RuleScope;
import io.smtpy.rules.RuleSet;
import io.smtpy.rules.Verdicts;
import io.smtpy.rules.post.PostSigningKeys;
import io.smtpy.webadmin.dto.RuleTraceDTO;
import io.smtpy.webadmin.guard.Access;
import io.smtpy.webadmin.guard.GuardedService;
import io.smtpy.webadmin.guard.SmtpyGuard;
import spark.Request;
import spark.Response;
import spark.Service;

/**
 * Owners' rules, per domain and per alias, each list ordered and replaced as a whole ({@link RuleJson} is the JSON).
 * <ul>
 *   <li>{@code GET|PUT|DELETE /smtpy/domains/{domain}/rules} and {@code .../aliases/{localPart}/rules}: the list,
 *   with each rule's {@code hits} on {@code GET}; {@code PUT} validates the whole list (400 naming the JSON path,
 *   {@code rules[1].actions[0].to[0]}) and answers the stored list; {@code {"rules":[]}} or {@code DELETE} clears</li>
 *   <li>{@code POST /smtpy/domains/{domain}/rules/test} {@code {"sender","recipient","message","verdicts"?,"at"?}}:
 *   the trace of the domain's and the recipient alias's rules on that message; sends nothing, counts no hit</li>
 *   <li>{@code GET /smtpy/domains/{domain}/rules/signing-key}: the key the domain's rule posts are signed with</li>
 * </ul>
 * Reading needs {@code rules:read}; changing, and the signing key, {@code rules:write}: whoever holds the key can
 * make posts the owner's endpoint would take for smtpy's, so it is a secret of those who may change the rules.
 */
public class RuleRoutes implements PublicRoutes {
    /** The test endpoint's body limit: the message travels as a JSON string, escaped. */
    public static final long TEST_MAX_BYTES = 4L * 1024 * 1024;
    private static final String DOMAIN_RULES = DomainRoutes.BASE + "/" + RequestValues.DOMAIN_PARAM + "/rules";
    private static final String ALIAS_RULES = DomainRoutes.BASE + "/" + RequestValues.DOMAIN_PARAM + "/aliases/"
        + RequestValues.LOCAL_PART_PARAM + "/rules";
    private static final String TEST = DOMAIN_RULES + "/test";
    private static final String SIGNING_KEY = DOMAIN_RULES + "/signing-key";
    private static final Set<String> TEST_FIELDS = Set.of("sender", "recipient", "message", "verdicts", "at");

    private final AliasDirectory directory;
    private final RuleBook rules;
    private final RuleLimits limits;
    private final PostSigningKeys signingKeys;
    private final SmtpyGuard guard;
    private final JsonTransformer json;

    @Inject
    public RuleRoutes(AliasDirectory directory, RuleBook rules, RuleLimits limits, PostSigningKeys signingKeys,
                      SmtpyGuard guard, JsonTransformer json) {
        this.directory = directory;
        this.rules = rules;
        this.limits = limits;
        this.signingKeys = signingKeys;
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
        Access read = Access.onDomain(Permission.RULES_READ);
        Access write = Access.onDomain(Permission.RULES_WRITE);
        // Room for the largest list the limits allow, written with generous white space.
        long listMaxBytes = Math.min(Integer.MAX_VALUE, 2L * limits.documentBytes());
        routes.get(DOMAIN_RULES, read).summary("The domain's rules, in order, with their hits").to(this::readDomain, json);
        routes.put(DOMAIN_RULES, write).summary("Replace the domain's rules (the whole ordered list)").action("rules.put")
            .body("application/json", listMaxBytes).snapshot(this::snapshot).to(this::putDomain, json);
        routes.delete(DOMAIN_RULES, write).summary("Remove every rule of the domain").action("rules.delete")
            .snapshot(this::snapshot).to(this::deleteDomain);
        routes.get(ALIAS_RULES, read).summary("The alias's rules, in order, with their hits").to(this::readAlias, json);
        routes.put(ALIAS_RULES, write).summary("Replace the alias's rules (the whole ordered list)").action("rules.put")
            .body("application/json", listMaxBytes).snapshot(this::snapshot).to(this::putAlias, json);
        routes.delete(ALIAS_RULES, write).summary("Remove every rule of the alias").action("rules.delete")
            .snapshot(this::snapshot).to(this::deleteAlias);
        routes.post(TEST, read).summary("Trace the rules on a sample message: sends nothing, counts nothing")
            .action("rules.test").body("application/json", TEST_MAX_BYTES).snapshot(request -> Optional.empty()).to(this::test, json);
        routes.get(SIGNING_KEY, write).summary("The key the domain's rule posts are signed with").to(this::signingKey, json);
    }

    private RuleScope scope(Request request) {
        DomainName domain = requireDomain(request);
        if (request.params(RequestValues.LOCAL_PART_PARAM) == null) {
            return RuleScope.domain(domain);
        }
        AliasAddress address = RequestValues.aliasAddress(request);
        return RuleScope.alias(domain, address.localPart());
    }

    private DomainName requireDomain(Request request) {
        DomainName domain = RequestValues.domain(request);
        if (directory.domain(domain).isEmpty()) {
            throw new NotFoundException("domain " + domain + " does not exist");
        }
        return domain;
    }

    /** Rules of an alias that does not exist cannot be read or set: they would never run. */
    private RuleScope existingScope(Request request) {
        RuleScope scope = scope(request);
        if (scope.alias().isPresent()) {
            AliasAddress address = AliasAddress.of(scope.domain(), scope.alias().get());
            if (!directory.aliasExists(address)) {
                throw new NotFoundException("alias " + address + " does not exist");
            }
        }
        return scope;
    }

    private Optional<Object> snapshot(Request request) {
        RuleScope scope = scope(request);
        return Optional.of(RuleJson.write(rules.get(scope), Map.of()));
    }

    private Object view(RuleScope scope) {
        return RuleJson.write(rules.get(scope), rules.hits(scope));
    }

    private Object readDomain(Request request, Response response) {
        return view(existingScope(request));
    }

    private Object readAlias(Request request, Response response) {
        return view(existingScope(request));
    }

    private Object putDomain(Request request, Response response) {
        return put(existingScope(request), request);
    }

    private Object putAlias(Request request, Response response) {
        return put(existingScope(request), request);
    }

    private Object put(RuleScope scope, Request request) {
        RuleSet set = RuleJson.read(request.body(), limits);
        rules.put(scope, set);
        return view(scope);
    }

    private Object deleteDomain(Request request, Response response) {
        rules.delete(scope(request));
        response.status(HttpStatus.NO_CONTENT_204);
        return "";
    }

    private Object deleteAlias(Request request, Response response) {
        // An alias deleted since may have left rules behind: they can still be removed.
        rules.delete(scope(request));
        response.status(HttpStatus.NO_CONTENT_204);
        return "";
    }

    private Object signingKey(Request request, Response response) {
        DomainName domain = requireDomain(request);
        return Map.of("key", signingKeys.keyTextFor(domain));
    }

    private Object test(Request request, Response response) {
        DomainName domain = requireDomain(request);
        JsonBody body = JsonBody.parse(request.body(), TEST_FIELDS);
        MaybeSender sender = sender(body.requiredText("sender"));
        MailAddress recipient = recipient(body.requiredText("recipient"), domain);
        String message = body.requiredText("message");
        Verdicts verdicts = verdicts(body.object("verdicts"));
        Instant at = body.text("at").map(RuleRoutes::instant).orElseGet(() -> directory.clock().instant());
        // The recipient's alias, as the mail path finds it: its rules run after the domain's.
        Optional<LocalPart> alias = LocalPart.ofRecipient(recipient.getLocalPart())
            .filter(localPart -> directory.aliasExists(AliasAddress.of(domain, localPart)));
        byte[] raw = message.getBytes(StandardCharsets.UTF_8);
        RuleEvaluation evaluation = rules.trace(domain, alias, MessageView.of(sender, recipient, () -> raw, verdicts, at));
        return new RuleTraceDTO(sender.asString(""), recipient.asString(), alias.map(LocalPart::asString), evaluation);
    }

    /** An address, or {@code ""} / {@code <>} for the null sender of bounces. */
    private static MaybeSender sender(String value) {
        String trimmed = value.strip();
        if (trimmed.isEmpty() || trimmed.equals("<>")) {
            return MaybeSender.nullSender();
        }
        return MaybeSender.of(address(trimmed, "sender"));
    }

    private static MailAddress recipient(String value, DomainName domain) {
        MailAddress recipient = address(value.strip(), "recipient");
        if (!recipient.getDomain().asString().equalsIgnoreCase(domain.asString())) {
            throw new InvalidFieldException("recipient", "'recipient' must be an address of " + domain + ", not " + value);
        }
        return recipient;
    }

    private static MailAddress address(String value, String field) {
        try {
            return new MailAddress(value);
        } catch (AddressException | RuntimeException e) {
            throw new InvalidFieldException(field, "'" + field + "' is not a mail address: '" + shorten(value) + "'");
        }
    }

    private static Verdicts verdicts(Optional<JsonNode> node) {
        if (node.isEmpty()) {
            return Verdicts.none();
        }
        Map<String, String> byMethod = new LinkedHashMap<>();
        var fields = node.get().fields();
        while (fields.hasNext()) {
            var field = fields.next();
            String name = "verdicts." + shorten(field.getKey());
            if (!Verdicts.METHODS.contains(field.getKey())) {
                throw new InvalidFieldException(name, "unknown method (one of arc, dkim, dmarc, spf)");
            }
            if (!field.getValue().isTextual() || !Verdicts.TOKENS.contains(field.getValue().textValue())) {
                throw new InvalidFieldException(name, "one of fail, neutral, none, pass, permerror, softfail, temperror");
            }
            byMethod.put(field.getKey(), field.getValue().textValue());
        }
        return Verdicts.of(byMethod);
    }

    private static Instant instant(String value) {
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidFieldException("at", "'at' must be an ISO-8601 date-time with offset, e.g. 2026-03-02T09:00:00Z; got '"
                + shorten(value) + "'");
        }
    }

    private static String shorten(String value) {
        return value.length() > 100 ? value.substring(0, 100) + "..." : value;
    }
}
