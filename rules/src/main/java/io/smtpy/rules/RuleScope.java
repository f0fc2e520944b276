package io.smtpy.rules;

import java.util.Objects;
import java.util.Optional;

import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.LocalPart;

/**
 * Whose rule list it is: a domain's (run first for every alias of the domain) or one alias's (run after the
 * domain's).
 */
public final class RuleScope {
    private final DomainName domain;
    private final Optional<LocalPart> alias;

    private RuleScope(DomainName domain, Optional<LocalPart> alias) {
        this.domain = Objects.requireNonNull(domain);
        this.alias = Objects.requireNonNull(alias);
    }

    public static RuleScope domain(DomainName domain) {
        return new RuleScope(domain, Optional.empty());
    }

    public static RuleScope alias(DomainName domain, LocalPart alias) {
        return new RuleScope(domain, Optional.of(alias));
    }

    /** The domain's scope for an absent alias, else the alias's. */
    public static RuleScope of(DomainName domain, Optional<LocalPart> alias) {
        return new RuleScope(domain, alias);
    }

    /**
     * Reads {@link #asString()} back.
     *
     * @throws IllegalArgumentException when the text is not a domain, nor an alias's address
     */
    public static RuleScope parse(String text) {
        int at = text.lastIndexOf('@');
        if (at < 0) {
            return domain(DomainName.of(text));
        }
        return alias(DomainName.of(text.substring(at + 1)), LocalPart.of(text.substring(0, at)));
    }

    public DomainName domain() {
        return domain;
    }

    public Optional<LocalPart> alias() {
        return alias;
    }

    /** {@code example.com} or {@code sales@example.com}. */
    public String asString() {
        return alias.map(local -> local.asString() + "@" + domain.asString()).orElse(domain.asString());
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof RuleScope)) {
            return false;
        }
        RuleScope other = (RuleScope) o;
        return domain.equals(other.domain) && alias.equals(other.alias);
    }

    @Override
    public int hashCode() {
        return Objects.hash(domain, alias);
    }

    @Override
    public String toString() {
        return asString();
    }
}
