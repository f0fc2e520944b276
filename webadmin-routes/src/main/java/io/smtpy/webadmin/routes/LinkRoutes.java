package io.smtpy.webadmin.routes;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import javax.inject.Inject;

import org.apache.james.core.MailAddress;
import org.apache.james.webadmin.PublicRoutes;
import org.apache.james.webadmin.utils.ErrorResponder;
import org.eclipse.jetty.http.HttpStatus;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smtpy.access.service.AccessService;
import io.smtpy.core.directory.AliasDirectory;
import io.smtpy.core.model.AliasAddress;
import io.smtpy.core.store.AlreadyExistsException;
import io.smtpy.rules.links.BlockLinks;
import io.smtpy.rules.links.InvalidLinkException;
import io.smtpy.rules.links.LinkAction;
import io.smtpy.rules.links.LinkClaim;
import io.smtpy.rules.links.UnsubscribeFields;
import io.smtpy.rules.lists.ListEntry;
import io.smtpy.rules.lists.ListScope;
import io.smtpy.rules.lists.ListType;
import io.smtpy.rules.lists.ListValue;
import io.smtpy.rules.lists.NewListEntry;
import io.smtpy.rules.lists.SenderLists;
import io.smtpy.webadmin.guard.Access;
import io.smtpy.webadmin.guard.GuardedService;
import io.smtpy.webadmin.guard.RequestContext;
import io.smtpy.webadmin.guard.SmtpyGuard;
import spark.Request;
import spark.Response;
import spark.Service;

/**
 * The one-click links forwarded mail carries ({@link BlockLinks}, {@link UnsubscribeFields}): no sign-in, the
 * token is the credential.
 * <ul>
 *   <li>{@code GET /smtpy/links/{token}}: a small HTML page (no script, no external resource) saying what the link
 *   does, with a button that POSTs. It changes nothing: link scanners and previews fetch every URL of a mail.</li>
 *   <li>{@code POST /smtpy/links/{token}} (RFC 8058 one-click: {@code List-Unsubscribe=One-Click} form-encoded, or
 *   no body): acts. {@code BLOCK_SENDER} adds a block entry for the sender on that alias (note {@code one-click
 *   link}; already blocked is fine), {@code DISABLE_ALIAS} disables the alias. 200 with a page, or JSON when the
 *   client asks for it ({@code Accept: application/json}).</li>
 * </ul>
 * A tampered or malformed token is 400, an expired one 410, with nothing changed. Each use is audited in the account
 * owning the domain, the actor being {@code one-click link}; the token itself is never written to the log.
 */
public class LinkRoutes implements PublicRoutes {
    static final String LINK = "/smtpy/links/:token";
    static final String NOTE = "one-click link";
    private static final String FORM = "application/x-www-form-urlencoded";
    private static final String DONE = "io.smtpy.linkDone";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final BlockLinks links;
    private final SenderLists lists;
    private final AliasDirectory directory;
    private final AccessService access;
    private final SmtpyGuard guard;

    @Inject
    public LinkRoutes(BlockLinks links, SenderLists lists, AliasDirectory directory, AccessService access, SmtpyGuard guard) {
        this.links = links;
        this.lists = lists;
        this.directory = directory;
        this.access = access;
        this.guard = guard;
    }

    @Override
    public String getBasePath() {
        return "/smtpy/links";
    }

    @Override
    public void define(Service service) {
        SmtpyErrors.install(service);
        GuardedService routes = guard.on(service);
        routes.get(LINK, Access.open()).summary("What a one-click link does, with a button to do it (changes nothing)")
            .to(this::page);
        routes.post(LINK, Access.open()).summary("Follow a one-click link: block the sender for the alias, or disable the alias")
            .action("link.use").body(FORM, 1024).snapshot(request -> Optional.ofNullable(request.attribute(DONE))).to(this::use);
    }

    private Object page(Request request, Response response) {
        LinkClaim claim;
        try {
            claim = links.verify(request.params(":token"));
        } catch (InvalidLinkException e) {
            return refused(request, response, e, false);
        }
        String alias = claim.alias().asString() + "@" + claim.domain().asString();
        String what = claim.action() == LinkAction.BLOCK_SENDER
            ? "Block mail from <b>" + html(sender(claim)) + "</b> to <b>" + html(alias) + "</b>."
            : "Turn off the address <b>" + html(alias) + "</b>: it will forward nothing any more.";
        String button = claim.action() == LinkAction.BLOCK_SENDER ? "Block this sender" : "Turn off this address";
        String form = "<form method=\"post\"><input type=\"hidden\" name=\"List-Unsubscribe\" value=\"One-Click\">"
            + "<button type=\"submit\">" + button + "</button></form>";
        return html(response, HttpStatus.OK_200, "Confirm", what + "</p><p>Nothing happens until you press the button.</p>" + form + "<p>");
    }

    private Object use(Request request, Response response) {
        LinkClaim claim;
        try {
            claim = links.verify(request.params(":token"));
        } catch (InvalidLinkException e) {
            return refused(request, response, e, true);
        }
        RequestContext context = RequestContext.of(request);
        AliasAddress address = AliasAddress.of(claim.domain(), claim.alias());
        // The link is the credential: the use is recorded in the account that owns the domain, never with the token.
        context.auditIn(access.ownerOf(claim.domain()));
        context.auditActor(NOTE);
        context.auditTarget("domains/" + claim.domain().asString() + "/aliases/" + claim.alias().asString());
        if (!directory.aliasExists(address)) {
            return answer(request, response, HttpStatus.GONE_410, "Gone", "The address " + address.asString()
                + " no longer exists: there is nothing to do.", Map.of("error", "the alias no longer exists"));
        }
        Map<String, Object> done = new LinkedHashMap<>();
        done.put("alias", address.asString());
        String message;
        if (claim.action() == LinkAction.BLOCK_SENDER) {
            if (claim.sender().isEmpty()) {
                return answer(request, response, HttpStatus.BAD_REQUEST_400, "Not possible",
                    "This link names no sender (the mail was a bounce or notification), and lists block senders only. "
                        + "Ask the owner of " + address.asString() + " to turn it off instead.", Map.of("error", "the link names no sender"));
            }
            ListEntry entry = block(ListScope.alias(claim.domain(), claim.alias()), claim.sender().get());
            done.put("action", "blockSender");
            done.put("sender", claim.sender().get().asString());
            done.put("entry", entry.id().asString());
            message = "Mail from " + claim.sender().get().asString() + " to " + address.asString() + " is blocked from now on.";
        } else {
            directory.updateAlias(address, alias -> alias.enabled(false));
            done.put("action", "disableAlias");
            message = "The address " + address.asString() + " is turned off: it forwards nothing any more.";
        }
        request.attribute(DONE, done);
        done.put("message", message);
        return answer(request, response, HttpStatus.OK_200, "Done", message, done);
    }

    /** The alias's block entry for the sender: added, or the one it has already (a second click is no error). */
    private ListEntry block(ListScope scope, MailAddress sender) {
        try {
            return lists.add(scope, NewListEntry.block(sender.asString()).note(NOTE));
        } catch (AlreadyExistsException e) {
            String value = ListValue.parse(sender.asString()).asString();
            return lists.list(scope).stream().filter(entry -> entry.type() == ListType.BLOCK && entry.value().asString().equals(value))
                .findFirst().orElseThrow(() -> e);
        }
    }

    private Object refused(Request request, Response response, InvalidLinkException e, boolean mayAnswerJson) {
        int status = e.reason() == InvalidLinkException.Reason.EXPIRED ? HttpStatus.GONE_410 : HttpStatus.BAD_REQUEST_400;
        String title = status == HttpStatus.GONE_410 ? "Link expired" : "Invalid link";
        String message = (status == HttpStatus.GONE_410 ? "This link has expired" : "This link is not valid")
            + ": " + e.getMessage() + ". Nothing was changed.";
        if (mayAnswerJson && wantsJson(request)) {
            throw ErrorResponder.builder()
                .statusCode(status)
                .type(ErrorResponder.ErrorType.INVALID_ARGUMENT)
                .message(message)
                .haltError();
        }
        return html(response, status, title, html(message));
    }

    private Object answer(Request request, Response response, int status, String title, String message, Map<String, Object> json) {
        if (!wantsJson(request)) {
            return html(response, status, title, html(message));
        }
        response.status(status);
        response.type("application/json");
        try {
            return MAPPER.writeValueAsString(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean wantsJson(Request request) {
        String accept = Optional.ofNullable(request.headers("Accept")).orElse("").toLowerCase(Locale.ROOT);
        return accept.contains("application/json") && !accept.contains("text/html");
    }

    private static String sender(LinkClaim claim) {
        return claim.sender().map(MailAddress::asString).orElse("<> (bounces and notifications)");
    }

    /** A page without script or external resource; the policy header says so to the browser too. */
    private static String html(Response response, int status, String title, String paragraph) {
        response.status(status);
        response.type("text/html; charset=utf-8");
        response.header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'");
        response.header("X-Content-Type-Options", "nosniff");
        response.header("Referrer-Policy", "no-referrer");
        response.header("Cache-Control", "no-store");
        return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"robots\" content=\"noindex\">"
            + "<meta name=\"viewport\" content=\"width=device-width\"><title>" + html(title) + "</title>"
            + "<style>body{font-family:sans-serif;max-width:32em;margin:3em auto;padding:0 1em}</style></head>"
            + "<body><h1>" + html(title) + "</h1><p>" + paragraph + "</p></body></html>";
    }

    private static String html(String text) {
        StringBuilder escaped = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<':
                    escaped.append("&lt;");
                    break;
                case '>':
                    escaped.append("&gt;");
                    break;
                case '&':
                    escaped.append("&amp;");
                    break;
                case '"':
                    escaped.append("&quot;");
                    break;
                case '\'':
                    escaped.append("&#39;");
                    break;
                default:
                    escaped.append(c);
            }
        }
        return escaped.toString();
    }
}
