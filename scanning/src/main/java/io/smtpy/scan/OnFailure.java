package io.smtpy.scan;

import java.util.Locale;

/**
 * What the mail path does when a scanner cannot answer ({@code spamd.onFailure}, {@code clamd.onFailure}):
 * {@code defer} answers {@code 451 4.7.1} so the sending server retries later (nothing is accepted unscanned), {@code pass}
 * accepts the mail and marks it unscanned ({@code X-Smtpy-Unscanned}) and in its events.
 */
public enum OnFailure {
    DEFER,
    PASS;

    public String asString() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException for anything but {@code defer} or {@code pass} */
    public static OnFailure parse(String value) {
        String trimmed = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        switch (trimmed) {
            case "defer":
                return DEFER;
            case "pass":
                return PASS;
            default:
                throw new IllegalArgumentException("'" + value + "' is not a failure mode (defer or pass)");
        }
    }
}
