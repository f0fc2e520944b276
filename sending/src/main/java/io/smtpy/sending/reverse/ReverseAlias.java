package io.smtpy.sending.reverse;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

import org.apache.james.core.MailAddress;

import io.smtpy.access.AccessId;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.LocalPart;

/**
 * A reply address on an alias's domain, {@code ra+<token>@<domain>}, bound to one alias and one original sender: mail
 * forwarded for the alias from that sender carries it in {@code Reply-To}, and a reply sent to it by one of the alias's
 * own mailboxes goes out to the original sender as the alias. One per (domain, alias, original sender), reused.
 * The token ({@link ReverseAliasToken}) is what makes the address unguessable; the id names it in the API.
 */
public final class ReverseAlias {
    public static final String ID_PREFIX = "rva";

    private final AccessId id;
    private final DomainName domain;
    private final LocalPart alias;
    private final MailAddress original;
    private final String originalName;
    private final ReverseAliasToken token;
    private final boolean enabled;
    private final Instant createdAt;
    private final Optional<Instant> lastUsedAt;

    public ReverseAlias(AccessId id, DomainName domain, LocalPart alias, MailAddress original, String originalName,
                        ReverseAliasToken token, boolean enabled, Instant createdAt, Optional<Instant> lastUsedAt) {
        this.id = Objects.requireNonNull(id, "id");
        this.domain = Objects.requireNonNull(domain, "domain");
        this.alias = Objects.requireNonNull(alias, "alias");
        this.original = Objects.requireNonNull(original, "original");
        this.originalName = Objects.requireNonNull(originalName, "originalName");
        this.token = Objects.requireNonNull(token, "token");
        this.enabled = enabled;
        this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
        this.lastUsedAt = Objects.requireNonNull(lastUsedAt, "lastUsedAt");
    }

    /** A new, enabled reverse alias with a fresh id and token. */
    public static ReverseAlias issue(DomainName domain, LocalPart alias, MailAddress original, String originalName, Instant now) {
        return new ReverseAlias(AccessId.generate(ID_PREFIX), domain, alias, original, originalName, ReverseAliasToken.generate(),
            true, now, Optional.empty());
    }

    public AccessId id() {
        return id;
    }

    public DomainName domain() {
        return domain;
    }

    /** The alias whose mailboxes may reply through it (the address mail was sent to, without a tag). */
    public LocalPart alias() {
        return alias;
    }

    public MailAddress aliasAddress() {
        return ReverseAliasToken.address(alias.asString(), domain);
    }

    /** Who a reply goes to: the Reply-To, else the From address of the forwarded mail. */
    public MailAddress original() {
        return original;
    }

    /** The display name the original address came with ("" when none), shown in the forwarded copy's Reply-To. */
    public String originalName() {
        return originalName;
    }

    public ReverseAliasToken token() {
        return token;
    }

    /** {@code ra+<token>@<domain>}. */
    public MailAddress address() {
        return token.addressOn(domain);
    }

    public boolean enabled() {
        return enabled;
    }

    public Instant createdAt() {
        return createdAt;
    }

    /** When a reply last went through it; empty until the first. */
    public Optional<Instant> lastUsedAt() {
        return lastUsedAt;
    }

    public ReverseAlias withEnabled(boolean enabled) {
        return new ReverseAlias(id, domain, alias, original, originalName, token, enabled, createdAt, lastUsedAt);
    }

    public ReverseAlias usedAt(Instant at) {
        return new ReverseAlias(id, domain, alias, original, originalName, token, enabled, createdAt, Optional.of(at));
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ReverseAlias)) {
            return false;
        }
        ReverseAlias other = (ReverseAlias) o;
        return id.equals(other.id) && domain.equals(other.domain) && alias.equals(other.alias)
            && original.equals(other.original) && originalName.equals(other.originalName) && token.equals(other.token)
            && enabled == other.enabled && createdAt.equals(other.createdAt) && lastUsedAt.equals(other.lastUsedAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, domain, alias, original, originalName, token, enabled, createdAt, lastUsedAt);
    }

    @Override
    public String toString() {
        return "ReverseAlias{" + id + " " + alias.asString() + "@" + domain.asString() + " -> " + original.asString()
            + (enabled ? "" : ", disabled") + "}";
    }
}
