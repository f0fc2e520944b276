package io.smtpy.rules.lists;

import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/** The id of one list entry: unique in the installation (whatever its scope), a random UUID when smtpy makes it. */
public final class ListEntryId {
    private static final Pattern FORM = Pattern.compile("[A-Za-z0-9-]{1,64}");

    private final String value;

    private ListEntryId(String value) {
        this.value = value;
    }

    /**
     * @throws IllegalArgumentException unless 1 to 64 letters, digits or hyphens
     */
    public static ListEntryId of(String value) {
        if (value == null || !FORM.matcher(value).matches()) {
            throw new IllegalArgumentException("'" + value + "' is not a list entry id");
        }
        return new ListEntryId(value);
    }

    public static ListEntryId random() {
        return new ListEntryId(UUID.randomUUID().toString());
    }

    public String asString() {
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ListEntryId && ((ListEntryId) o).value.equals(value);
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
