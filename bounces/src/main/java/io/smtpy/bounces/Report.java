package io.smtpy.bounces;

import java.util.Objects;
import java.util.Optional;

/**
 * What every report read here has: the {@link OriginalMessage} it is about and, when the message could not be read
 * as such a report, why.
 */
public abstract class Report {
    private final OriginalMessage original;
    private final Optional<String> invalidReason;

    Report(OriginalMessage original, Optional<String> invalidReason) {
        this.original = Objects.requireNonNull(original);
        this.invalidReason = Objects.requireNonNull(invalidReason);
    }

    public OriginalMessage original() {
        return original;
    }

    /** Why the message is not such a report; empty when it is one. */
    public Optional<String> invalidReason() {
        return invalidReason;
    }

    public boolean isValid() {
        return invalidReason.isEmpty();
    }

    /** For {@code toString}: the original and, if any, why the report is invalid. */
    String describeRest() {
        return original + invalidReason.map(reason -> " invalid: " + reason).orElse("");
    }
}
