package io.smtpy.access;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

import io.smtpy.core.model.InvalidFieldException;

/** A named set of permissions, granted per account and optionally narrowed (or widened) per domain. */
public enum Role {
    OWNER("owner", EnumSet.allOf(Permission.class)),
    ADMIN("admin", EnumSet.complementOf(EnumSet.of(Permission.ACCOUNT_MANAGE))),
    BILLING("billing", EnumSet.of(Permission.BILLING_READ, Permission.DOMAINS_READ)),
    // A member does the day-to-day work on aliases, so also on their rules, lists and held mail; read-only sees all
    // of it and changes none.
    MEMBER("member", EnumSet.of(Permission.DOMAINS_READ, Permission.ALIASES_READ, Permission.ALIASES_WRITE,
        Permission.EVENTS_READ, Permission.SENDING_SEND, Permission.RULES_READ, Permission.RULES_WRITE,
        Permission.QUARANTINE_READ, Permission.QUARANTINE_MANAGE, Permission.WEBHOOKS_READ, Permission.SUPPRESSIONS_READ)),
    // Webhooks are an integration's settings (and their secrets sign what receivers trust): members and read-only
    // see them, owners and admins change them. Suppressions go the same way: which destinations receive the
    // domain's mail is the owners' call. SMTP credentials (sending:manage) say who may send as the domain: owners and
    // admins only, reading included.
    READ_ONLY("read-only", EnumSet.of(Permission.DOMAINS_READ, Permission.ALIASES_READ, Permission.EVENTS_READ,
        Permission.RULES_READ, Permission.QUARANTINE_READ, Permission.WEBHOOKS_READ, Permission.SUPPRESSIONS_READ));

    private final String value;
    private final Set<Permission> permissions;

    Role(String value, Set<Permission> permissions) {
        this.value = value;
        this.permissions = permissions;
    }

    public String value() {
        return value;
    }

    public Set<Permission> permissions() {
        return EnumSet.copyOf(permissions);
    }

    public boolean grants(Permission permission) {
        return permissions.contains(permission);
    }

    public static Role parse(String value, String field) {
        String wanted = value == null ? "" : value.toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(role -> role.value.equals(wanted)).findFirst()
            .orElseThrow(() -> new InvalidFieldException(field, "unknown role '" + value
                + "' (known: owner, admin, billing, member, read-only)"));
    }

    @Override
    public String toString() {
        return value;
    }
}
