package io.smtpy.limits;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What mail over a limit gets: {@link #DEFER} (the default) a temporary failure, {@code 451 4.7.1} for messages and
 * bytes, {@code 452 4.5.3} for recipients, whose text says which limit and when to try again; {@link #REJECT} a
 * permanent {@code 550 5.7.1}.
 */
public enum LimitAction {
    DEFER,
    REJECT;

    public String asString() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException listing the known names */
    public static LimitAction parse(String value) {
        return Arrays.stream(values()).filter(action -> action.asString().equals(value)).findFirst()
            .orElseThrow(() -> new IllegalArgumentException("'" + value + "' is not an action (known: "
                + Arrays.stream(values()).map(LimitAction::asString).collect(Collectors.joining(", ")) + ")"));
    }
}
