package io.smtpy.webadmin.routes;

import java.util.Optional;
import java.util.Set;

import javax.inject.Inject;

import org.apache.james.webadmin.PublicRoutes;
import org.apache.james.webadmin.utils.JsonTransformer;
import org.eclipse.jetty.http.HttpStatus;

import io.smtpy.access.Permission;
import io.smtpy.core.directory.AliasDirectory;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.InvalidFieldException;
import io.smtpy.core.store.NotFoundException;
import io.smtpy.sending.relay.DomainRelays;
import io.smtpy.sending.relay.RelayRequest;
import io.smtpy.webadmin.dto.DomainRelayDTO;
import io.smtpy.webadmin.guard.Access;
import io.smtpy.webadmin.guard.GuardedService;
import io.smtpy.webadmin.guard.SmtpyGuard;
import spark.Request;
import spark.Response;
import spark.Service;

/**
 * A domain's own outbound relay (smarthost, {@link DomainRelays}): its mail leaves through it instead of the
 * recipients' MX.
 * <ul>
 *   <li>{@code PUT /smtpy/domains/{domain}/relay} {@code {"host","port","tls"?,"username"?,"password"?,"scope"?,"enabled"?}}
 *   → 200 with the relay (201 the first time); without {@code password} the stored one is kept for the same user</li>
 *   <li>{@code GET .../relay} → the relay, never its password ({@code "hasPassword": true}); 404 when none</li>
 *   <li>{@code DELETE .../relay} → 204: the domain's mail goes to the recipients' MX again</li>
 *   <li>{@code POST .../relay/test} → {@code {"ok", "steps": [{"step","ok","reply"}], "reply"?}}: connect, EHLO, STARTTLS
 *   per mode, AUTH, QUIT, with the relay's replies; no mail is sent</li>
 * </ul>
 * Reading needs {@code domains:read}; changing and testing (which makes the server connect out) {@code domains:write}.
 * Changes are audited; the password is redacted there by its field's name, and never part of an answer.
 */
public class RelayRoutes implements PublicRoutes {
    private static final String RELAY = DomainRoutes.BASE + "/" + RequestValues.DOMAIN_PARAM + "/relay";

    private final AliasDirectory directory;
    private final DomainRelays relays;
    private final SmtpyGuard guard;
    private final JsonTransformer json;

    @Inject
    public RelayRoutes(AliasDirectory directory, DomainRelays relays, SmtpyGuard guard, JsonTransformer json) {
        this.directory = directory;
        this.relays = relays;
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
        routes.get(RELAY, read).summary("The domain's outbound relay (never its password)").to(this::read, json);
        routes.put(RELAY, write).summary("Send the domain's mail through its own relay (smarthost); a PUT without password keeps the stored one")
            .action("relay.set").snapshot(this::snapshot).to(this::set, json);
        routes.delete(RELAY, write).summary("Stop using the domain's relay: its mail goes to the recipients' MX again")
            .action("relay.remove").snapshot(this::snapshot).to(this::remove);
        routes.post(RELAY + "/test", write).summary("Connect to the domain's relay as delivery would (EHLO, STARTTLS, AUTH, QUIT), no mail sent")
            .to(this::test, json);
    }

    private DomainName domain(Request request) {
        return RequestValues.existingDomain(request, directory);
    }

    private static NotFoundException noRelay(DomainName domain) {
        return new NotFoundException(domain.asString() + " has no relay");
    }

    private Optional<Object> snapshot(Request request) {
        return relays.find(domain(request)).map(DomainRelayDTO::new);
    }

    private Object read(Request request, Response response) {
        DomainName domain = domain(request);
        return relays.find(domain).map(DomainRelayDTO::new).orElseThrow(() -> noRelay(domain));
    }

    private Object set(Request request, Response response) {
        DomainName domain = domain(request);
        JsonBody body = JsonBody.parse(request.body(), Set.of("host", "port", "tls", "username", "password", "scope", "enabled"));
        int port = body.integer("port").orElseThrow(() -> new InvalidFieldException("port", "'port' is required"));
        RelayRequest asked = new RelayRequest(body.requiredText("host"), port, body.text("tls"), body.text("username"),
            body.text("password"), body.text("scope"), body.bool("enabled"));
        boolean existed = relays.find(domain).isPresent();
        DomainRelayDTO relay = new DomainRelayDTO(relays.set(domain, asked));
        response.status(existed ? HttpStatus.OK_200 : HttpStatus.CREATED_201);
        return relay;
    }

    private Object remove(Request request, Response response) {
        DomainName domain = domain(request);
        if (!relays.remove(domain)) {
            throw noRelay(domain);
        }
        response.status(HttpStatus.NO_CONTENT_204);
        return "";
    }

    private Object test(Request request, Response response) {
        DomainName domain = domain(request);
        return relays.test(domain).map(DomainRelayDTO.TestDTO::new).orElseThrow(() -> noRelay(domain));
    }
}
