package io.smtpy.sending.relay;

import java.util.Locale;

import io.smtpy.core.model.InvalidFieldException;

/**
 * How smtpy speaks TLS to a domain's relay. {@link #STARTTLS} (the default) upgrades the connection after EHLO and
 * never falls back to clear text: a relay that does not offer STARTTLS, or whose handshake fails, fails the attempt.
 */
public enum RelayTls {
    /** Clear text all the way, password included: for a relay on a network the owner trusts. */
    NONE,
    /** EHLO, then STARTTLS, required (submission, port 587). */
    STARTTLS,
    /** TLS from the first byte (port 465). */
    IMPLICIT;

    public String asString() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws InvalidFieldException naming {@code field} when {@code text} is none of {@code none|starttls|implicit} */
    public static RelayTls parse(String text, String field) {
        for (RelayTls mode : values()) {
            if (mode.asString().equalsIgnoreCase(text.trim())) {
                return mode;
            }
        }
        throw new InvalidFieldException(field, "'" + field + "' must be none, starttls or implicit, not '" + text + "'");
    }
}
