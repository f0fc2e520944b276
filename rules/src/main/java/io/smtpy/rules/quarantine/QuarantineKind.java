package io.smtpy.rules.quarantine;

import java.util.Locale;

import io.smtpy.core.model.InvalidFieldException;

/**
 * Why a mail is in the quarantine: held on purpose to be looked at ({@code quarantined}), or discarded by a drop
 * action and kept only for the (shorter) restore window ({@code dropped}). The API and storage spell them in lower case.
 */
public enum QuarantineKind {
    QUARANTINED,
    DROPPED;

    public String asString() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @throws InvalidFieldException ({@code kind}) for anything else
     */
    public static QuarantineKind parse(String value) {
        for (QuarantineKind kind : values()) {
            if (kind.asString().equalsIgnoreCase(value == null ? "" : value.trim())) {
                return kind;
            }
        }
        throw new InvalidFieldException("kind", "'" + value + "' is not a quarantine kind (quarantined or dropped)");
    }
}
