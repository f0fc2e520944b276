package io.smtpy.sending;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

import io.smtpy.access.AccessId;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.LocalPart;

/**
 * A user name and secret that the submission server accepts for SMTP AUTH, belonging to one domain (or one alias of
 * it), and the addresses it may send as. Only the SHA-256 of its generated secret is kept. A credential on
 * {@code hold} has its mail held for the owner's review instead of sent. It is a principal of the submission server
 * only, never of the REST API. Immutable.
 */
public final class SmtpCredential {
    public static final String ID_PREFIX = "smc";
    public static final int MAX_DESCRIPTION_LENGTH = 200;

    private final AccessId id;
    private final DomainName domain;
    private final Optional<LocalPart> alias;
    private final String username;
    private final String secretHash;
    private final SendAs sendAs;
    private final boolean hold;
    private final String description;
    private final Instant createdAt;

    public SmtpCredential(AccessId id, DomainName domain, Optional<LocalPart> alias, String username, String secretHash,
                          SendAs sendAs, boolean hold, String description, Instant createdAt) {
        this.id = Objects.requireNonNull(id, "id");
        this.domain = Objects.requireNonNull(domain, "domain");
        this.alias = Objects.requireNonNull(alias, "alias");
        this.username = normalizeUsername(Objects.requireNonNull(username, "username"));
        this.secretHash = Objects.requireNonNull(secretHash, "secretHash");
        this.sendAs = Objects.requireNonNull(sendAs, "sendAs");
        if (!sendAs.domain().equals(domain)) {
            throw new IllegalArgumentException("send-as addresses of " + sendAs.domain() + " for a credential of " + domain);
        }
        this.hold = hold;
        this.description = Objects.requireNonNull(description, "description");
        this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
    }

    /** User names compare without regard to case: the one a client types is looked up as it is lowered. */
    public static String normalizeUsername(String username) {
        return username.trim().toLowerCase(Locale.ROOT);
    }

    public AccessId id() {
        return id;
    }

    public DomainName domain() {
        return domain;
    }

    /** The alias it was made for, when it was made for one rather than for the whole domain. */
    public Optional<LocalPart> alias() {
        return alias;
    }

    public String username() {
        return username;
    }

    public String secretHash() {
        return secretHash;
    }

    public SendAs sendAs() {
        return sendAs;
    }

    public boolean hold() {
        return hold;
    }

    public String description() {
        return description;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public SmtpCredential withSendAs(SendAs sendAs) {
        return new SmtpCredential(id, domain, alias, username, secretHash, sendAs, hold, description, createdAt);
    }

    public SmtpCredential withHold(boolean hold) {
        return new SmtpCredential(id, domain, alias, username, secretHash, sendAs, hold, description, createdAt);
    }

    public SmtpCredential withDescription(String description) {
        return new SmtpCredential(id, domain, alias, username, secretHash, sendAs, hold, description, createdAt);
    }

    public SmtpCredential withSecretHash(String secretHash) {
        return new SmtpCredential(id, domain, alias, username, secretHash, sendAs, hold, description, createdAt);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof SmtpCredential)) {
            return false;
        }
        SmtpCredential other = (SmtpCredential) o;
        return hold == other.hold && id.equals(other.id) && domain.equals(other.domain) && alias.equals(other.alias)
            && username.equals(other.username) && secretHash.equals(other.secretHash) && sendAs.equals(other.sendAs)
            && description.equals(other.description) && createdAt.equals(other.createdAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, domain, alias, username, secretHash, sendAs, hold, description, createdAt);
    }

    /** Never the secret's hash. */
    @Override
    public String toString() {
        return "SmtpCredential{" + id + ", " + username + ", sendAs=" + sendAs + (hold ? ", hold" : "") + "}";
    }
}
