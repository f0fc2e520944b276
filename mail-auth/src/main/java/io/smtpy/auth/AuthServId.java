package io.smtpy.auth;

import java.util.Locale;
import java.util.Objects;

/**
 * The authentication service identifier (RFC 8601 §2.5) smtpy writes in Authentication-Results and
 * ARC-Authentication-Results: the name of this installation's mail host ({@code auth.servId} in smtpy.properties).
 */
public final class AuthServId {
    private final String value;

    public AuthServId(String value) {
        Objects.requireNonNull(value, "value");
        if (!value.matches("[A-Za-z0-9](?:[A-Za-z0-9.-]{0,252})")) {
            throw new IllegalArgumentException("the authserv-id must be a host name, not '" + value + "'");
        }
        this.value = value.toLowerCase(Locale.ROOT);
    }

    public String asString() {
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AuthServId && value.equals(((AuthServId) o).value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return value;
    }
}
