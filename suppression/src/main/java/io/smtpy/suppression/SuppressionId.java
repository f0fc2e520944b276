package io.smtpy.suppression;

import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/** The id of a {@link Suppression}: a random UUID, as the API shows it in {@code /suppressions/{id}}. */
public final class SuppressionId {
    private static final Pattern FORM = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private final String value;

    private SuppressionId(String value) {
        this.value = value;
    }

    public static SuppressionId random() {
        return new SuppressionId(UUID.randomUUID().toString());
    }

    /** @throws IllegalArgumentException when the text is not a lower-case UUID */
    public static SuppressionId of(String value) {
        if (value == null || !FORM.matcher(value).matches()) {
            throw new IllegalArgumentException("'" + value + "' is not a suppression id");
        }
        return new SuppressionId(value);
    }

    public String asString() {
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SuppressionId && ((SuppressionId) o).value.equals(value);
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
