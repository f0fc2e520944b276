package io.smtpy.core.dmarc;

import java.util.Locale;
import java.util.Optional;

/** The DMARC-aligned outcome of DKIM or SPF for a record ({@code policy_evaluated/dkim}, {@code .../spf}). */
public enum DmarcResult {
    PASS, FAIL;

    public String asString() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Optional<DmarcResult> parse(String value) {
        String wanted = value.trim().toLowerCase(Locale.ROOT);
        if (wanted.equals("pass")) {
            return Optional.of(PASS);
        }
        if (wanted.equals("fail")) {
            return Optional.of(FAIL);
        }
        return Optional.empty();
    }
}
