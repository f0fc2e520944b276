package io.smtpy.webadmin.guard;

import java.util.Optional;

import io.smtpy.access.AccessId;
import io.smtpy.access.service.Principal;
import spark.Request;

/**
 * What the guard learnt about a request, for the route to use: the principal, the account the request acts in
 * (when its scope names one), and the audit details a route may refine (the account of a new account, the target).
 */
public final class RequestContext {
    static final String ATTRIBUTE = "io.smtpy.requestContext";

    private final Optional<Principal> principal;
    private Optional<AccessId> account;
    private final String requestId;
    private final String source;
    private final String userAgent;
    private Optional<String> auditTarget = Optional.empty();
    private Optional<String> auditActor = Optional.empty();
    private boolean audited = true;
    private Optional<String> csrfToken = Optional.empty();

    RequestContext(Optional<Principal> principal, Optional<AccessId> account, String requestId, String source, String userAgent) {
        this.principal = principal;
        this.account = account;
        this.requestId = requestId;
        this.source = source;
        this.userAgent = userAgent;
    }

    public static RequestContext of(Request request) {
        RequestContext context = request.attribute(ATTRIBUTE);
        if (context == null) {
            throw new IllegalStateException("route reached without the guard: " + request.requestMethod() + " " + request.pathInfo());
        }
        return context;
    }

    /** @throws IllegalStateException on an open route, which has none */
    public Principal principal() {
        return principal.orElseThrow(() -> new IllegalStateException("open route: no principal"));
    }

    public Optional<Principal> maybePrincipal() {
        return principal;
    }

    /** The account the request acts in: the path's, the domain's owner, or the task's. */
    public AccessId account() {
        return account.orElseThrow(() -> new IllegalStateException("route scope names no account"));
    }

    public Optional<AccessId> maybeAccount() {
        return account;
    }

    public String requestId() {
        return requestId;
    }

    public String source() {
        return source;
    }

    public String userAgent() {
        return userAgent;
    }

    /**
     * The CSRF token of the panel's session cookie, when that cookie is the request's credential (never for a bearer
     * token): the panel, whose script cannot read the HttpOnly cookie, recovers it after a reload from {@code GET /smtpy/me}.
     */
    public Optional<String> csrfToken() {
        return csrfToken;
    }

    void cookieSession(String token) {
        this.csrfToken = Optional.of(token);
    }

    /** Records the mutation in this account (for a route whose scope names none, such as creating an account). */
    public void auditIn(AccessId accountOfRecord) {
        this.account = Optional.of(accountOfRecord);
    }

    public void auditTarget(String target) {
        this.auditTarget = Optional.of(target);
    }

    /** For open routes where the actor becomes known inside (accepting an invitation). */
    public void auditActor(String actor) {
        this.auditActor = Optional.of(actor);
    }

    /** For mutations of a principal's own things that belong to no account (its sessions). */
    public void notAudited() {
        this.audited = false;
    }

    public Optional<String> auditTargetOverride() {
        return auditTarget;
    }

    Optional<String> auditActorOverride() {
        return auditActor;
    }

    boolean audited() {
        return audited;
    }
}
