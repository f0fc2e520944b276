package io.smtpy.rules.lists;

import java.util.Locale;

import io.smtpy.core.model.InvalidFieldException;

/**
 * What a block entry does to the mail it matches: refuse it ({@code reject}, the default: the sender hears of it),
 * accept and discard it ({@code drop}, kept for the restore window) or accept and hold it ({@code quarantine}).
 */
public enum ListAction {
    REJECT,
    DROP,
    QUARANTINE;

    public String asString() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @throws InvalidFieldException ({@code action}) for anything but {@code reject}, {@code drop} or {@code quarantine}
     */
    public static ListAction parse(String value) {
        String trimmed = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        for (ListAction action : values()) {
            if (action.asString().equals(trimmed)) {
                return action;
            }
        }
        throw new InvalidFieldException("action", "'" + value + "' is not a block action (reject, drop or quarantine)");
    }
}
