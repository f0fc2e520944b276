package io.smtpy.auth.spf;

import java.util.Objects;
import java.util.Optional;

import io.smtpy.auth.AuthStatus;

/**
 * The outcome of one SPF check (RFC 7208): the result, the identity and domain that were checked, the domain
 * owner's explanation (only on {@code fail}, from its {@code exp=} modifier or our default text) and, when the
 * result is not a plain match, why.
 *
 * <p>{@link #domain()} is the checked domain in lower-case A-labels, or empty when the identity was not a domain
 * at all (then the status is {@code none} and the reason quotes it); DMARC aligns it with the From domain.
 */
public final class SpfVerdict {
    private final AuthStatus status;
    private final SpfIdentity identity;
    private final String domain;
    private final Optional<String> explanation;
    private final Optional<String> reason;

    public SpfVerdict(AuthStatus status, SpfIdentity identity, String domain, Optional<String> explanation,
                      Optional<String> reason) {
        this.status = Objects.requireNonNull(status, "status");
        this.identity = Objects.requireNonNull(identity, "identity");
        this.domain = Objects.requireNonNull(domain, "domain");
        this.explanation = Objects.requireNonNull(explanation, "explanation");
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** PASS, FAIL, SOFTFAIL, NEUTRAL, NONE, TEMPERROR or PERMERROR. */
    public AuthStatus status() {
        return status;
    }

    public SpfIdentity identity() {
        return identity;
    }

    /** The domain whose SPF policy was asked (A-labels, lower case); may be empty when none could be derived. */
    public String domain() {
        return domain;
    }

    /** On {@code fail}: the text to give the client, e.g. in the SMTP reply (RFC 7208 §6.2). */
    public Optional<String> explanation() {
        return explanation;
    }

    /** Why the result is an error or {@code none}, e.g. {@code More than 1 SPF record found}. */
    public Optional<String> reason() {
        return reason;
    }

    public boolean passed() {
        return status == AuthStatus.PASS;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof SpfVerdict)) {
            return false;
        }
        SpfVerdict other = (SpfVerdict) o;
        return status == other.status && identity == other.identity && domain.equals(other.domain)
            && explanation.equals(other.explanation) && reason.equals(other.reason);
    }

    @Override
    public int hashCode() {
        return Objects.hash(status, identity, domain, explanation, reason);
    }

    @Override
    public String toString() {
        return "spf=" + status.token() + " " + identity.property() + "=" + domain
            + reason.map(r -> " (" + r + ")").orElse("")
            + explanation.map(e -> " exp=" + e).orElse("");
    }
}
