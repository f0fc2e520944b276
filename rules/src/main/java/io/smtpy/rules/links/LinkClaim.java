package io.smtpy.rules.links;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

import org.apache.james.core.MailAddress;

import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.LocalPart;

/** What a verified link token asks for: the action on {@code alias@domain}, and for a block, the sender. */
public final class LinkClaim {
    private final LinkAction action;
    private final DomainName domain;
    private final LocalPart alias;
    private final Optional<MailAddress> sender;
    private final Instant expiresAt;

    public LinkClaim(LinkAction action, DomainName domain, LocalPart alias, Optional<MailAddress> sender,
                     Instant expiresAt) {
        this.action = Objects.requireNonNull(action, "action");
        this.domain = Objects.requireNonNull(domain, "domain");
        this.alias = Objects.requireNonNull(alias, "alias");
        this.sender = Objects.requireNonNull(sender, "sender");
        this.expiresAt = Objects.requireNonNull(expiresAt, "expiresAt");
    }

    public LinkAction action() {
        return action;
    }

    public DomainName domain() {
        return domain;
    }

    public LocalPart alias() {
        return alias;
    }

    /** The sender the mail came from; empty for the null sender ({@code <>}, bounces and notifications). */
    public Optional<MailAddress> sender() {
        return sender;
    }

    /** Whole seconds: the token carries unix seconds. */
    public Instant expiresAt() {
        return expiresAt;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof LinkClaim)) {
            return false;
        }
        LinkClaim other = (LinkClaim) o;
        return action == other.action && domain.equals(other.domain) && alias.equals(other.alias)
            && sender.equals(other.sender) && expiresAt.equals(other.expiresAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(action, domain, alias, sender, expiresAt);
    }

    @Override
    public String toString() {
        return action + " " + alias + "@" + domain + sender.map(s -> " from " + s.asString()).orElse("")
            + " until " + expiresAt;
    }
}
