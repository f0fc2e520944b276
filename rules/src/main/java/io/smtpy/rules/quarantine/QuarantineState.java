package io.smtpy.rules.quarantine;

import java.util.Locale;

import io.smtpy.core.model.InvalidFieldException;

/**
 * Where a quarantined mail stands: {@code held} (waiting for a decision), {@code released} (forwarded on an owner's
 * word; the record stays until it expires) or {@code deleted}. The API and storage spell them in lower case.
 */
public enum QuarantineState {
    HELD,
    RELEASED,
    DELETED;

    public String asString() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @throws InvalidFieldException ({@code state}) for anything else
     */
    public static QuarantineState parse(String value) {
        for (QuarantineState state : values()) {
            if (state.asString().equalsIgnoreCase(value == null ? "" : value.trim())) {
                return state;
            }
        }
        throw new InvalidFieldException("state", "'" + value + "' is not a quarantine state (held, released or deleted)");
    }
}
