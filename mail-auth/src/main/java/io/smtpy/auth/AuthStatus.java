package io.smtpy.auth;

import java.util.Locale;

/**
 * The result of one authentication method, with the tokens of the Authentication-Results registry (RFC 8601 §2.7).
 * Not every method uses every value: SOFTFAIL is SPF's, POLICY is DKIM's, NEUTRAL is SPF's and DKIM's.
 */
public enum AuthStatus {
    PASS,
    FAIL,
    SOFTFAIL,
    NEUTRAL,
    NONE,
    TEMPERROR,
    PERMERROR,
    POLICY;

    /** The lower-case token written in {@code Authentication-Results}, e.g. {@code pass}. */
    public String token() {
        return name().toLowerCase(Locale.ROOT);
    }
}
