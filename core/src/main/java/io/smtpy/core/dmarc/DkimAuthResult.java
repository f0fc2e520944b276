package io.smtpy.core.dmarc;

import java.util.Objects;
import java.util.Optional;

/** One DKIM signature the receiver checked ({@code auth_results/dkim}): the signing domain as written, unvalidated. */
public final class DkimAuthResult {
    private final String domain;
    private final AuthResult result;
    private final Optional<String> selector;

    public DkimAuthResult(String domain, AuthResult result, Optional<String> selector) {
        this.domain = Objects.requireNonNull(domain, "domain");
        this.result = Objects.requireNonNull(result, "result");
        this.selector = Objects.requireNonNull(selector, "selector");
    }

    public String domain() {
        return domain;
    }

    public AuthResult result() {
        return result;
    }

    public Optional<String> selector() {
        return selector;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof DkimAuthResult)) {
            return false;
        }
        DkimAuthResult other = (DkimAuthResult) o;
        return domain.equals(other.domain) && result == other.result && selector.equals(other.selector);
    }

    @Override
    public int hashCode() {
        return Objects.hash(domain, result, selector);
    }

    @Override
    public String toString() {
        return "dkim{" + domain + " " + result.asString() + selector.map(s -> " s=" + s).orElse("") + "}";
    }
}
