package io.smtpy.webadmin.routes;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import javax.inject.Inject;

import org.apache.james.webadmin.PublicRoutes;
import org.apache.james.webadmin.utils.JsonTransformer;
import org.eclipse.jetty.http.HttpStatus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smtpy.access.AccessId;
import io.smtpy.access.Account;
import io.smtpy.access.AuditEntry;
import io.smtpy.core.model.Cidr;
import io.smtpy.access.Invitation;
import io.smtpy.access.Membership;
import io.smtpy.access.Permission;
import io.smtpy.access.Role;
import io.smtpy.access.service.AccessService;
import io.smtpy.access.service.AuditTrail;
import io.smtpy.access.store.AuditQuery;
import io.smtpy.core.model.DomainName;
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
 * Accounts and what belongs to them directly: members and their roles, invitations, API keys, the audit log and
 * the failed attempts against the account's credentials.
 * <ul>
 *   <li>{@code GET|POST /smtpy/accounts}, {@code GET|PATCH|DELETE /smtpy/accounts/{account}}</li>
 *   <li>{@code GET|POST .../members}, {@code PATCH|DELETE .../members/{member}}</li>
 *   <li>{@code GET|POST .../invitations}, {@code DELETE .../invitations/{invitation}}, {@code POST .../resend}</li>
 *   <li>{@code GET|POST .../keys}, {@code DELETE .../keys/{key}}, {@code POST .../keys/{key}/rotate}</li>
 *   <li>{@code GET .../audit}, {@code GET .../audit/export?format=csv|ndjson}, {@code GET .../audit/verify}</li>
 *   <li>{@code GET .../failed-attempts}</li>
 * </ul>
 */
public class AccountRoutes implements PublicRoutes {
    public static final String BASE = "/smtpy/accounts";
    private static final String ACCOUNT = BASE + "/:account";
    private static final String MEMBERS = ACCOUNT + "/members";
    private static final String MEMBER = MEMBERS + "/:member";
    private static final String INVITATIONS = ACCOUNT + "/invitations";
    private static final String INVITATION = INVITATIONS + "/:invitation";
    private static final String KEYS = ACCOUNT + "/keys";
    private static final String KEY = KEYS + "/:key";
    private static final String AUDIT = ACCOUNT + "/audit";
    private static final Map<String, Set<Permission>> PRESETS = Map.of(
        "read-only", EnumSet.of(Permission.DOMAINS_READ, Permission.ALIASES_READ, Permission.EVENTS_READ),
        "aliases-only", EnumSet.of(Permission.ALIASES_READ, Permission.ALIASES_WRITE),
        "sending-only", EnumSet.of(Permission.SENDING_SEND));
    private static final ObjectMapper NDJSON = new ObjectMapper();

    private final AccessService access;
    private final AuditTrail audit;
    private final SmtpyGuard guard;
    private final JsonTransformer json;

    @Inject
    public AccountRoutes(AccessService access, AuditTrail audit, SmtpyGuard guard, JsonTransformer json) {
        this.access = access;
        this.audit = audit;
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
        routes.get(BASE, Access.anyPrincipal()).summary("The accounts the caller is in (the operator: all)").to(this::listAccounts, json);
        routes.post(BASE, Access.operator()).summary("Create an account").action("account.create").to(this::createAccount, json);
        routes.get(ACCOUNT, Access.onAccount(Permission.DOMAINS_READ)).summary("Read an account")
            .to((request, response) -> AccessViews.account(access.account(account(request))), json);
        routes.patch(ACCOUNT, Access.onAccount(Permission.ACCOUNT_MANAGE)).summary("Rename an account or change its audit retention")
            .action("account.update").snapshot(request -> Optional.of(AccessViews.account(access.account(account(request)))))
            .to(this::updateAccount, json);
        routes.delete(ACCOUNT, Access.operator()).summary("Delete an account that owns no domain").action("account.delete")
            .to(this::deleteAccount);

        Access members = Access.onAccount(Permission.MEMBERS_MANAGE);
        routes.get(MEMBERS, members).summary("The account's members and their roles").to(this::listMembers, json);
        routes.post(MEMBERS, members).summary("Add a member (with a password) or invite one (without)").action("member.add")
            .to(this::addMember, json);
        routes.patch(MEMBER, members).summary("Change a member's role and domain roles").action("member.update")
            .snapshot(this::memberSnapshot).to(this::changeRole, json);
        routes.delete(MEMBER, members).summary("Remove a member from the account").action("member.remove")
            .snapshot(this::memberSnapshot).to(this::removeMember);

        routes.get(INVITATIONS, members).summary("The account's invitations").to((request, response) ->
            Map.of("items", access.stores().invitations().ofAccount(account(request)).stream()
                .map(AccessViews::invitation).collect(Collectors.toList())), json);
        routes.post(INVITATIONS, members).summary("Invite an address with a role (mails a link)").action("invitation.create")
            .to(this::invite, json);
        routes.delete(INVITATION, members).summary("Revoke an invitation").action("invitation.revoke")
            .to((request, response) -> AccessViews.invitation(access.revokeInvitation(account(request), id(request, ":invitation", "invitation"))), json);
        routes.post(INVITATION + "/resend", members).summary("Mail the invitation again with a new link").action("invitation.resend")
            .to((request, response) -> AccessViews.invitation(access.resendInvitation(account(request), id(request, ":invitation", "invitation"))), json);

        Access keys = Access.onAccount(Permission.KEYS_MANAGE);
        routes.get(KEYS, keys).summary("The account's API keys (never their secrets)").to((request, response) ->
            Map.of("items", access.stores().keys().ofAccount(account(request)).stream()
                .map(key -> AccessViews.key(key, Optional.empty())).collect(Collectors.toList())), json);
        routes.post(KEYS, keys).summary("Create an API key; its secret is shown once").action("key.create").to(this::createKey, json);
        routes.delete(KEY, keys).summary("Revoke an API key, at once").action("key.revoke")
            .snapshot(this::keySnapshot).to(this::revokeKey);
        routes.post(KEY + "/rotate", keys).summary("A new secret for a key; the old one stops working").action("key.rotate")
            .to((request, response) -> {
                AccessService.IssuedKey rotated = access.rotateKey(account(request), id(request, ":key", "key"));
                return AccessViews.key(rotated.key(), Optional.of(rotated.secret()));
            }, json);

        Access auditRead = Access.onAccount(Permission.AUDIT_READ);
        routes.get(AUDIT, auditRead).summary("A page of the audit log, newest first").to(this::auditPage, json);
        routes.get(AUDIT + "/export", auditRead).summary("The whole audit log, streamed as CSV or NDJSON").to(this::auditExport);
        routes.get(AUDIT + "/verify", auditRead).summary("Check the audit log's hash chain").to(this::auditVerify, json);
        routes.get(ACCOUNT + "/failed-attempts", auditRead).summary("Recent refused credentials of the account's keys and members")
            .to((request, response) -> Map.of("items", access.stores().failedAttempts()
                .recent(account(request), RequestValues.intParam(request, "limit", 1, 1000).orElse(100)).stream()
                .map(AccessViews::failedAttempt).collect(Collectors.toList())), json);
    }

    private static AccessId account(Request request) {
        return AccessId.parse(request.params(":account"), "account");
    }

    private static AccessId id(Request request, String param, String field) {
        return AccessId.parse(request.params(param), field);
    }

    private Object listAccounts(Request request, Response response) {
        return Map.of("items", access.accountsOf(RequestContext.of(request).principal()).stream()
            .map(AccessViews::account).collect(Collectors.toList()));
    }

    private Object createAccount(Request request, Response response) {
        JsonBody body = JsonBody.parse(request.body(), Set.of("name"));
        Account account = access.createAccount(body.requiredText("name"));
        RequestContext.of(request).auditIn(account.id());
        RequestContext.of(request).auditTarget("accounts/" + account.id());
        response.status(HttpStatus.CREATED_201);
        return AccessViews.account(account);
    }

    private Object updateAccount(Request request, Response response) {
        JsonBody body = JsonBody.parse(request.body(), Set.of("name", "auditRetentionDays"));
        return AccessViews.account(access.updateAccount(account(request), body.text("name"), body.integer("auditRetentionDays")));
    }

    private Object deleteAccount(Request request, Response response) {
        AccessId account = account(request);
        // The account's log keeps the record of the attempt, and of its end.
        RequestContext.of(request).auditIn(account);
        access.deleteAccount(account);
        response.status(HttpStatus.NO_CONTENT_204);
        return "";
    }

    private Object listMembers(Request request, Response response) {
        List<Map<String, Object>> items = new ArrayList<>();
        for (Membership membership : access.memberships(account(request))) {
            access.stores().members().get(membership.member()).ifPresent(member -> items.add(AccessViews.member(membership, member)));
        }
        return Map.of("items", items);
    }

    private Optional<Object> memberSnapshot(Request request) {
        AccessId member = id(request, ":member", "member");
        return access.stores().members().membership(account(request), member)
            .flatMap(membership -> access.stores().members().get(member).map(found -> AccessViews.member(membership, found)));
    }

    private static Map<DomainName, Role> domainRoles(JsonBody body) {
        Map<DomainName, Role> roles = new TreeMap<>();
        Optional<JsonNode> node = body.object("domainRoles");
        node.ifPresent(object -> object.fields().forEachRemaining(entry -> {
            String field = "domainRoles." + entry.getKey();
            if (!entry.getValue().isTextual()) {
                throw new InvalidFieldException(field, "'" + field + "' must be a role name");
            }
            DomainName domain;
            try {
                domain = DomainName.of(entry.getKey());
            } catch (IllegalArgumentException e) {
                throw new InvalidFieldException(field, e.getMessage());
            }
            roles.put(domain, Role.parse(entry.getValue().textValue(), field));
        }));
        return roles;
    }

    private Object addMember(Request request, Response response) {
        AccessId account = account(request);
        JsonBody body = JsonBody.parse(request.body(), Set.of("email", "role", "password", "displayName", "domainRoles"));
        String email = body.requiredText("email");
        Role role = Role.parse(body.requiredText("role"), "role");
        Optional<String> password = body.text("password");
        RequestContext context = RequestContext.of(request);
        if (password.isEmpty()) {
            Invitation invitation = access.invite(account, email, role, context.principal());
            context.auditTarget("accounts/" + account + "/invitations/" + invitation.id());
            // The same invitation as POST .../invitations answers: 202, as the member exists only once it is accepted.
            response.status(HttpStatus.ACCEPTED_202);
            return AccessViews.invitation(invitation);
        }
        Membership membership = access.addMemberWithPassword(account, email, body.text("displayName").orElse(""), password.get(), role,
            domainRoles(body), context.principal());
        context.auditTarget("accounts/" + account + "/members/" + membership.member());
        response.status(HttpStatus.CREATED_201);
        return AccessViews.member(membership, access.member(membership.member()));
    }

    private Object changeRole(Request request, Response response) {
        JsonBody body = JsonBody.parse(request.body(), Set.of("role", "domainRoles"));
        AccessId account = account(request);
        AccessId member = id(request, ":member", "member");
        Membership current = access.stores().members().membership(account, member)
            .orElseThrow(() -> new io.smtpy.core.store.NotFoundException("member " + member + " does not exist"));
        Role role = body.text("role").map(value -> Role.parse(value, "role")).orElse(current.role());
        Map<DomainName, Role> domainRoles = body.has("domainRoles") ? domainRoles(body) : current.domainRoles();
        Membership changed = access.changeRole(account, member, role, domainRoles, RequestContext.of(request).principal());
        return AccessViews.member(changed, access.member(member));
    }

    private Object removeMember(Request request, Response response) {
        access.removeMember(account(request), id(request, ":member", "member"), RequestContext.of(request).principal());
        response.status(HttpStatus.NO_CONTENT_204);
        return "";
    }

    private Object invite(Request request, Response response) {
        AccessId account = account(request);
        JsonBody body = JsonBody.parse(request.body(), Set.of("email", "role"));
        Invitation invitation = access.invite(account, body.requiredText("email"), Role.parse(body.requiredText("role"), "role"),
            RequestContext.of(request).principal());
        RequestContext.of(request).auditTarget("accounts/" + account + "/invitations/" + invitation.id());
        response.status(HttpStatus.CREATED_201);
        return AccessViews.invitation(invitation);
    }

    private Optional<Object> keySnapshot(Request request) {
        return access.stores().keys().get(id(request, ":key", "key"))
            .filter(key -> key.account().equals(account(request)))
            .map(key -> AccessViews.key(key, Optional.empty()));
    }

    private Object createKey(Request request, Response response) {
        AccessId account = account(request);
        JsonBody body = JsonBody.parse(request.body(), Set.of("name", "permissions", "preset", "domains", "expiresAt", "allowedIps"));
        Set<Permission> permissions = EnumSet.noneOf(Permission.class);
        body.text("preset").ifPresent(preset -> {
            Set<Permission> chosen = PRESETS.get(preset);
            if (chosen == null) {
                throw new InvalidFieldException("preset", "unknown preset '" + preset + "' (known: aliases-only, read-only, sending-only)");
            }
            permissions.addAll(chosen);
        });
        List<String> named = body.stringList("permissions").orElse(List.of());
        for (int i = 0; i < named.size(); i++) {
            permissions.add(Permission.parse(named.get(i), "permissions[" + i + "]"));
        }
        List<String> domainNames = body.stringList("domains").orElse(List.of());
        Set<DomainName> domains = new java.util.TreeSet<>();
        for (int i = 0; i < domainNames.size(); i++) {
            try {
                domains.add(DomainName.of(domainNames.get(i)));
            } catch (IllegalArgumentException e) {
                throw new InvalidFieldException("domains[" + i + "]", e.getMessage());
            }
        }
        List<String> ips = body.stringList("allowedIps").orElse(List.of());
        List<Cidr> allowed = new ArrayList<>();
        for (int i = 0; i < ips.size(); i++) {
            allowed.add(Cidr.parse(ips.get(i), "allowedIps[" + i + "]"));
        }
        Optional<Instant> expiresAt = body.nullableInstant("expiresAt").flatMap(value -> value);
        AccessService.IssuedKey issued = access.createKey(account, body.requiredText("name"), permissions, domains, expiresAt, allowed,
            RequestContext.of(request).principal());
        RequestContext.of(request).auditTarget("accounts/" + account + "/keys/" + issued.key().id());
        response.status(HttpStatus.CREATED_201);
        return AccessViews.key(issued.key(), Optional.of(issued.secret()));
    }

    private Object revokeKey(Request request, Response response) {
        access.revokeKey(account(request), id(request, ":key", "key"));
        response.status(HttpStatus.NO_CONTENT_204);
        return "";
    }

    private AuditQuery auditQuery(Request request) {
        return new AuditQuery(account(request),
            param(request, "actor"), param(request, "action"), param(request, "target"),
            param(request, "from").map(value -> RequestValues.instant(value, "from")), param(request, "to").map(value -> RequestValues.instant(value, "to")),
            param(request, "cursor").map(value -> {
                try {
                    return Long.parseLong(value);
                } catch (NumberFormatException e) {
                    throw new InvalidFieldException("cursor", "'cursor' must be the 'next' value of an earlier page");
                }
            }),
            RequestValues.intParam(request, "limit", 1, AuditQuery.MAX_LIMIT).orElse(AuditQuery.DEFAULT_LIMIT));
    }

    private static Optional<String> param(Request request, String name) {
        return Optional.ofNullable(request.queryParams(name)).filter(value -> !value.isEmpty());
    }

    private Object auditPage(Request request, Response response) {
        AuditQuery query = auditQuery(request);
        // One more than asked tells whether a next page exists.
        List<AuditEntry> entries = access.stores().audit().list(query.withLimit(query.limit() + 1));
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("items", entries.stream().limit(query.limit()).map(AccessViews::auditEntry).collect(Collectors.toList()));
        if (entries.size() > query.limit()) {
            page.put("next", Long.toString(entries.get(query.limit() - 1).sequence()));
        }
        return page;
    }

    private Object auditExport(Request request, Response response) throws IOException {
        AuditQuery filters = auditQuery(request);
        String format = param(request, "format").orElse("ndjson");
        if (!format.equals("csv") && !format.equals("ndjson")) {
            throw new InvalidFieldException("format", "'format' must be csv or ndjson");
        }
        response.type(format.equals("csv") ? "text/csv; charset=utf-8" : "application/x-ndjson");
        response.header("Content-Disposition", "attachment; filename=\"audit-" + filters.account() + "." + format + "\"");
        Writer writer = new BufferedWriter(new OutputStreamWriter(response.raw().getOutputStream(), StandardCharsets.UTF_8));
        if (format.equals("csv")) {
            writer.write(CsvCells.row(List.of("sequence", "at", "actor", "onBehalfOf", "action", "target", "before", "after",
                "requestId", "source", "userAgent", "outcome", "previousHash", "hash")));
        }
        AuditQuery unpaged = new AuditQuery(filters.account(), filters.actor(), filters.action(), filters.target(), filters.from(),
            filters.to(), Optional.empty(), Integer.MAX_VALUE);
        access.stores().audit().forEach(filters.account(), entry -> {
            if (!unpaged.matches(entry)) {
                return;
            }
            try {
                if (format.equals("csv")) {
                    writer.write(CsvCells.row(List.of(Long.toString(entry.sequence()), entry.at().toString(), entry.actor(),
                        entry.onBehalfOf().orElse(""), entry.action(), entry.target(), entry.before().orElse(""), entry.after().orElse(""),
                        entry.requestId(), entry.source(), entry.userAgent(), entry.outcome(), entry.previousHash(), entry.hash())));
                } else {
                    writer.write(NDJSON.writeValueAsString(AccessViews.auditEntry(entry)));
                    writer.write('\n');
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        writer.flush();
        return "";
    }

    private Object auditVerify(Request request, Response response) {
        AuditTrail.Verification verification = audit.verify(account(request));
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("valid", verification.valid());
        view.put("entries", verification.entries());
        verification.brokenAt().ifPresent(sequence -> view.put("brokenAt", sequence));
        verification.problem().ifPresent(problem -> view.put("problem", problem));
        return view;
    }
}
