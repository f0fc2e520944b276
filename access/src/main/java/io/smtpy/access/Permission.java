package io.smtpy.access;

import java.util.Arrays;
import java.util.Optional;

import io.smtpy.core.model.InvalidFieldException;

/**
 * What a principal may do, as {@code resource:verb}. Roles are named sets of these; API keys carry a subset of
 * their creator's. The string form is the API's and never changes.
 */
public enum Permission {
    DOMAINS_READ("domains:read"),
    DOMAINS_WRITE("domains:write"),
    ALIASES_READ("aliases:read"),
    ALIASES_WRITE("aliases:write"),
    EVENTS_READ("events:read"),
    SENDING_SEND("sending:send"),
    /**
     * Creating, listing, changing and revoking a domain's SMTP credentials (the submission server's user names and
     * secrets, and what each may send as); reading them too, as they say who may send as the domain.
     */
    SENDING_MANAGE("sending:manage"),
    /** Reading a domain's and its aliases' rules and block/allow lists. */
    RULES_READ("rules:read"),
    /** Changing them. */
    RULES_WRITE("rules:write"),
    /** Listing and reading quarantined (and dropped, kept for restore) mail. */
    QUARANTINE_READ("quarantine:read"),
    /** Releasing and deleting it. */
    QUARANTINE_MANAGE("quarantine:manage"),
    /** Reading a domain's webhook endpoints and their delivery log. */
    WEBHOOKS_READ("webhooks:read"),
    /** Adding, changing, deleting, testing and replaying them, and rotating their secrets. */
    WEBHOOKS_WRITE("webhooks:write"),
    /** Listing a domain's suppressed destinations. */
    SUPPRESSIONS_READ("suppressions:read"),
    /** Suppressing a destination by hand and lifting a suppression. */
    SUPPRESSIONS_WRITE("suppressions:write"),
    KEYS_MANAGE("keys:manage"),
    MEMBERS_MANAGE("members:manage"),
    AUDIT_READ("audit:read"),
    BILLING_READ("billing:read"),
    ACCOUNT_MANAGE("account:manage");

    private final String value;

    Permission(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }

    /** Permissions that concern one domain; the others concern the whole account. */
    public boolean domainScoped() {
        return this == DOMAINS_READ || this == DOMAINS_WRITE || this == ALIASES_READ || this == ALIASES_WRITE
            || this == EVENTS_READ || this == SENDING_SEND || this == SENDING_MANAGE || this == RULES_READ || this == RULES_WRITE
            || this == QUARANTINE_READ || this == QUARANTINE_MANAGE || this == WEBHOOKS_READ || this == WEBHOOKS_WRITE
            || this == SUPPRESSIONS_READ || this == SUPPRESSIONS_WRITE;
    }

    public static Optional<Permission> find(String value) {
        return Arrays.stream(values()).filter(permission -> permission.value.equals(value)).findFirst();
    }

    public static Permission parse(String value, String field) {
        return find(value).orElseThrow(() -> new InvalidFieldException(field, "unknown permission '" + value + "' (known: "
            + String.join(", ", Arrays.stream(values()).map(Permission::value).toArray(String[]::new)) + ")"));
    }

    @Override
    public String toString() {
        return value;
    }
}
