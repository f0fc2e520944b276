package io.smtpy.sending.relay;

import java.util.Locale;

import io.smtpy.core.model.InvalidFieldException;

/** Which of a domain's mail goes through its relay. */
public enum RelayScope {
    /** Mail the owners submitted with an SMTP credential (the default). Forwarded copies leave as before. */
    OUTBOUND,
    /** Submitted mail and the copies smtpy forwards for the domain's aliases. */
    ALL;

    public String asString() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean covers(boolean submitted) {
        return this == ALL || submitted;
    }

    /** @throws InvalidFieldException naming {@code field} when {@code text} is neither {@code outbound} nor {@code all} */
    public static RelayScope parse(String text, String field) {
        for (RelayScope scope : values()) {
            if (scope.asString().equalsIgnoreCase(text.trim())) {
                return scope;
            }
        }
        throw new InvalidFieldException(field, "'" + field + "' must be outbound or all, not '" + text + "'");
    }
}
