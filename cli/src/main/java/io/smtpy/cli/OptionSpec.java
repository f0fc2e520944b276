package io.smtpy.cli;

import java.util.Objects;

/**
 * One {@code --option} a command accepts: a flag ({@code --json}), an option with one value ({@code --name N})
 * or an option that may be repeated ({@code --tag T ...}).
 */
public final class OptionSpec {
    enum Arity { FLAG, SINGLE, REPEATED }

    private final String name;
    private final String valueName;
    private final Arity arity;
    private final boolean required;

    private OptionSpec(String name, String valueName, Arity arity, boolean required) {
        if (!name.startsWith("--")) {
            throw new IllegalArgumentException("option names start with --: " + name);
        }
        this.name = name;
        this.valueName = valueName;
        this.arity = arity;
        this.required = required;
    }

    public static OptionSpec flag(String name) {
        return new OptionSpec(name, null, Arity.FLAG, false);
    }

    public static OptionSpec value(String name, String valueName) {
        return new OptionSpec(name, valueName, Arity.SINGLE, false);
    }

    public static OptionSpec repeated(String name, String valueName) {
        return new OptionSpec(name, valueName, Arity.REPEATED, false);
    }

    /** The same option, which the command cannot run without. */
    public OptionSpec required() {
        if (arity == Arity.FLAG) {
            throw new IllegalArgumentException("a flag cannot be required: " + name);
        }
        return new OptionSpec(name, valueName, arity, true);
    }

    public String name() {
        return name;
    }

    boolean takesValue() {
        return arity != Arity.FLAG;
    }

    boolean repeatable() {
        return arity == Arity.REPEATED;
    }

    boolean isRequired() {
        return required;
    }

    /** How the option reads in a usage line: {@code --name N}, {@code [--tag T ...]}, {@code [--dry-run]}. */
    String synopsis() {
        String text = name;
        if (takesValue()) {
            text += " " + valueName;
        }
        if (repeatable()) {
            text += " ...";
        }
        return required ? text : "[" + text + "]";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof OptionSpec && ((OptionSpec) other).name.equals(name);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name);
    }
}
