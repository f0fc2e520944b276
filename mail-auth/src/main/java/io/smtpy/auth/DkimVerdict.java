package io.smtpy.auth;

import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of checking one {@code DKIM-Signature} header of a message: the signing domain ({@code d=}) and
 * selector ({@code s=}) as written in the signature (lower-cased domain), the algorithm ({@code a=}), and why it did
 * not pass. A message without signatures yields no verdicts; DMARC uses the {@link AuthStatus#PASS} ones.
 */
public final class DkimVerdict {
    private final AuthStatus status;
    private final String domain;
    private final String selector;
    private final String algorithm;
    private final Optional<String> reason;

    public DkimVerdict(AuthStatus status, String domain, String selector, String algorithm, Optional<String> reason) {
        this.status = Objects.requireNonNull(status, "status");
        this.domain = Objects.requireNonNull(domain, "domain");
        this.selector = Objects.requireNonNull(selector, "selector");
        this.algorithm = Objects.requireNonNull(algorithm, "algorithm");
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public AuthStatus status() {
        return status;
    }

    /** The {@code d=} tag, lower case; empty when the signature was too broken to have one. */
    public String domain() {
        return domain;
    }

    /** The {@code s=} tag; empty when the signature was too broken to have one. */
    public String selector() {
        return selector;
    }

    /** The {@code a=} tag, e.g. {@code rsa-sha256} or {@code ed25519-sha256}; empty when missing. */
    public String algorithm() {
        return algorithm;
    }

    /** Why the signature did not pass (for the {@code reason} of Authentication-Results); empty on pass. */
    public Optional<String> reason() {
        return reason;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof DkimVerdict)) {
            return false;
        }
        DkimVerdict other = (DkimVerdict) o;
        return status == other.status && domain.equals(other.domain) && selector.equals(other.selector)
            && algorithm.equals(other.algorithm) && reason.equals(other.reason);
    }

    @Override
    public int hashCode() {
        return Objects.hash(status, domain, selector, algorithm, reason);
    }

    @Override
    public String toString() {
        return "dkim=" + status.token() + " d=" + domain + " s=" + selector + " a=" + algorithm
            + reason.map(r -> " (" + r + ")").orElse("");
    }
}
