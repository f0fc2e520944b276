package io.smtpy.webadmin.routes;

import java.net.InetAddress;
import java.net.UnknownHostException;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.smtpy.access.AccessId;
import io.smtpy.access.Account;
import io.smtpy.access.Invitation;
import io.smtpy.access.Member;
import io.smtpy.access.Membership;
import io.smtpy.access.Permission;
import io.smtpy.access.service.AccessDeniedException;
import io.smtpy.access.service.AccessService;
import io.smtpy.access.service.Authenticator;
import io.smtpy.access.service.Principal;
import io.smtpy.core.model.InvalidFieldException;
import io.smtpy.webadmin.dto.AccessViews;
import io.smtpy.webadmin.guard.Access;
import io.smtpy.webadmin.guard.GuardedService;
import io.smtpy.webadmin.guard.RequestContext;
import io.smtpy.webadmin.guard.SmtpyGuard;
import spark.Request;
import spark.Response;
import spark.Service;

/**
 * Logging in and out, who am I, a member's own sessions and second factor, and the invitation links.
 * <ul>
 *   <li>{@code POST /smtpy/session {"email","password","totp"?}} → {@code {"token","expiresAt",...}}; with
 *       {@code ?cookie=true} the token goes into an HttpOnly, SameSite=Strict cookie instead and the answer carries the
 *       {@code csrfToken} that changes made with the cookie must send as {@code X-CSRF-Token};
 *       {@code POST /smtpy/session?cookie=true {"operatorKey"}} signs the operator in to the panel with an operator
 *       session token that expires (never the key) in the cookie;
 *       {@code DELETE /smtpy/session} logs the calling session out and clears the cookie</li>
 *   <li>{@code GET /smtpy/sessions}, {@code DELETE /smtpy/sessions/{session}}: the member's own sessions</li>
 *   <li>{@code GET /smtpy/me}: the principal, its accounts and its permissions in each; called with the panel's
 *       session cookie, also the {@code csrfToken} that cookie's changes need</li>
 *   <li>{@code POST /smtpy/me/totp} (enrol: a secret to confirm), {@code POST /smtpy/me/totp/confirm {"code"}},
 *       {@code DELETE /smtpy/me/totp {"code"}}</li>
 *   <li>{@code POST /smtpy/me/verification}: a new verification mail; {@code POST /smtpy/verify-email {"token"}};
 *       {@code POST /smtpy/password-reset {"email"}} (202 whether or not the address is a member's) and
 *       {@code POST /smtpy/password-reset/confirm {"token","password"}} (ends every session of the member)</li>
 *   <li>{@code POST /smtpy/invitations/accept {"token","password"?,"displayName"?}},
 *       {@code POST /smtpy/invitations/decline {"token"}}: the token is the credential</li>
 * </ul>
 */
public class SessionRoutes implements PublicRoutes {
    public static final String SESSION = "/smtpy/session";
    private static final String SESSIONS = "/smtpy/sessions";
    private static final String ME = "/smtpy/me";
    private static final String INVITATIONS = "/smtpy/invitations";
    private static final Logger LOGGER = LoggerFactory.getLogger(SessionRoutes.class);

    private final AccessService access;
    private final SmtpyGuard guard;
    private final JsonTransformer json;

    @Inject
    public SessionRoutes(AccessService access, SmtpyGuard guard, JsonTransformer json) {
        this.access = access;
        this.guard = guard;
        this.json = json;
    }

    @Override
    public String getBasePath() {
        return SESSION;
    }

    @Override
    public void define(Service service) {
        SmtpyErrors.install(service);
        GuardedService routes = guard.on(service);
        routes.post(SESSION, Access.open()).summary("Log in: a session token for a member's address and password (and TOTP code)")
            .action("session.create").to(this::login, json);
        routes.delete(SESSION, Access.anyPrincipal()).summary("Log the calling session out").action("session.delete").to(this::logout);
        routes.get(SESSIONS, Access.anyPrincipal()).summary("The calling member's sessions").to(this::sessions, json);
        routes.delete(SESSIONS + "/:session", Access.anyPrincipal()).summary("End one of the calling member's sessions")
            .action("session.delete").to(this::endSession);
        routes.get(ME, Access.anyPrincipal()).summary("Who am I: the principal, its accounts and permissions").to(this::me, json);
        routes.post(ME + "/totp", Access.anyPrincipal()).summary("Start enrolling a TOTP second factor").action("totp.enrol")
            .to(this::enrolTotp, json);
        routes.post(ME + "/totp/confirm", Access.anyPrincipal()).summary("Confirm the TOTP enrolment with a code")
            .action("totp.confirm").to(this::confirmTotp, json);
        routes.delete(ME + "/totp", Access.anyPrincipal()).summary("Remove the TOTP second factor (needs a current code)")
            .action("totp.remove").to(this::removeTotp);
        routes.post(ME + "/verification", Access.anyPrincipal()).summary("Mail the calling member a new e-mail verification link")
            .action("email.verification-resend").to(this::resendVerification, json);
        routes.post("/smtpy/verify-email", Access.open()).summary("Verify a member's address with the mailed token")
            .action("email.verify").to(this::verifyEmail, json);
        routes.post("/smtpy/password-reset", Access.open()).summary("Mail a reset link if the address is a member's (202 either way)")
            .action("password.reset-request").to(this::requestReset, json);
        routes.post("/smtpy/password-reset/confirm", Access.open()).summary("Set a new password with the mailed token; ends all sessions")
            .action("password.reset").to(this::confirmReset, json);
        routes.post(INVITATIONS + "/accept", Access.open()).summary("Accept an invitation with its mailed token")
            .action("invitation.accept").to(this::accept, json);
        routes.post(INVITATIONS + "/decline", Access.open()).summary("Decline an invitation with its mailed token")
            .action("invitation.decline").to(this::decline, json);
    }

    private static InetAddress source(RequestContext context) {
        try {
            return InetAddress.getByName(context.source());
        } catch (UnknownHostException e) {
            throw AccessDeniedException.unauthenticated("unreadable source address");
        }
    }

    private Object login(Request request, Response response) {
        JsonBody body = JsonBody.parse(request.body(), Set.of("email", "password", "totp", "operatorKey"));
        RequestContext context = RequestContext.of(request);
        boolean cookie = RequestValues.booleanParam(request, "cookie").orElse(false);
        if (body.has("operatorKey")) {
            return operatorLogin(request, response, body, context, cookie);
        }
        AccessService.Login login = access.login(body.requiredText("email"), body.requiredText("password"), body.text("totp"),
            source(context), context.userAgent());
        context.auditActor("member:" + login.member().id());
        auditInMemberAccounts(request, login.member());
        context.auditTarget("members/" + login.member().id() + "/sessions/" + login.session().id());
        response.status(HttpStatus.CREATED_201);
        Map<String, Object> view = new LinkedHashMap<>();
        if (cookie) {
            view.put("csrfToken", setCookie(request, response, login.token(), (int) AccessService.SESSION_LIFETIME.toSeconds()));
        } else {
            view.put("token", login.token());
        }
        view.put("sessionId", login.session().id().asString());
        view.put("expiresAt", login.session().expiresAt().toString());
        view.put("memberId", login.member().id().asString());
        return view;
    }

    /**
     * The panel's form: the token in an HttpOnly cookie scripts cannot read; answers the CSRF token its changes must
     * send back in a header. A max age of 0 clears the cookie.
     */
    private static String setCookie(Request request, Response response, String token, int maxAge) {
        response.raw().addHeader("Set-Cookie", SmtpyGuard.SESSION_COOKIE + "=" + token + "; Path=/smtpy; Max-Age=" + maxAge
            + "; HttpOnly; SameSite=Strict" + (request.raw().isSecure() ? "; Secure" : ""));
        return Authenticator.csrfToken(token);
    }

    /**
     * The operator signing in to the panel: {@code {"operatorKey"}} with {@code ?cookie=true} only (elsewhere the key is
     * itself the bearer token). The cookie holds an operator session token that expires, never the key; a wrong key
     * is a failed attempt, throttled like a member's. The operator belongs to no account: each sign-in is audited in
     * its own account ({@code acc_default}, as its block lists are) and logged with its source.
     */
    private Object operatorLogin(Request request, Response response, JsonBody body, RequestContext context, boolean cookie) {
        if (body.has("email") || body.has("password") || body.has("totp")) {
            throw new InvalidFieldException("operatorKey", "send either 'operatorKey' or 'email' and 'password', not both");
        }
        if (!cookie) {
            throw new InvalidFieldException("operatorKey", "'operatorKey' signs in to the panel (?cookie=true); elsewhere send the key itself as the bearer token");
        }
        Instant expiresAt = access.clock().instant().plus(AccessService.SESSION_LIFETIME);
        String token = access.operatorSession(body.requiredText("operatorKey"), source(context), expiresAt);
        // The operator belongs to no account: like its block lists, its sign-ins are kept in its own account's log.
        context.auditIn(Account.DEFAULT_ID);
        context.auditActor("operator");
        context.auditTarget("operator/sessions");
        LOGGER.info("The operator signed in to the panel from {}", context.source());
        response.status(HttpStatus.CREATED_201);
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("csrfToken", setCookie(request, response, token, (int) AccessService.SESSION_LIFETIME.toSeconds()));
        view.put("expiresAt", expiresAt.toString());
        view.put("operator", true);
        return view;
    }

    private Member member(Request request) {
        return MemberRequests.member(request, "sessions and a second factor");
    }

    private Object logout(Request request, Response response) {
        RequestContext context = RequestContext.of(request);
        // Whoever calls, the panel's cookie goes (an operator session has nothing stored to end: it expires).
        setCookie(request, response, "", 0);
        if (context.principal().isOperator()) {
            context.auditIn(Account.DEFAULT_ID);
            context.auditTarget("operator/sessions");
            response.status(HttpStatus.NO_CONTENT_204);
            return "";
        }
        Member member = member(request);
        AccessId session = context.principal().sessionId().orElseThrow();
        access.endSession(member.id(), session);
        auditInMemberAccounts(request, member);
        context.auditTarget("members/" + member.id() + "/sessions/" + session);
        response.status(HttpStatus.NO_CONTENT_204);
        return "";
    }

    private Object sessions(Request request, Response response) {
        Principal principal = RequestContext.of(request).principal();
        Member member = member(request);
        return Map.of("items", access.sessionsOf(member.id()).stream()
            .map(session -> AccessViews.session(session, principal.sessionId().map(session.id()::equals).orElse(false)))
            .collect(Collectors.toList()));
    }

    private Object endSession(Request request, Response response) {
        Member member = member(request);
        AccessId session = AccessId.parse(request.params(":session"), "session");
        access.endSession(member.id(), session);
        auditInMemberAccounts(request, member);
        RequestContext.of(request).auditTarget("members/" + member.id() + "/sessions/" + session);
        response.status(HttpStatus.NO_CONTENT_204);
        return "";
    }

    private Object me(Request request, Response response) {
        RequestContext context = RequestContext.of(request);
        Principal principal = context.principal();
        Map<String, Object> view = new LinkedHashMap<>();
        Map<String, Object> who = new LinkedHashMap<>();
        who.put("type", principal.kind());
        who.put("actor", principal.actor());
        principal.asMember().ifPresent(member -> {
            who.put("memberId", member.id().asString());
            who.put("email", member.email());
            who.put("displayName", member.displayName());
            who.put("totpEnrolled", member.totpSecret().isPresent());
        });
        principal.asKey().ifPresent(key -> {
            who.put("keyId", key.id().asString());
            who.put("name", key.name());
            who.put("domains", key.domains().stream().map(Object::toString).collect(Collectors.toList()));
        });
        view.put("principal", who);
        view.put("operator", principal.isOperator());
        List<Map<String, Object>> accounts = access.accountsOf(principal).stream().map(account -> accountView(principal, account))
            .collect(Collectors.toList());
        view.put("accounts", accounts);
        // The panel's page, reloaded, cannot read its HttpOnly cookie: it learns the CSRF token its changes need here.
        context.csrfToken().ifPresent(token -> view.put("csrfToken", token));
        return view;
    }

    private Map<String, Object> accountView(Principal principal, Account account) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", account.id().asString());
        view.put("name", account.name());
        principal.asMember().flatMap(member -> access.stores().members().membership(account.id(), member.id()))
            .ifPresent(membership -> {
                view.put("role", membership.role().value());
                view.put("domainRoles", membership.domainRoles().entrySet().stream()
                    .collect(Collectors.toMap(entry -> entry.getKey().asString(), entry -> entry.getValue().value())));
            });
        view.put("permissions", principal.permissions(account.id(), Optional.empty()).stream().map(Permission::value).sorted()
            .collect(Collectors.toList()));
        return view;
    }

    private void auditInMemberAccounts(Request request, Member member) {
        MemberRequests.auditInMemberAccounts(access.stores(), request, member);
    }

    private Object enrolTotp(Request request, Response response) {
        Member member = member(request);
        JsonBody body = JsonBody.parse(request.body(), Set.of("password"));
        String secret = access.startTotpEnrolment(member, body.requiredText("password"));
        auditInMemberAccounts(request, member);
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("secret", secret);
        view.put("otpauthUri", "otpauth://totp/smtpy:" + member.email() + "?secret=" + secret + "&issuer=smtpy");
        return view;
    }

    private Object confirmTotp(Request request, Response response) {
        Member member = member(request);
        JsonBody body = JsonBody.parse(request.body(), Set.of("code"));
        List<String> recoveryCodes = access.confirmTotp(member, body.requiredText("code"));
        auditInMemberAccounts(request, member);
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("totpEnrolled", true);
        view.put("recoveryCodes", recoveryCodes);
        return view;
    }

    private Object removeTotp(Request request, Response response) {
        Member member = member(request);
        JsonBody body = JsonBody.parse(request.body(), Set.of("code"));
        access.removeTotp(member, body.requiredText("code"));
        auditInMemberAccounts(request, member);
        response.status(HttpStatus.NO_CONTENT_204);
        return "";
    }

    private Object resendVerification(Request request, Response response) {
        Member member = member(request);
        if (member.emailVerified()) {
            throw new InvalidFieldException("email", member.email() + " is verified already");
        }
        RequestContext.of(request).notAudited();
        access.sendVerification(member);
        response.status(HttpStatus.ACCEPTED_202);
        return Map.of("sent", true);
    }

    private Object verifyEmail(Request request, Response response) {
        JsonBody body = JsonBody.parse(request.body(), Set.of("token"));
        Member member = access.verifyEmail(body.requiredText("token"));
        RequestContext.of(request).auditActor("member:" + member.id());
        auditInMemberAccounts(request, member);
        return Map.of("email", member.email(), "emailVerified", true);
    }

    private Object requestReset(Request request, Response response) {
        JsonBody body = JsonBody.parse(request.body(), Set.of("email"));
        RequestContext context = RequestContext.of(request);
        access.requestPasswordReset(body.requiredText("email"), source(context));
        response.status(HttpStatus.ACCEPTED_202);
        // The same answer whether or not the address is a member's.
        return Map.of("message", "If this address belongs to a member, a reset link is on its way");
    }

    private Object confirmReset(Request request, Response response) {
        JsonBody body = JsonBody.parse(request.body(), Set.of("token", "password"));
        Member member = access.resetPassword(body.requiredText("token"), body.requiredText("password"));
        RequestContext.of(request).auditActor("member:" + member.id());
        auditInMemberAccounts(request, member);
        return Map.of("email", member.email(), "sessionsEnded", true);
    }

    private Object accept(Request request, Response response) {
        JsonBody body = JsonBody.parse(request.body(), Set.of("token", "password", "displayName"));
        Membership membership = access.acceptInvitation(body.requiredText("token"), body.text("password"), body.text("displayName").orElse(""));
        RequestContext context = RequestContext.of(request);
        context.auditIn(membership.account());
        context.auditActor("member:" + membership.member());
        context.auditTarget("accounts/" + membership.account() + "/members/" + membership.member());
        return AccessViews.member(membership, access.member(membership.member()));
    }

    private Object decline(Request request, Response response) {
        JsonBody body = JsonBody.parse(request.body(), Set.of("token"));
        Invitation declined = access.declineInvitation(body.requiredText("token"));
        RequestContext context = RequestContext.of(request);
        context.auditIn(declined.account());
        context.auditActor("invitee:" + declined.email());
        context.auditTarget("accounts/" + declined.account() + "/invitations/" + declined.id());
        return AccessViews.invitation(declined);
    }
}
