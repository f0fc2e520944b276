package io.smtpy.webadmin.routes;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import javax.inject.Inject;

import org.apache.james.webadmin.PublicRoutes;
import org.apache.james.webadmin.utils.ErrorResponder;
import org.apache.james.webadmin.utils.JsonTransformer;
import org.eclipse.jetty.http.HttpStatus;

import io.smtpy.access.AccessId;
import io.smtpy.access.Member;
import io.smtpy.access.store.AccessStores;
import io.smtpy.core.model.InvalidFieldException;
import io.smtpy.notifications.NotificationPreferences;
import io.smtpy.notifications.NotificationType;
import io.smtpy.notifications.UnsubscribeLinks;
import io.smtpy.notifications.UnsubscribeTokens;
import io.smtpy.webadmin.guard.Access;
import io.smtpy.webadmin.guard.GuardedService;
import io.smtpy.webadmin.guard.RequestContext;
import io.smtpy.webadmin.guard.SmtpyGuard;
import spark.Request;
import spark.Response;
import spark.Service;

/**
 * Which notifications the calling member gets ({@link NotificationPreferences}), and the one-click opt-out of
 * notification mails ({@link UnsubscribeLinks}):
 * <ul>
 *   <li>{@code GET /smtpy/me/notifications}: {@code {"memberId", "notifications": {type: "on" | "off" | "default"}}},
 *   every type listed; {@code default} follows the member's role on each domain (alerts on for owners and admins,
 *   the digest off for everyone).</li>
 *   <li>{@code PUT /smtpy/me/notifications} {@code {type: "on" | "off" | "default", ...}}: changes the types given,
 *   all or nothing; answers as the GET.</li>
 *   <li>{@code POST /smtpy/notifications/unsubscribe/{token}} (RFC 8058: {@code List-Unsubscribe=One-Click}
 *   form-encoded, or no body; no sign-in, the token is the credential): turns the token's type off for its member.
 *   A changed or malformed token is 400, a member who no longer exists 410, with nothing changed.</li>
 * </ul>
 * Only a member's session has preferences: keys and the operator get 403. Changes are audited in the member's first
 * account, the one-click ones with the actor {@code one-click link}; the token is never logged.
 */
public class NotificationRoutes implements PublicRoutes {
    static final String MINE = "/smtpy/me/notifications";
    static final String UNSUBSCRIBE = UnsubscribeLinks.PATH + ":token";
    private static final String FORM = "application/x-www-form-urlencoded";
    private static final String ON = "on";
    private static final String OFF = "off";
    private static final String DEFAULT = "default";
    private static final String WHAT = "notification preferences";
    private static final String TARGET = "io.smtpy.unsubscribed";

    private final NotificationPreferences preferences;
    private final UnsubscribeTokens tokens;
    private final AccessStores stores;
    private final SmtpyGuard guard;
    private final JsonTransformer json;

    @Inject
    public NotificationRoutes(NotificationPreferences preferences, UnsubscribeTokens tokens, AccessStores stores, SmtpyGuard guard,
                              JsonTransformer json) {
        this.preferences = preferences;
        this.tokens = tokens;
        this.stores = stores;
        this.guard = guard;
        this.json = json;
    }

    @Override
    public String getBasePath() {
        return MINE;
    }

    @Override
    public void define(Service service) {
        SmtpyErrors.install(service);
        GuardedService routes = guard.on(service);
        routes.get(MINE, Access.anyPrincipal()).summary("The notifications the calling member gets, per type")
            .to((request, response) -> view(MemberRequests.member(request, WHAT).id()), json);
        routes.put(MINE, Access.anyPrincipal()).summary("Turn notification types on or off, or back to their default, for the calling member")
            .action("notifications.update").snapshot(this::snapshot).to(this::update, json);
        routes.post(UNSUBSCRIBE, Access.open()).summary("One-click unsubscribe (RFC 8058): turn the link's notification type off for its member")
            .action("notifications.unsubscribe").body(FORM, 1024)
            .snapshot(request -> Optional.ofNullable(request.<AccessId>attribute(TARGET)).map(this::view)).to(this::unsubscribe, json);
    }

    private Optional<Object> snapshot(Request request) {
        return RequestContext.of(request).principal().asMember().map(member -> view(member.id()));
    }

    private Map<String, Object> view(AccessId member) {
        Map<NotificationType, Boolean> choices = preferences.choices(member);
        Map<String, String> notifications = new LinkedHashMap<>();
        for (NotificationType type : NotificationType.values()) {
            notifications.put(type.asString(), Optional.ofNullable(choices.get(type)).map(on -> on ? ON : OFF).orElse(DEFAULT));
        }
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("memberId", member.asString());
        view.put("notifications", notifications);
        return view;
    }

    private Object update(Request request, Response response) {
        Member member = MemberRequests.member(request, WHAT);
        Set<String> names = Arrays.stream(NotificationType.values()).map(NotificationType::asString).collect(Collectors.toSet());
        JsonBody body = JsonBody.parse(request.body(), names);
        Map<NotificationType, Optional<Boolean>> changes = new EnumMap<>(NotificationType.class);
        for (NotificationType type : NotificationType.values()) {
            Optional<String> value = body.text(type.asString());
            if (value.isEmpty()) {
                continue;
            }
            switch (value.get()) {
                case ON:
                    changes.put(type, Optional.of(true));
                    break;
                case OFF:
                    changes.put(type, Optional.of(false));
                    break;
                case DEFAULT:
                    changes.put(type, Optional.empty());
                    break;
                default:
                    throw new InvalidFieldException(type.asString(), "'" + type.asString() + "' must be \"on\", \"off\" or \"default\"");
            }
        }
        preferences.choose(member.id(), changes);
        MemberRequests.auditInMemberAccounts(stores, request, member);
        RequestContext.of(request).auditTarget("members/" + member.id() + "/notifications");
        return view(member.id());
    }

    private Object unsubscribe(Request request, Response response) {
        UnsubscribeTokens.Claim claim;
        try {
            claim = tokens.verify(request.params(":token"));
        } catch (UnsubscribeTokens.InvalidTokenException e) {
            throw ErrorResponder.builder()
                .statusCode(HttpStatus.BAD_REQUEST_400)
                .type(ErrorResponder.ErrorType.INVALID_ARGUMENT)
                .message("This unsubscribe link is not valid: " + e.getMessage() + ". Nothing was changed.")
                .haltError();
        }
        RequestContext context = RequestContext.of(request);
        context.auditActor(LinkRoutes.NOTE);
        Optional<Member> member = stores.members().get(claim.member());
        if (member.isEmpty()) {
            context.notAudited();
            throw ErrorResponder.builder()
                .statusCode(HttpStatus.GONE_410)
                .type(ErrorResponder.ErrorType.NOT_FOUND)
                .message("The member this link was sent to no longer exists: there is nothing to unsubscribe.")
                .haltError();
        }
        request.attribute(TARGET, claim.member());
        MemberRequests.auditInMemberAccounts(stores, request, member.get());
        context.auditTarget("members/" + claim.member() + "/notifications/" + claim.type().asString());
        preferences.optOut(claim.member(), claim.type());
        Map<String, Object> done = new LinkedHashMap<>();
        done.put("memberId", claim.member().asString());
        done.put("type", claim.type().asString());
        done.put("message", "You will no longer get '" + claim.type().asString() + "' notifications. PUT " + MINE
            + " turns them on again.");
        return done;
    }
}
