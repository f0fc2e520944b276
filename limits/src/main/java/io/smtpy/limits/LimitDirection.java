package io.smtpy.limits;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Which traffic a limit set counts: {@link #INBOUND}, mail received for the domain or alias (at RCPT and at the end
 * of DATA on port 25); {@link #OUTBOUND}, mail sent by a credential, or as an alias or address of the domain, through
 * the submission path.
 */
public enum LimitDirection {
    INBOUND,
    OUTBOUND;

    public String asString() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException listing the known names */
    public static LimitDirection parse(String value) {
        return Arrays.stream(values()).filter(direction -> direction.asString().equals(value)).findFirst()
            .orElseThrow(() -> new IllegalArgumentException("'" + value + "' is not a direction (known: "
                + Arrays.stream(values()).map(LimitDirection::asString).collect(Collectors.joining(", ")) + ")"));
    }
}
