package io.smtpy.core.dmarc;

import java.util.Locale;
import java.util.Optional;

/** A DMARC policy as published ({@code p}, {@code sp}, {@code np}). */
public enum Policy {
    NONE, QUARANTINE, REJECT;

    public String asString() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Optional<Policy> parse(String value) {
        for (Policy policy : values()) {
            if (policy.asString().equals(value.trim().toLowerCase(Locale.ROOT))) {
                return Optional.of(policy);
            }
        }
        return Optional.empty();
    }
}
