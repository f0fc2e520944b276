package io.smtpy.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One thing the CLI does, {@code keys create} or {@code whoami}: its name, the positionals and options it takes,
 * one line of help, and the action. Groups declare their commands with {@link #named}.
 */
public final class Command {
    /** What a command does once its arguments parsed. */
    @FunctionalInterface
    public interface Action {
        void run(Invocation invocation) throws CliException;
    }

    private final String group;
    private final Optional<String> verb;
    private final List<String> positionals;
    private final List<OptionSpec> options;
    private final String summary;
    private final Action action;

    private Command(String group, Optional<String> verb, List<String> positionals, List<OptionSpec> options,
                    String summary, Action action) {
        this.group = group;
        this.verb = verb;
        this.positionals = List.copyOf(positionals);
        this.options = List.copyOf(options);
        this.summary = summary;
        this.action = action;
    }

    /** A command of a group with verbs ({@code accounts list}). */
    public static Builder named(String group, String verb) {
        return new Builder(group, Optional.of(verb));
    }

    /** A command that is a group on its own ({@code login}, {@code whoami}). */
    public static Builder named(String group) {
        return new Builder(group, Optional.empty());
    }

    public String group() {
        return group;
    }

    public Optional<String> verb() {
        return verb;
    }

    public String name() {
        return verb.map(v -> group + " " + v).orElse(group);
    }

    /** The parser for this command's arguments, with the options every command accepts. */
    ArgumentParser parser() {
        List<OptionSpec> all = new ArrayList<>(options);
        all.addAll(GlobalOptions.ALL);
        return new ArgumentParser(name(), positionals, all);
    }

    void run(Invocation invocation) throws CliException {
        action.run(invocation);
    }

    /** {@code keys create ACCOUNT --name N [--permission P ...]   create an API key}. */
    String usageLine() {
        StringBuilder line = new StringBuilder(name());
        positionals.forEach(positional -> line.append(' ').append(positional));
        options.forEach(option -> line.append(' ').append(option.synopsis()));
        return line.toString();
    }

    String summary() {
        return summary;
    }

    public static final class Builder {
        private final String group;
        private final Optional<String> verb;
        private List<String> positionals = List.of();
        private List<OptionSpec> options = List.of();
        private String summary = "";

        private Builder(String group, Optional<String> verb) {
            this.group = group;
            this.verb = verb;
        }

        public Builder positionals(String... names) {
            this.positionals = List.of(names);
            return this;
        }

        public Builder options(OptionSpec... options) {
            this.options = List.of(options);
            return this;
        }

        public Builder summary(String summary) {
            this.summary = summary;
            return this;
        }

        public Command runs(Action action) {
            return new Command(group, verb, positionals, options, summary, action);
        }
    }
}
