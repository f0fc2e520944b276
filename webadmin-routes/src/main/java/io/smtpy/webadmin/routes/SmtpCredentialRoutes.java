package io.smtpy.webadmin.routes;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import javax.inject.Inject;

import org.apache.james.webadmin.PublicRoutes;
import org.apache.james.webadmin.utils.JsonTransformer;
import org.eclipse.jetty.http.HttpStatus;

import io.smtpy.access.AccessId;
import io.smtpy.access.Permission;
import io.smtpy.core.directory.AliasDirectory;
import io.smtpy.core.model.AliasAddress;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.InvalidFieldException;
import io.smtpy.core.model.LocalPart;
import io.smtpy.core.store.NotFoundException;
import io.smtpy.limits.LimitDirection;
import io.smtpy.limits.LimitSettings;
import io.smtpy.limits.LimitSubject;
import io.smtpy.sending.CredentialChange;
import io.smtpy.sending.CredentialRequest;
import io.smtpy.sending.SmtpCredential;
import io.smtpy.sending.SmtpCredentials;
import io.smtpy.webadmin.dto.SmtpCredentialDTO;
import io.smtpy.webadmin.guard.Access;
import io.smtpy.webadmin.guard.GuardedService;
import io.smtpy.webadmin.guard.SmtpyGuard;
import spark.Request;
import spark.Response;
import spark.Service;

/**
 * A domain's SMTP credentials ({@link SmtpCredentials}): the user names and generated secrets its owners' mail clients
 * give the submission server's AUTH, and the addresses each may send as.
 * <ul>
 *   <li>{@code POST /smtpy/domains/{domain}/smtp-credentials} {@code {"username"?, "alias"?, "sendAs"?, "hold"?,
 *   "description"?}} → 201 with the {@code password}, shown this once; 409 when the user name is taken</li>
 *   <li>{@code GET .../smtp-credentials} → {@code {"items": [...]}}, oldest first; {@code GET .../smtp-credentials/{id}}</li>
 *   <li>{@code PATCH .../smtp-credentials/{id}} {@code {"sendAs"?, "hold"?, "description"?}}</li>
 *   <li>{@code POST .../smtp-credentials/{id}/password} → 200 with a new {@code password}; the old one stops working</li>
 *   <li>{@code DELETE .../smtp-credentials/{id}} → 204: revoked</li>
 * </ul>
 * Every call needs {@code sending:manage} on the domain, reading included: a credential says who may send as the
 * domain. Changes are audited; the password is redacted there by its field's name, and no secret's hash is ever shown.
 */
public class SmtpCredentialRoutes implements PublicRoutes {
    private static final String CREDENTIALS = DomainRoutes.BASE + "/" + RequestValues.DOMAIN_PARAM + "/smtp-credentials";
    private static final String ID_PARAM = ":id";
    private static final String ITEM = CREDENTIALS + "/" + ID_PARAM;

    private final AliasDirectory directory;
    private final SmtpCredentials credentials;
    private final LimitSettings limits;
    private final SmtpyGuard guard;
    private final JsonTransformer json;

    @Inject
    public SmtpCredentialRoutes(AliasDirectory directory, SmtpCredentials credentials, LimitSettings limits, SmtpyGuard guard,
                                JsonTransformer json) {
        this.directory = directory;
        this.credentials = credentials;
        this.limits = limits;
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
        Access manage = Access.onDomain(Permission.SENDING_MANAGE);
        routes.get(CREDENTIALS, manage).summary("The domain's SMTP credentials, oldest first (never a password)")
            .to(this::list, json);
        routes.post(CREDENTIALS, manage).summary("Create an SMTP credential; its password is shown this once")
            .action("smtp-credential.create").to(this::create, json);
        routes.get(ITEM, manage).summary("An SMTP credential (never its password)").to(this::read, json);
        routes.patch(ITEM, manage).summary("Change what an SMTP credential may send as, whether its mail is held, its description")
            .action("smtp-credential.update").snapshot(this::snapshot).to(this::update, json);
        routes.post(ITEM + "/password", manage).summary("A new password for an SMTP credential, shown this once; the old one stops working")
            .action("smtp-credential.reset-password").snapshot(this::snapshot).to(this::resetPassword, json);
        routes.delete(ITEM, manage).summary("Revoke an SMTP credential: it no longer authenticates")
            .action("smtp-credential.revoke").snapshot(this::snapshot).to(this::revoke);
    }

    private DomainName domain(Request request) {
        return RequestValues.existingDomain(request, directory);
    }

    private static AccessId id(Request request) {
        return RequestValues.pathId(request, ID_PARAM, () -> notFound(request));
    }

    private static NotFoundException notFound(Request request) {
        return new NotFoundException("SMTP credential " + request.params(ID_PARAM) + " does not exist");
    }

    private SmtpCredential credential(Request request) {
        return credentials.find(domain(request), id(request)).orElseThrow(() -> notFound(request));
    }

    private Optional<Object> snapshot(Request request) {
        return Optional.of(new SmtpCredentialDTO(credential(request)));
    }

    private Object list(Request request, Response response) {
        return Map.of("items", credentials.list(domain(request)).stream().map(SmtpCredentialDTO::new).collect(Collectors.toList()));
    }

    private Object read(Request request, Response response) {
        return new SmtpCredentialDTO(credential(request));
    }

    private Object create(Request request, Response response) {
        DomainName domain = domain(request);
        JsonBody body = JsonBody.parse(request.body(), Set.of("username", "alias", "sendAs", "hold", "description"));
        Optional<String> alias = body.text("alias");
        alias.ifPresent(localPart -> requireAlias(domain, localPart));
        CredentialRequest asked = new CredentialRequest(body.text("username"), alias, body.stringList("sendAs"),
            body.bool("hold").orElse(false), body.text("description").orElse(""));
        SmtpCredentialDTO created = SmtpCredentialDTO.issued(credentials.create(domain, asked));
        response.status(HttpStatus.CREATED_201);
        return created;
    }

    /** A credential for an alias is for one that exists. */
    private void requireAlias(DomainName domain, String text) {
        LocalPart localPart;
        try {
            localPart = LocalPart.of(text.trim());
        } catch (IllegalArgumentException e) {
            throw new InvalidFieldException("alias", "'alias' is not a valid local part: " + e.getMessage());
        }
        if (directory.alias(AliasAddress.of(domain, localPart)).isEmpty()) {
            throw new InvalidFieldException("alias", "'" + localPart.asString() + "' is not an alias of " + domain.asString());
        }
    }

    private Object update(Request request, Response response) {
        DomainName domain = domain(request);
        AccessId id = id(request);
        JsonBody body = JsonBody.parse(request.body(), Set.of("sendAs", "hold", "description"));
        CredentialChange change = new CredentialChange(body.stringList("sendAs"), body.bool("hold"), body.text("description"));
        return credentials.update(domain, id, change).map(SmtpCredentialDTO::new).orElseThrow(() -> notFound(request));
    }

    private Object resetPassword(Request request, Response response) {
        return credentials.resetPassword(domain(request), id(request)).map(SmtpCredentialDTO::issued)
            .orElseThrow(() -> notFound(request));
    }

    private Object revoke(Request request, Response response) {
        DomainName domain = domain(request);
        AccessId id = id(request);
        if (!credentials.revoke(domain, id)) {
            throw notFound(request);
        }
        // Its limit sets go with it: nothing could use them again (ids are never reused).
        for (LimitDirection direction : LimitDirection.values()) {
            limits.remove(LimitSubject.credential(domain, id.asString()), direction);
        }
        response.status(HttpStatus.NO_CONTENT_204);
        return "";
    }
}
