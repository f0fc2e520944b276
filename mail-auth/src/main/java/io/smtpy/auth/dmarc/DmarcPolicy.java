package io.smtpy.auth.dmarc;

import java.util.Locale;
import java.util.Optional;

/** What a domain owner asks receivers to do with mail that fails DMARC (RFC 7489 §6.3 {@code p=}, {@code sp=}). */
public enum DmarcPolicy {
    NONE,
    QUARANTINE,
    REJECT;

    /** The lower-case token of the record and of Authentication-Results comments, e.g. {@code reject}. */
    public String token() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The policy named by a record value (case-insensitive), or empty when it names none. */
    public static Optional<DmarcPolicy> fromToken(String value) {
        for (DmarcPolicy policy : values()) {
            if (policy.token().equalsIgnoreCase(value.trim())) {
                return Optional.of(policy);
            }
        }
        return Optional.empty();
    }

    /**
     * The policy applied to a failing message the {@code pct=} sampling left out (RFC 7489 §6.6.4): "reject" is
     * treated as "quarantine", "quarantine" as no policy.
     */
    public DmarcPolicy lessStrict() {
        return this == REJECT ? QUARANTINE : NONE;
    }
}
