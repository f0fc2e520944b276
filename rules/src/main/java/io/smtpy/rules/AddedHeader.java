package io.smtpy.rules;

import java.util.Objects;

/** A header field a rule adds to the delivered copies. */
public final class AddedHeader {
    private final String name;
    private final String value;

    public AddedHeader(String name, String value) {
        this.name = Objects.requireNonNull(name);
        this.value = Objects.requireNonNull(value);
    }

    public String name() {
        return name;
    }

    public String value() {
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AddedHeader && ((AddedHeader) o).name.equals(name) && ((AddedHeader) o).value.equals(value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, value);
    }

    @Override
    public String toString() {
        return name + ": " + value;
    }
}
