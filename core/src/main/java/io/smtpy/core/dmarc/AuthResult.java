package io.smtpy.core.dmarc;

import java.util.Locale;

/**
 * A raw DKIM or SPF result from {@code auth_results}, unaligned. Reporters write values outside the schema
 * (Microsoft's {@code spf result=unknown}, an empty element); those become {@link #UNKNOWN} instead of refusing
 * the whole report, because these results are informative and the DMARC outcome is in {@code policy_evaluated}.
 */
public enum AuthResult {
    NONE, PASS, FAIL, SOFTFAIL, NEUTRAL, POLICY, TEMPERROR, PERMERROR, UNKNOWN;

    public String asString() {
        return name().toLowerCase(Locale.ROOT);
    }

    static AuthResult parse(String value) {
        String wanted = value.trim().toLowerCase(Locale.ROOT);
        for (AuthResult result : values()) {
            if (result.asString().equals(wanted)) {
                return result;
            }
        }
        return UNKNOWN;
    }
}
