package io.smtpy.webhooks;

import java.util.Objects;
import java.util.Optional;

import io.smtpy.core.model.DomainName;

/**
 * Whose a webhook endpoint is: one domain's (it receives that domain's events), or one account's (it receives the
 * events of every domain the account owns, domains added later included).
 *
 * <p>{@link #key()} is how storage spells it: the domain name for a domain, {@code account:<id>} for an account. A
 * domain name never holds a colon, so the two never meet, and endpoints stored before accounts had webhooks read back
 * as the domain scopes they were.
 */
public final class WebhookScope {
    private static final String ACCOUNT_PREFIX = "account:";

    private final Optional<DomainName> domain;
    private final Optional<String> account;

    private WebhookScope(Optional<DomainName> domain, Optional<String> account) {
        this.domain = domain;
        this.account = account;
    }

    public static WebhookScope domain(DomainName domain) {
        return new WebhookScope(Optional.of(Objects.requireNonNull(domain)), Optional.empty());
    }

    /** @param account the account's id ({@code acc_...}) */
    public static WebhookScope account(String account) {
        if (account == null || account.isBlank() || account.contains(":")) {
            throw new IllegalArgumentException("'" + account + "' is not an account id");
        }
        return new WebhookScope(Optional.empty(), Optional.of(account));
    }

    /** Reads {@link #key()}. */
    public static WebhookScope parse(String key) {
        return key.startsWith(ACCOUNT_PREFIX) ? account(key.substring(ACCOUNT_PREFIX.length())) : domain(DomainName.of(key));
    }

    /** The domain of a domain's endpoint. */
    public Optional<DomainName> domain() {
        return domain;
    }

    /** The account id of an account's endpoint. */
    public Optional<String> account() {
        return account;
    }

    public String key() {
        return domain.map(DomainName::asString).orElseGet(() -> ACCOUNT_PREFIX + account.orElseThrow());
    }

    /** {@code hooks.test} or {@code account acc_123}, for messages. */
    public String describe() {
        return domain.map(DomainName::asString).orElseGet(() -> "account " + account.orElseThrow());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WebhookScope && key().equals(((WebhookScope) o).key());
    }

    @Override
    public int hashCode() {
        return key().hashCode();
    }

    @Override
    public String toString() {
        return describe();
    }
}
