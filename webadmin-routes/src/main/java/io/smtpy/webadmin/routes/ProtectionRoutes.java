package io.smtpy.webadmin.routes;

import java.net.InetAddress;
import java.util.Optional;

import javax.inject.Inject;

import org.apache.james.webadmin.PublicRoutes;
import org.apache.james.webadmin.utils.JsonTransformer;
import org.eclipse.jetty.http.HttpStatus;

import com.google.common.net.InetAddresses;

import io.smtpy.access.Account;
import io.smtpy.core.model.Cidr;
import io.smtpy.core.model.InvalidFieldException;
import io.smtpy.core.store.NotFoundException;
import io.smtpy.protection.ConnectionGuard;
import io.smtpy.webadmin.dto.ProtectionViews;
import io.smtpy.webadmin.guard.Access;
import io.smtpy.webadmin.guard.GuardedService;
import io.smtpy.webadmin.guard.RequestContext;
import io.smtpy.webadmin.guard.SmtpyGuard;
import spark.Request;
import spark.Response;
import spark.Service;

/**
 * The MX's connection-level protection, for the operator only:
 * <ul>
 *   <li>{@code GET /smtpy/protection}: the settings in force (blocklist zones, trusted networks, probe thresholds),
 *       the counters since start and the clients refused for probing, with the end of their refusal;</li>
 *   <li>{@code DELETE /smtpy/protection/refused/{address}}: ends a client's refusal at once (204; 404 when it is not
 *       refused); audited in the operator's own account ({@code acc_default}), as the protection belongs to no account.</li>
 * </ul>
 */
public class ProtectionRoutes implements PublicRoutes {
    public static final String BASE = "/smtpy/protection";
    private static final String REFUSED = BASE + "/refused/:address";

    private final ConnectionGuard protection;
    private final SmtpyGuard guard;
    private final JsonTransformer json;

    @Inject
    public ProtectionRoutes(ConnectionGuard protection, SmtpyGuard guard, JsonTransformer json) {
        this.protection = protection;
        this.guard = guard;
        this.json = json;
    }

    @Override
    public String getBasePath() {
        return BASE;
    }

    @Override
    public void define(Service service) {
        SmtpyErrors.install(service);
        GuardedService routes = guard.on(service);
        routes.get(BASE, Access.operator()).summary("Connection protection: settings in force, counters, refused clients")
            .to((request, response) -> ProtectionViews.of(protection), json);
        routes.delete(REFUSED, Access.operator()).summary("Release a client refused for probing unknown recipients")
            .action("protection.release").snapshot(this::refusalSnapshot).to(this::release);
    }

    private Object release(Request request, Response response) {
        InetAddress client = address(request);
        RequestContext.of(request).auditIn(Account.DEFAULT_ID);
        RequestContext.of(request).auditTarget("protection/refused/" + client.getHostAddress());
        if (!protection.release(client)) {
            throw new NotFoundException("client " + client.getHostAddress() + " is not refused");
        }
        response.status(HttpStatus.NO_CONTENT_204);
        return "";
    }

    private Optional<Object> refusalSnapshot(Request request) {
        try {
            InetAddress client = address(request);
            return protection.refusedClients().stream()
                .filter(refused -> refused.address().equals(client))
                .findFirst()
                .<Object>map(ProtectionViews::refused);
        } catch (InvalidFieldException e) {
            return Optional.empty();
        }
    }

    /** An IPv4 or IPv6 literal, never a name (no DNS lookup from the API). */
    private static InetAddress address(Request request) {
        String value = request.params(":address");
        if (value == null || value.indexOf('/') >= 0) {
            throw new InvalidFieldException("address", "'" + value + "' is not an IPv4 or IPv6 address");
        }
        Cidr.parse(value, "address");
        return InetAddresses.forString(value.strip());
    }
}
