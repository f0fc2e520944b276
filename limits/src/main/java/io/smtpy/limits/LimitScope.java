package io.smtpy.limits;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Whose traffic a limit set counts: a whole domain, one alias of it, or one SMTP credential of it. */
public enum LimitScope {
    DOMAIN,
    ALIAS,
    CREDENTIAL;

    /** The lower-case name of the API and storage ({@code domain}, {@code alias}, {@code credential}). */
    public String asString() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException listing the known names */
    public static LimitScope parse(String value) {
        return Arrays.stream(values()).filter(scope -> scope.asString().equals(value)).findFirst()
            .orElseThrow(() -> new IllegalArgumentException("'" + value + "' is not a limit scope (known: "
                + Arrays.stream(values()).map(LimitScope::asString).collect(Collectors.joining(", ")) + ")"));
    }
}
