package io.smtpy.rules;

import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * An id smtpy makes as a random UUID (unguessable, so it may stand in links) and reads back from paths: 1 to 64
 * letters, digits or hyphens. Two ids are equal when they are of the same kind and spell the same.
 */
public abstract class OpaqueId {
    private static final Pattern FORM = Pattern.compile("[A-Za-z0-9-]{1,64}");

    private final String value;

    protected OpaqueId(String value) {
        this.value = value;
    }

    /** @throws IllegalArgumentException naming {@code kind} unless the value has the id's form */
    protected static String checked(String value, String kind) {
        if (value == null || !FORM.matcher(value).matches()) {
            throw new IllegalArgumentException("'" + value + "' is not a " + kind);
        }
        return value;
    }

    protected static String randomValue() {
        return UUID.randomUUID().toString();
    }

    public String asString() {
        return value;
    }

    @Override
    public final boolean equals(Object o) {
        return o != null && o.getClass() == getClass() && ((OpaqueId) o).value.equals(value);
    }

    @Override
    public final int hashCode() {
        return Objects.hash(getClass(), value);
    }

    @Override
    public String toString() {
        return value;
    }
}
