package io.smtpy.core.dmarc;

import java.util.Objects;

/** One SPF check the receiver made ({@code auth_results/spf}): the checked domain as written, unvalidated. */
public final class SpfAuthResult {
    private final String domain;
    private final AuthResult result;

    public SpfAuthResult(String domain, AuthResult result) {
        this.domain = Objects.requireNonNull(domain, "domain");
        this.result = Objects.requireNonNull(result, "result");
    }

    public String domain() {
        return domain;
    }

    public AuthResult result() {
        return result;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof SpfAuthResult)) {
            return false;
        }
        SpfAuthResult other = (SpfAuthResult) o;
        return domain.equals(other.domain) && result == other.result;
    }

    @Override
    public int hashCode() {
        return Objects.hash(domain, result);
    }

    @Override
    public String toString() {
        return "spf{" + domain + " " + result.asString() + "}";
    }
}
