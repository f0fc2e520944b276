package io.smtpy.analytics;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

import io.smtpy.core.model.DomainName;

/**
 * What one roll-up counts: one domain, one alias of it or the whole domain ({@link #ALL_ALIASES}), one UTC hour.
 * Days are sums of their hours, made when asked.
 */
public final class RollupKey {
    /** The alias of the whole domain's roll-up. {@code *} is no valid local part, so it never names a real alias. */
    public static final String ALL_ALIASES = "*";

    private final DomainName domain;
    private final String alias;
    private final Instant hour;

    private RollupKey(DomainName domain, String alias, Instant hour) {
        this.domain = Objects.requireNonNull(domain, "domain");
        this.alias = Objects.requireNonNull(alias, "alias");
        this.hour = Objects.requireNonNull(hour, "hour");
        if (!hour.truncatedTo(ChronoUnit.HOURS).equals(hour)) {
            throw new IllegalArgumentException("a roll-up starts on the hour, got " + hour);
        }
    }

    /** @param alias a local part, or {@link #ALL_ALIASES}; {@code hour} the start of a UTC hour */
    public static RollupKey of(DomainName domain, String alias, Instant hour) {
        return new RollupKey(domain, alias, hour);
    }

    /** The key of the hour {@code at} falls in. */
    public static RollupKey at(DomainName domain, String alias, Instant at) {
        return new RollupKey(domain, alias, at.truncatedTo(ChronoUnit.HOURS));
    }

    public DomainName domain() {
        return domain;
    }

    public String alias() {
        return alias;
    }

    public Instant hour() {
        return hour;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof RollupKey)) {
            return false;
        }
        RollupKey other = (RollupKey) o;
        return domain.equals(other.domain) && alias.equals(other.alias) && hour.equals(other.hour);
    }

    @Override
    public int hashCode() {
        return Objects.hash(domain, alias, hour);
    }

    @Override
    public String toString() {
        return domain + "/" + alias + "@" + hour;
    }
}
