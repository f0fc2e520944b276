package io.smtpy.rules.lists;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.LocalPart;

/**
 * Where a list entry applies: the whole installation ({@link #operator()}), every domain of one account, one domain,
 * or one alias of a domain. Account ids are opaque here (the access module owns them).
 *
 * <p>{@link #key()} is a one-string form, {@code operator}, {@code account:<id>}, {@code domain:<domain>} or
 * {@code alias:<local part>@<domain>}, that storage keeps and {@link #parse(String)} reads back.
 */
public final class ListScope {
    /** From the narrowest to the widest: the order in which {@link SenderLists#decide} asks the scopes. */
    public enum Kind {
        ALIAS,
        DOMAIN,
        ACCOUNT,
        OPERATOR;

        public String asString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private static final int MAX_ACCOUNT_LENGTH = 200;
    private static final ListScope OPERATOR = new ListScope(Kind.OPERATOR, null, null, null);

    private final Kind kind;
    private final String account;
    private final DomainName domain;
    private final LocalPart alias;

    private ListScope(Kind kind, String account, DomainName domain, LocalPart alias) {
        this.kind = kind;
        this.account = account;
        this.domain = domain;
        this.alias = alias;
    }

    public static ListScope operator() {
        return OPERATOR;
    }

    /**
     * @throws IllegalArgumentException for an empty id, one longer than 200 characters or holding control characters
     */
    public static ListScope account(String account) {
        if (account == null || account.isEmpty() || account.length() > MAX_ACCOUNT_LENGTH
            || account.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("'" + account + "' is not an account id");
        }
        return new ListScope(Kind.ACCOUNT, account, null, null);
    }

    public static ListScope domain(DomainName domain) {
        return new ListScope(Kind.DOMAIN, null, Objects.requireNonNull(domain), null);
    }

    public static ListScope alias(DomainName domain, LocalPart alias) {
        return new ListScope(Kind.ALIAS, null, Objects.requireNonNull(domain), Objects.requireNonNull(alias));
    }

    /**
     * Reads a {@link #key()} back.
     *
     * @throws IllegalArgumentException when the text is not one
     */
    public static ListScope parse(String key) {
        if (key.equals("operator")) {
            return OPERATOR;
        }
        if (key.startsWith("account:")) {
            return account(key.substring("account:".length()));
        }
        if (key.startsWith("domain:")) {
            return domain(DomainName.of(key.substring("domain:".length())));
        }
        if (key.startsWith("alias:")) {
            String address = key.substring("alias:".length());
            int at = address.lastIndexOf('@');
            if (at > 0) {
                return alias(DomainName.of(address.substring(at + 1)), LocalPart.of(address.substring(0, at)));
            }
        }
        throw new IllegalArgumentException("'" + key + "' is not a list scope");
    }

    public Kind kind() {
        return kind;
    }

    /** The account, for an account scope. */
    public Optional<String> account() {
        return Optional.ofNullable(account);
    }

    /** The domain, for a domain or alias scope. */
    public Optional<DomainName> domain() {
        return Optional.ofNullable(domain);
    }

    /** The alias, for an alias scope. */
    public Optional<LocalPart> alias() {
        return Optional.ofNullable(alias);
    }

    public String key() {
        switch (kind) {
            case OPERATOR:
                return "operator";
            case ACCOUNT:
                return "account:" + account;
            case DOMAIN:
                return "domain:" + domain.asString();
            default:
                return "alias:" + alias.asString() + "@" + domain.asString();
        }
    }

    /** For people: {@code the operator}, {@code account acme}, {@code domain example.com}, {@code alias info@example.com}. */
    public String describe() {
        switch (kind) {
            case OPERATOR:
                return "the operator";
            case ACCOUNT:
                return "account " + account;
            case DOMAIN:
                return "domain " + domain.asString();
            default:
                return "alias " + alias.asString() + "@" + domain.asString();
        }
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ListScope)) {
            return false;
        }
        ListScope other = (ListScope) o;
        return kind == other.kind && Objects.equals(account, other.account) && Objects.equals(domain, other.domain)
            && Objects.equals(alias, other.alias);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, account, domain, alias);
    }

    @Override
    public String toString() {
        return key();
    }
}
