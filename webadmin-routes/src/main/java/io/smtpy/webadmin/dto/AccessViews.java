package io.smtpy.webadmin.dto;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import io.smtpy.access.Account;
import io.smtpy.access.ApiKey;
import io.smtpy.access.AuditEntry;
import io.smtpy.core.model.Cidr;
import io.smtpy.access.FailedAttempt;
import io.smtpy.access.Invitation;
import io.smtpy.access.Member;
import io.smtpy.access.Membership;
import io.smtpy.access.Permission;
import io.smtpy.access.Session;
import io.smtpy.core.model.DomainName;

/**
 * The JSON shapes of the access resources, as ordered maps: accounts, members, invitations, keys (never their
 * secret hash), sessions (never their token hash), audit entries and failed attempts.
 */
public final class AccessViews {
    private AccessViews() {
    }

    public static Map<String, Object> account(Account account) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", account.id().asString());
        view.put("name", account.name());
        view.put("createdAt", account.createdAt().toString());
        view.put("auditRetentionDays", account.auditRetention().toDays());
        return view;
    }

    public static Map<String, Object> member(Membership membership, Member member) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("memberId", member.id().asString());
        view.put("email", member.email());
        view.put("displayName", member.displayName());
        view.put("role", membership.role().value());
        view.put("domainRoles", membership.domainRoles().entrySet().stream()
            .collect(Collectors.toMap(entry -> entry.getKey().asString(), entry -> entry.getValue().value(), (a, b) -> a, LinkedHashMap::new)));
        view.put("emailVerified", member.emailVerified());
        view.put("totpEnrolled", member.totpSecret().isPresent());
        return view;
    }

    public static Map<String, Object> invitation(Invitation invitation) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", invitation.id().asString());
        view.put("email", invitation.email());
        view.put("role", invitation.role().value());
        view.put("state", invitation.state().value());
        view.put("invitedBy", invitation.invitedBy());
        view.put("createdAt", invitation.createdAt().toString());
        view.put("expiresAt", invitation.expiresAt().toString());
        return view;
    }

    public static Map<String, Object> key(ApiKey key, Optional<String> secret) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", key.id().asString());
        secret.ifPresent(value -> view.put("secret", value));
        view.put("name", key.name());
        view.put("prefix", key.displayPrefix());
        view.put("permissions", key.permissions().stream().map(Permission::value).sorted().collect(Collectors.toList()));
        view.put("domains", key.domains().stream().map(DomainName::asString).collect(Collectors.toList()));
        view.put("expiresAt", key.expiresAt().map(Object::toString).orElse(null));
        view.put("allowedIps", key.allowedIps().stream().map(Cidr::asString).collect(Collectors.toList()));
        view.put("createdBy", key.createdBy());
        view.put("createdAt", key.createdAt().toString());
        view.put("lastUsedAt", key.lastUsedAt().map(Object::toString).orElse(null));
        view.put("lastUsedFrom", key.lastUsedFrom().orElse(null));
        view.put("revokedAt", key.revokedAt().map(Object::toString).orElse(null));
        return view;
    }

    public static Map<String, Object> session(Session session, boolean current) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", session.id().asString());
        view.put("createdAt", session.createdAt().toString());
        view.put("expiresAt", session.expiresAt().toString());
        view.put("source", session.source());
        view.put("userAgent", session.userAgent());
        view.put("current", current);
        return view;
    }

    public static Map<String, Object> auditEntry(AuditEntry entry) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("sequence", entry.sequence());
        view.put("at", entry.at().toString());
        view.put("actor", entry.actor());
        view.put("onBehalfOf", entry.onBehalfOf().orElse(null));
        view.put("action", entry.action());
        view.put("target", entry.target());
        view.put("before", entry.before().orElse(null));
        view.put("after", entry.after().orElse(null));
        view.put("requestId", entry.requestId());
        view.put("source", entry.source());
        view.put("userAgent", entry.userAgent());
        view.put("outcome", entry.outcome());
        view.put("previousHash", entry.previousHash());
        view.put("hash", entry.hash());
        return view;
    }

    public static Map<String, Object> failedAttempt(FailedAttempt attempt) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("at", attempt.at().toString());
        view.put("source", attempt.source());
        view.put("credential", attempt.credential());
        view.put("reason", attempt.reason());
        return view;
    }
}
