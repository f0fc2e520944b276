package io.smtpy.webadmin.guard;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import javax.inject.Inject;
import javax.inject.Singleton;

import org.apache.james.webadmin.authentication.AuthenticationFilter;
import org.apache.james.webadmin.authentication.JwtFilter;
import org.apache.james.webadmin.utils.ErrorResponder;
import org.eclipse.jetty.http.HttpStatus;

import io.smtpy.access.AccessId;
import io.smtpy.access.Account;
import io.smtpy.access.ApiKeyToken;
import io.smtpy.access.AuditRecord;
import io.smtpy.access.Permission;
import io.smtpy.access.service.AccessDeniedException;
import io.smtpy.access.service.AccessService;
import io.smtpy.access.service.AuditTrail;
import io.smtpy.access.service.Authenticator;
import io.smtpy.access.service.Principal;
import io.smtpy.core.cluster.TaskRecord;
import io.smtpy.core.directory.AliasDirectory;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.InvalidFieldException;
import io.smtpy.core.store.NotFoundException;
import io.smtpy.webadmin.tasks.TaskRecords;
import spark.Request;
import spark.Service;

/**
 * The one enforcement point in front of every {@code /smtpy} route (DESIGN §9). For each request, in order:
 * the body's size and type (413, 411 for a chunked body of unknown size, 415), who is calling (401; 429 when throttled), whether the resource named in
 * the path is within the caller's reach (404 as for an absent one, never 403, so names cannot be probed), and
 * whether the caller holds the permission the route declares (403). A refused call runs nothing and writes
 * nothing but the failed attempt. Mutations that pass leave one audit entry, whatever their outcome.
 */
@Singleton
public final class SmtpyGuard {
    public static final long DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
    /** The panel's session cookie (HttpOnly, SameSite=Strict), set by {@code POST /smtpy/session?cookie=true}. */
    public static final String SESSION_COOKIE = "smtpy_session";
    public static final String CSRF_HEADER = "X-CSRF-Token";
    private static final Pattern JWT = Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*");
    private static final Pattern SAFE_REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1,100}");

    private final Authenticator authenticator;
    private final AccessService access;
    private final AuditTrail audit;
    private final AliasDirectory directory;
    private final TaskRecords tasks;
    private final RouteRegistry registry;
    private final AuthenticationFilter jamesFilter;

    /**
     * @param jamesFilter James's WebAdmin authentication: when it is James's JWT filter (the operator turned on
     *        WebAdmin's JWT), a James admin token is accepted as the operator
     */
    @Inject
    public SmtpyGuard(Authenticator authenticator, AccessService access, AuditTrail audit, AliasDirectory directory,
                      TaskRecords tasks, RouteRegistry registry, AuthenticationFilter jamesFilter) {
        this.jamesFilter = jamesFilter;
        this.authenticator = authenticator;
        this.access = access;
        this.audit = audit;
        this.directory = directory;
        this.tasks = tasks;
        this.registry = registry;
    }

    /** Routes defined through the returned object are registered and guarded; Spark's own methods are not. */
    public GuardedService on(Service service) {
        return new GuardedService(service, this);
    }

    RouteRegistry registry() {
        return registry;
    }

    TaskRecords tasks() {
        return tasks;
    }

    AuditTrail audit() {
        return audit;
    }

    /**
     * Checks the request against the route's declaration.
     *
     * @throws AccessDeniedException for 401, 403 and 429
     * @throws NotFoundException for resources outside the caller's reach
     */
    RequestContext admit(RouteSpec spec, Request request) {
        checkBody(spec, request);
        String source = Optional.ofNullable(request.ip()).orElse("0.0.0.0");
        String requestId = Optional.ofNullable(request.headers("X-Request-Id")).filter(id -> SAFE_REQUEST_ID.matcher(id).matches())
            .orElseGet(() -> UUID.randomUUID().toString());
        String userAgent = Optional.ofNullable(request.headers("User-Agent")).map(agent -> agent.length() > 300 ? agent.substring(0, 300) : agent)
            .orElse("");
        if (spec.access().kind() == Access.Kind.OPEN) {
            return new RequestContext(Optional.empty(), Optional.empty(), requestId, source, userAgent);
        }
        Principal principal = authenticate(request, source);
        Optional<AccessId> account = authorize(spec, request, principal);
        RequestContext context = new RequestContext(Optional.of(principal), account, requestId, source, userAgent);
        panelCookie(request).ifPresent(cookie -> context.cookieSession(Authenticator.csrfToken(cookie)));
        return context;
    }

    /** The panel's session cookie, when it is the credential: no Authorization header, a non-blank cookie. */
    private static Optional<String> panelCookie(Request request) {
        if (Optional.ofNullable(request.headers("Authorization")).filter(value -> !value.isBlank()).isPresent()) {
            return Optional.empty();
        }
        return Optional.ofNullable(request.cookie(SESSION_COOKIE)).filter(value -> !value.isBlank());
    }

    /**
     * The bearer token of the Authorization header; else, for the panel, the session cookie, whose mutations must
     * carry the matching {@code X-CSRF-Token}; a James admin JWT is the operator when James's JWT is on.
     */
    private Principal authenticate(Request request, String source) {
        Optional<String> header = Optional.ofNullable(request.headers("Authorization")).filter(value -> !value.isBlank());
        Optional<String> cookie = panelCookie(request);
        if (cookie.isPresent()) {
            boolean safe = request.requestMethod().equals("GET") || request.requestMethod().equals("HEAD");
            String csrf = Optional.ofNullable(request.headers(CSRF_HEADER)).orElse("");
            if (!safe && !ApiKeyToken.sameHash(csrf, Authenticator.csrfToken(cookie.get()))) {
                throw AccessDeniedException.forbidden("a cookie session's changes need the " + CSRF_HEADER + " header it was given at login");
            }
            header = Optional.of("Bearer " + cookie.get());
        }
        Optional<String> jwt = header.map(String::strip).filter(value -> value.regionMatches(true, 0, "Bearer ", 0, 7))
            .map(value -> value.substring(7).strip()).filter(token -> JWT.matcher(token).matches());
        if (jwt.isPresent() && jamesFilter instanceof JwtFilter) {
            try {
                jamesFilter.handle(request, null);
                return Principal.operator();
            } catch (Exception refused) {
                authenticator.failed(source, "james-jwt", "James refused the JWT", Optional.empty());
                throw AccessDeniedException.unauthenticated("Invalid credentials");
            }
        }
        return authenticator.authenticate(header, address(source));
    }

    private static InetAddress address(String ip) {
        try {
            // Spark's ip() is the socket's literal address: no DNS lookup happens here.
            return InetAddress.getByName(ip);
        } catch (UnknownHostException e) {
            throw AccessDeniedException.unauthenticated("unreadable source address");
        }
    }

    private void checkBody(RouteSpec spec, Request request) {
        if (!spec.mutating()) {
            return;
        }
        long length = request.contentLength();
        String transferEncoding = Optional.ofNullable(request.headers("Transfer-Encoding")).orElse("").toLowerCase(Locale.ROOT);
        if (length < 0 && transferEncoding.contains("chunked")) {
            // A body of unknown length would have to be read whole before its size is known.
            throw ErrorResponder.builder()
                .statusCode(HttpStatus.LENGTH_REQUIRED_411)
                .type(ErrorResponder.ErrorType.INVALID_ARGUMENT)
                .message("Invalid body: send it with a Content-Length (at most " + spec.maxBodyBytes() + " bytes for this route), not chunked")
                .haltError();
        }
        if (length > spec.maxBodyBytes()) {
            throw ErrorResponder.builder()
                .statusCode(HttpStatus.PAYLOAD_TOO_LARGE_413)
                .type(ErrorResponder.ErrorType.INVALID_ARGUMENT)
                .message("Invalid body: " + length + " bytes is larger than the limit of " + spec.maxBodyBytes() + " bytes for this route")
                .haltError();
        }
        String contentType = Optional.ofNullable(request.contentType()).orElse("").toLowerCase(Locale.ROOT);
        // WebAdmin's filters read query parameters first, which makes Jetty consume a form-encoded body as
        // parameters: the route would see an empty body and act on defaults. Refuse such bodies outright.
        // An empty form body (what some clients send on a bare POST) loses nothing: only bodies with content are refused.
        // A route that declares a form body (the one-click link, posted by mail clients per RFC 8058) reads no field of it.
        boolean formDeclared = spec.bodyType().startsWith("application/x-www-form-urlencoded");
        if (length != 0 && !formDeclared
            && (contentType.startsWith("application/x-www-form-urlencoded") || contentType.startsWith("multipart/form-data"))) {
            throw ErrorResponder.builder()
                .statusCode(HttpStatus.UNSUPPORTED_MEDIA_TYPE_415)
                .type(ErrorResponder.ErrorType.INVALID_ARGUMENT)
                .message("Invalid Content-Type: send the body as " + spec.bodyType() + " (curl: -H 'Content-Type: " + spec.bodyType() + "')")
                .haltError();
        }
    }

    private Optional<AccessId> authorize(RouteSpec spec, Request request, Principal principal) {
        Access declared = spec.access();
        switch (declared.kind()) {
            case ANY_PRINCIPAL:
                return Optional.empty();
            case OPERATOR:
                if (!principal.isOperator()) {
                    throw AccessDeniedException.forbidden("only the operator may do this");
                }
                return Optional.empty();
            default:
                break;
        }
        Permission permission = declared.permission().orElseThrow();
        switch (declared.scope()) {
            case DOMAIN:
                return domainScope(request, principal, permission);
            case NEW_DOMAIN:
                return newDomainScope(request, principal, permission);
            case ACCOUNT:
                return Optional.of(accountScope(request, principal, permission));
            case TASK:
                return taskScope(request, principal, permission);
            case ANY_ACCOUNT:
                if (!principal.isOperator() && principal.accounts().stream()
                    .noneMatch(account -> principal.may(permission, account, Optional.empty())
                        || mayOnSomeDomain(principal, account, permission))) {
                    throw AccessDeniedException.forbidden("this needs " + permission.value());
                }
                return Optional.empty();
            default:
                throw new IllegalStateException("unknown scope " + declared.scope());
        }
    }

    /** A member narrowed to one domain (read-only elsewhere, admin of a.com) may still list what it reaches. */
    private boolean mayOnSomeDomain(Principal principal, AccessId account, Permission permission) {
        return principal.asMember().isPresent() && access.stores().members().membership(account, principal.asMember().get().id())
            .map(membership -> membership.domainRoles().values().stream().anyMatch(role -> role.grants(permission)))
            .orElse(false);
    }

    private static DomainName pathDomain(Request request) {
        try {
            return DomainName.of(Optional.ofNullable(request.params(":domain")).orElse(""));
        } catch (IllegalArgumentException e) {
            throw new InvalidFieldException("domain", e.getMessage());
        }
    }

    private Optional<AccessId> domainScope(Request request, Principal principal, Permission permission) {
        DomainName domain = pathDomain(request);
        NotFoundException absent = new NotFoundException("domain " + domain + " does not exist");
        if (directory.domain(domain).isEmpty()) {
            if (principal.isOperator()) {
                // The route answers its own 404.
                return Optional.of(access.ownerOf(domain));
            }
            throw absent;
        }
        AccessId owner = access.ownerOf(domain);
        if (!principal.reaches(owner, Optional.of(domain))) {
            throw absent;
        }
        if (!principal.may(permission, owner, Optional.of(domain))) {
            throw AccessDeniedException.forbidden("this needs " + permission.value() + " on " + domain);
        }
        return Optional.of(owner);
    }

    /**
     * Creating a domain: in the account the request names, or the caller's only one. A domain that exists already
     * answers 409 with the same message whichever account has it: that it exists is the one thing a create cannot
     * hide.
     */
    private Optional<AccessId> newDomainScope(Request request, Principal principal, Permission permission) {
        DomainName domain = pathDomain(request);
        AccessId account = newDomainAccount(request, principal, permission, domain);
        if (directory.domain(domain).isPresent() && !access.ownerOf(domain).equals(account)) {
            throw new io.smtpy.core.store.AlreadyExistsException("domain " + domain + " already exists");
        }
        return Optional.of(account);
    }

    /**
     * A new domain goes to {@code ?account=}, or to the caller's only account; the operator's default is the
     * operator's own account.
     */
    private AccessId newDomainAccount(Request request, Principal principal, Permission permission, DomainName domain) {
        Optional<String> asked = Optional.ofNullable(request.queryParams("account")).filter(value -> !value.isBlank());
        AccessId account;
        if (asked.isPresent()) {
            account = AccessId.parse(asked.get(), "account");
            if (!principal.reaches(account, Optional.empty()) || access.stores().accounts().get(account).isEmpty()) {
                throw new NotFoundException("account " + account + " does not exist");
            }
        } else if (principal.isOperator()) {
            account = Account.DEFAULT_ID;
            access.ensureDefaultAccount();
        } else if (principal.accounts().size() == 1) {
            account = principal.accounts().get(0);
        } else {
            throw new InvalidFieldException("account", "you are in " + principal.accounts().size()
                + " accounts: say which one owns the new domain with ?account=<id>");
        }
        if (!principal.may(permission, account, Optional.empty())) {
            throw AccessDeniedException.forbidden("this needs " + permission.value() + " in account " + account);
        }
        if (principal.asKey().map(key -> !key.reaches(domain)).orElse(false)) {
            throw AccessDeniedException.forbidden("this key is limited to other domains");
        }
        return account;
    }

    private AccessId accountScope(Request request, Principal principal, Permission permission) {
        AccessId account = AccessId.parse(request.params(":account"), "account");
        if (!principal.reaches(account, Optional.empty()) || access.stores().accounts().get(account).isEmpty()) {
            throw new NotFoundException("account " + account + " does not exist");
        }
        if (!principal.may(permission, account, Optional.empty())) {
            throw AccessDeniedException.forbidden("this needs " + permission.value() + " in account " + account);
        }
        // What is account-wide applies to every domain of the account (its block and allow lists): a key limited to
        // some domains may read it, not change it, whatever domain-scoped permission it holds.
        boolean limitedKey = principal.asKey().map(key -> !key.domains().isEmpty()).orElse(false);
        if (limitedKey && !request.requestMethod().equals("GET") && !request.requestMethod().equals("HEAD")) {
            throw AccessDeniedException.forbidden("a key limited to some domains cannot change what applies to the whole account");
        }
        return account;
    }

    private Optional<AccessId> taskScope(Request request, Principal principal, Permission permission) {
        String taskId = request.params(":taskId");
        NotFoundException absent = new NotFoundException("task " + taskId + " does not exist");
        TaskRecord task = tasks.find(taskId).orElseThrow(() -> absent);
        AccessId account = AccessId.of(task.account());
        if (!principal.reaches(account, task.domain())) {
            throw absent;
        }
        if (!principal.may(permission, account, task.domain())) {
            throw AccessDeniedException.forbidden("this needs " + permission.value());
        }
        return Optional.of(account);
    }

    void record(RouteSpec spec, Request request, RequestContext context, Optional<String> before, Optional<String> after,
                String outcome) {
        if (!context.audited() || context.maybeAccount().isEmpty()) {
            return;
        }
        AccessId account = context.maybeAccount().get();
        Optional<Principal> principal = context.maybePrincipal();
        String actor = context.auditActorOverride().orElseGet(() -> principal.map(Principal::actor).orElse("anonymous"));
        Optional<String> onBehalfOf = principal.filter(Principal::isOperator).map(operator -> account.asString());
        String target = context.auditTargetOverride().orElseGet(() -> request.pathInfo().replaceFirst("^/smtpy/", ""));
        audit.append(new AuditRecord(account, access.clock().instant(), actor, onBehalfOf, spec.action(), target, before, after,
            context.requestId(), context.source(), context.userAgent(), outcome));
    }
}
