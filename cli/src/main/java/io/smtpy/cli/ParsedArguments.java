package io.smtpy.cli;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** A command line after parsing: positional values by their usage name, option values by option name. */
public final class ParsedArguments {
    private final Map<String, List<String>> positionals;
    private final Map<String, List<String>> options;
    private final Set<String> flags;

    ParsedArguments(Map<String, List<String>> positionals, Map<String, List<String>> options, Set<String> flags) {
        this.positionals = Map.copyOf(positionals);
        this.options = Map.copyOf(options);
        this.flags = Set.copyOf(flags);
    }

    /** The positional value declared as {@code name} (for example {@code ACCOUNT}); the parser made sure it is there. */
    public String positional(String name) {
        List<String> values = positionals.get(name);
        if (values == null || values.isEmpty()) {
            throw new IllegalArgumentException("no positional argument declared as " + name);
        }
        return values.get(0);
    }

    /** Every value of a variadic positional ({@code DEST...}). */
    public List<String> positionals(String name) {
        return positionals.getOrDefault(name, List.of());
    }

    public Optional<String> value(String option) {
        return values(option).stream().findFirst();
    }

    public List<String> values(String option) {
        return options.getOrDefault(option, List.of());
    }

    public boolean flag(String option) {
        return flags.contains(option);
    }
}
