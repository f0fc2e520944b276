package io.smtpy.core.dmarc;

import java.util.Locale;
import java.util.Optional;

/** Identifier alignment mode as published ({@code adkim}, {@code aspf}); relaxed when the report leaves it out. */
public enum Alignment {
    RELAXED("r"), STRICT("s");

    private final String tag;

    Alignment(String tag) {
        this.tag = tag;
    }

    /** {@code r} or {@code s}. */
    public String asString() {
        return tag;
    }

    static Optional<Alignment> parse(String value) {
        String wanted = value.trim().toLowerCase(Locale.ROOT);
        for (Alignment alignment : values()) {
            if (alignment.tag.equals(wanted) || alignment.name().toLowerCase(Locale.ROOT).equals(wanted)) {
                return Optional.of(alignment);
            }
        }
        return Optional.empty();
    }
}
