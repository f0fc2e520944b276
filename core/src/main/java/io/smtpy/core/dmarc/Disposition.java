package io.smtpy.core.dmarc;

import java.util.Locale;
import java.util.Optional;

/** What the receiver did with the messages of a record ({@code policy_evaluated/disposition}). */
public enum Disposition {
    NONE, QUARANTINE, REJECT;

    /** The value as the report spells it, {@code none}, {@code quarantine} or {@code reject}. */
    public String asString() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Optional<Disposition> parse(String value) {
        for (Disposition disposition : values()) {
            if (disposition.asString().equals(value.trim().toLowerCase(Locale.ROOT))) {
                return Optional.of(disposition);
            }
        }
        return Optional.empty();
    }
}
