package io.smtpy.rules.lists;

import io.smtpy.rules.OpaqueId;

/** The id of one list entry: unique in the installation (whatever its scope), a random UUID when smtpy makes it. */
public final class ListEntryId extends OpaqueId {
    private ListEntryId(String value) {
        super(value);
    }

    /**
     * @throws IllegalArgumentException unless 1 to 64 letters, digits or hyphens
     */
    public static ListEntryId of(String value) {
        return new ListEntryId(checked(value, "list entry id"));
    }

    public static ListEntryId random() {
        return new ListEntryId(randomValue());
    }
}
