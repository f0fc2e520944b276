package io.smtpy.limits;

import java.util.Objects;
import java.util.Optional;

import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.LocalPart;

/**
 * Whose traffic is counted: a domain, an alias of it (by local part), or an SMTP credential of it (by its opaque id,
 * as the submission path knows it). Every subject belongs to one domain, whose owners set and read its limits.
 */
public final class LimitSubject {
    public static final int MAX_CREDENTIAL_ID_LENGTH = 200;

    private final LimitScope scope;
    private final DomainName domain;
    /** Empty for the domain; the local part for an alias; the id for a credential. */
    private final String key;

    private LimitSubject(LimitScope scope, DomainName domain, String key) {
        this.scope = scope;
        this.domain = Objects.requireNonNull(domain);
        this.key = key;
    }

    public static LimitSubject domain(DomainName domain) {
        return new LimitSubject(LimitScope.DOMAIN, domain, "");
    }

    public static LimitSubject alias(DomainName domain, LocalPart alias) {
        return new LimitSubject(LimitScope.ALIAS, domain, alias.asString());
    }

    /** @throws IllegalArgumentException for an empty or over-long id, or one with spaces or control characters */
    public static LimitSubject credential(DomainName domain, String credentialId) {
        if (credentialId == null || credentialId.isEmpty() || credentialId.length() > MAX_CREDENTIAL_ID_LENGTH
            || credentialId.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
            throw new IllegalArgumentException("a credential id is 1 to " + MAX_CREDENTIAL_ID_LENGTH
                + " characters without spaces or control characters");
        }
        return new LimitSubject(LimitScope.CREDENTIAL, domain, credentialId);
    }

    /** Reads a subject back from its stored parts. */
    public static LimitSubject of(LimitScope scope, DomainName domain, String key) {
        switch (scope) {
            case ALIAS:
                return alias(domain, LocalPart.of(key));
            case CREDENTIAL:
                return credential(domain, key);
            default:
                return domain(domain);
        }
    }

    public LimitScope scope() {
        return scope;
    }

    public DomainName domain() {
        return domain;
    }

    /** {@code ""} for a domain, the local part of an alias, the id of a credential. */
    public String key() {
        return key;
    }

    public Optional<LocalPart> alias() {
        return scope == LimitScope.ALIAS ? Optional.of(LocalPart.of(key)) : Optional.empty();
    }

    public Optional<String> credentialId() {
        return scope == LimitScope.CREDENTIAL ? Optional.of(key) : Optional.empty();
    }

    /** For people: {@code example.com}, {@code sales@example.com}, {@code credential 7f3a of example.com}. */
    public String describe() {
        switch (scope) {
            case ALIAS:
                return key + "@" + domain.asString();
            case CREDENTIAL:
                return "credential " + key + " of " + domain.asString();
            default:
                return domain.asString();
        }
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof LimitSubject)) {
            return false;
        }
        LimitSubject other = (LimitSubject) o;
        return scope == other.scope && domain.equals(other.domain) && key.equals(other.key);
    }

    @Override
    public int hashCode() {
        return Objects.hash(scope, domain, key);
    }

    @Override
    public String toString() {
        return scope.asString() + " " + describe();
    }
}
