package io.smtpy.core.dmarc;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

import io.smtpy.core.model.DomainName;

/**
 * The DMARC record the reporter found for the domain ({@code policy_published}). {@code pct} exists only in
 * RFC 7489 reports; {@code np}, {@code testing} and {@code discovery_method} only in the DMARCbis format.
 */
public final class PolicyPublished {
    private final DomainName domain;
    private final Alignment adkim;
    private final Alignment aspf;
    private final Policy p;
    private final Optional<Policy> sp;
    private final OptionalInt pct;
    private final Optional<Policy> np;
    private final boolean testing;
    private final Optional<String> discoveryMethod;

    private PolicyPublished(Builder builder) {
        this.domain = Objects.requireNonNull(builder.domain, "domain");
        this.adkim = builder.adkim;
        this.aspf = builder.aspf;
        this.p = Objects.requireNonNull(builder.p, "p");
        this.sp = builder.sp;
        this.pct = builder.pct;
        this.np = builder.np;
        this.testing = builder.testing;
        this.discoveryMethod = builder.discoveryMethod;
    }

    public static Builder builder(DomainName domain, Policy p) {
        return new Builder(domain, p);
    }

    public DomainName domain() {
        return domain;
    }

    public Alignment adkim() {
        return adkim;
    }

    public Alignment aspf() {
        return aspf;
    }

    public Policy p() {
        return p;
    }

    public Optional<Policy> sp() {
        return sp;
    }

    /** 0 to 100; absent when the report does not carry it (DMARCbis reports never do). */
    public OptionalInt pct() {
        return pct;
    }

    public Optional<Policy> np() {
        return np;
    }

    /** {@code t=y} in DMARCbis; false when absent. */
    public boolean testing() {
        return testing;
    }

    /** {@code psl} or {@code treewalk} in DMARCbis reports, as written (at most 32 characters). */
    public Optional<String> discoveryMethod() {
        return discoveryMethod;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof PolicyPublished)) {
            return false;
        }
        PolicyPublished other = (PolicyPublished) o;
        return domain.equals(other.domain) && adkim == other.adkim && aspf == other.aspf && p == other.p
            && sp.equals(other.sp) && pct.equals(other.pct) && np.equals(other.np) && testing == other.testing
            && discoveryMethod.equals(other.discoveryMethod);
    }

    @Override
    public int hashCode() {
        return Objects.hash(domain, adkim, aspf, p, sp, pct, np, testing, discoveryMethod);
    }

    @Override
    public String toString() {
        return "PolicyPublished{" + domain + " p=" + p.asString() + " sp=" + sp + " pct=" + pct + " np=" + np + "}";
    }

    public static final class Builder {
        private final DomainName domain;
        private final Policy p;
        private Alignment adkim = Alignment.RELAXED;
        private Alignment aspf = Alignment.RELAXED;
        private Optional<Policy> sp = Optional.empty();
        private OptionalInt pct = OptionalInt.empty();
        private Optional<Policy> np = Optional.empty();
        private boolean testing;
        private Optional<String> discoveryMethod = Optional.empty();

        private Builder(DomainName domain, Policy p) {
            this.domain = domain;
            this.p = p;
        }

        public Builder adkim(Alignment adkim) {
            this.adkim = Objects.requireNonNull(adkim);
            return this;
        }

        public Builder aspf(Alignment aspf) {
            this.aspf = Objects.requireNonNull(aspf);
            return this;
        }

        public Builder sp(Policy sp) {
            this.sp = Optional.of(sp);
            return this;
        }

        /**
         * @throws IllegalArgumentException outside 0 to 100
         */
        public Builder pct(int pct) {
            if (pct < 0 || pct > 100) {
                throw new IllegalArgumentException("pct must be between 0 and 100, got " + pct);
            }
            this.pct = OptionalInt.of(pct);
            return this;
        }

        public Builder np(Policy np) {
            this.np = Optional.of(np);
            return this;
        }

        public Builder testing(boolean testing) {
            this.testing = testing;
            return this;
        }

        /**
         * @throws IllegalArgumentException when longer than 32 characters
         */
        public Builder discoveryMethod(String discoveryMethod) {
            if (discoveryMethod.length() > 32) {
                throw new IllegalArgumentException("discovery_method is longer than 32 characters");
            }
            this.discoveryMethod = Optional.of(discoveryMethod);
            return this;
        }

        public PolicyPublished build() {
            return new PolicyPublished(this);
        }
    }
}
