package io.smtpy.cli;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

/** Checks of option values that are cheaper to refuse here (exit 2) than after a round trip. */
final class OptionValues {
    private OptionValues() {
    }

    static Optional<String> choice(ParsedArguments arguments, String option, List<String> allowed) throws CliException {
        Optional<String> value = arguments.value(option);
        if (value.isPresent() && !allowed.contains(value.get())) {
            throw CliException.usage(option + " must be one of " + String.join(", ", allowed) + ", got '"
                + value.get() + "'");
        }
        return value;
    }

    static Optional<String> positiveInteger(ParsedArguments arguments, String option) throws CliException {
        Optional<String> value = arguments.value(option);
        if (value.isPresent()) {
            try {
                if (Integer.parseInt(value.get()) < 1) {
                    throw CliException.usage(option + " must be 1 or more, got " + value.get());
                }
            } catch (NumberFormatException e) {
                throw CliException.usage(option + " must be a whole number, got '" + value.get() + "'");
            }
        }
        return value;
    }

    /** An ISO-8601 date-time with offset ({@code 2027-01-01T00:00:00Z}), passed on as typed. */
    static Optional<String> dateTime(ParsedArguments arguments, String option) throws CliException {
        Optional<String> value = arguments.value(option);
        if (value.isPresent()) {
            try {
                OffsetDateTime.parse(value.get());
            } catch (DateTimeParseException e) {
                throw CliException.usage(option + " must be an ISO-8601 date-time with offset such as "
                    + "2027-01-01T00:00:00Z, got '" + value.get() + "'");
            }
        }
        return value;
    }
}
