package io.smtpy.rules.quarantine;

import io.smtpy.rules.OpaqueId;

/** The id of a quarantined mail: a random UUID, unguessable, so that it may appear in links to the item. */
public final class QuarantineId extends OpaqueId {
    private QuarantineId(String value) {
        super(value);
    }

    /**
     * @throws IllegalArgumentException unless 1 to 64 letters, digits or hyphens
     */
    public static QuarantineId of(String value) {
        return new QuarantineId(checked(value, "quarantine id"));
    }

    public static QuarantineId random() {
        return new QuarantineId(randomValue());
    }
}
