package io.smtpy.core.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What a domain does with mail a scanner condemns: {@code tag} only marks it (spam only), {@code quarantine} holds it
 * for the owner, {@code reject} refuses it at the end of DATA (before smtpy says 250), {@code drop} accepts and
 * discards it (kept for the domain's restore window). The API spells them in lower case.
 */
public enum ScanAction {
    TAG,
    QUARANTINE,
    REJECT,
    DROP;

    public String asString() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException naming the known actions */
    public static ScanAction parse(String value) {
        for (ScanAction action : values()) {
            if (action.asString().equalsIgnoreCase(value == null ? "" : value.trim())) {
                return action;
            }
        }
        throw new IllegalArgumentException("'" + value + "' is not an action (known: "
            + Arrays.stream(values()).map(ScanAction::asString).collect(Collectors.joining(", ")) + ")");
    }
}
