package io.smtpy.cli;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the arguments after {@code <group> <verb>}: options ({@code --name N}, {@code --name=N}, flags) anywhere
 * on the line, positionals in the declared order, {@code --} ending the options. Everything wrong is a
 * {@link CliException} with {@link ExitCode#USAGE} that says what is wrong.
 */
public final class ArgumentParser {
    private static final String VARIADIC = "...";

    private final String commandName;
    private final List<String> positionalNames;
    private final Map<String, OptionSpec> options = new LinkedHashMap<>();

    /**
     * @param positionalNames the usage names of the positionals, in order; the last may end with {@code ...}
     *                        to take one or more values ({@code DEST...})
     */
    public ArgumentParser(String commandName, List<String> positionalNames, List<OptionSpec> options) {
        this.commandName = commandName;
        this.positionalNames = List.copyOf(positionalNames);
        for (int i = 0; i < this.positionalNames.size() - 1; i++) {
            if (this.positionalNames.get(i).endsWith(VARIADIC)) {
                throw new IllegalArgumentException("only the last positional may be variadic: " + positionalNames);
            }
        }
        options.forEach(option -> this.options.put(option.name(), option));
    }

    public ParsedArguments parse(List<String> arguments) throws CliException {
        List<String> positionalValues = new ArrayList<>();
        Map<String, List<String>> optionValues = new LinkedHashMap<>();
        Set<String> flags = new HashSet<>();
        boolean optionsEnded = false;
        for (int i = 0; i < arguments.size(); i++) {
            String argument = arguments.get(i);
            if (!optionsEnded && argument.equals("-h")) {
                argument = "--help";
            }
            if (optionsEnded || !argument.startsWith("--")) {
                positionalValues.add(argument);
                continue;
            }
            if (argument.equals("--")) {
                optionsEnded = true;
                continue;
            }
            int equals = argument.indexOf('=');
            String name = equals < 0 ? argument : argument.substring(0, equals);
            Optional<String> inlineValue = equals < 0 ? Optional.empty() : Optional.of(argument.substring(equals + 1));
            OptionSpec option = options.get(name);
            if (option == null) {
                throw CliException.usage("unknown option " + name + " for '" + commandName + "'");
            }
            if (!option.takesValue()) {
                if (inlineValue.isPresent()) {
                    throw CliException.usage(name + " takes no value");
                }
                flags.add(name);
                continue;
            }
            String value;
            if (inlineValue.isPresent()) {
                value = inlineValue.get();
            } else if (i + 1 < arguments.size()) {
                value = arguments.get(++i);
            } else {
                throw CliException.usage(name + " needs a value");
            }
            List<String> values = optionValues.computeIfAbsent(name, key -> new ArrayList<>());
            if (!values.isEmpty() && !option.repeatable()) {
                throw CliException.usage(name + " may be given only once");
            }
            values.add(value);
        }
        if (flags.contains("--help")) {
            return new ParsedArguments(Map.of(), optionValues, flags);
        }
        Map<String, List<String>> positionals = assignPositionals(positionalValues);
        checkRequiredOptions(optionValues);
        return new ParsedArguments(positionals, optionValues, flags);
    }

    private void checkRequiredOptions(Map<String, List<String>> optionValues) throws CliException {
        for (OptionSpec option : options.values()) {
            if (option.isRequired() && !optionValues.containsKey(option.name())) {
                throw CliException.usage("'" + commandName + "' needs " + option.name());
            }
        }
    }

    private Map<String, List<String>> assignPositionals(List<String> values) throws CliException {
        Map<String, List<String>> assigned = new LinkedHashMap<>();
        int index = 0;
        for (String name : positionalNames) {
            if (index >= values.size()) {
                throw CliException.usage("'" + commandName + "' needs " + name.replace(VARIADIC, ""));
            }
            if (name.endsWith(VARIADIC)) {
                assigned.put(name, List.copyOf(values.subList(index, values.size())));
                index = values.size();
            } else {
                assigned.put(name, List.of(values.get(index++)));
            }
        }
        if (index < values.size()) {
            throw CliException.usage("unexpected argument '" + values.get(index) + "' for '" + commandName + "'");
        }
        return assigned;
    }
}
