package io.smtpy.rules.quarantine;

import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/** The id of a quarantined mail: a random UUID, unguessable, so that it may appear in links to the item. */
public final class QuarantineId {
    private static final Pattern FORM = Pattern.compile("[A-Za-z0-9-]{1,64}");

    private final String value;

    private QuarantineId(String value) {
        this.value = value;
    }

    /**
     * @throws IllegalArgumentException unless 1 to 64 letters, digits or hyphens
     */
    public static QuarantineId of(String value) {
        if (value == null || !FORM.matcher(value).matches()) {
            throw new IllegalArgumentException("'" + value + "' is not a quarantine id");
        }
        return new QuarantineId(value);
    }

    public static QuarantineId random() {
        return new QuarantineId(UUID.randomUUID().toString());
    }

    public String asString() {
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof QuarantineId && ((QuarantineId) o).value.equals(value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
