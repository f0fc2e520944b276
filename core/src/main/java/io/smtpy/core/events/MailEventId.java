package io.smtpy.core.events;

import java.util.Objects;
import java.util.UUID;

/** The identity of one {@link MailEvent}: a random UUID in its string form, unique across nodes without coordination. */
public final class MailEventId {
    private static final int MAX_LENGTH = 64;

    private final String value;

    private MailEventId(String value) {
        this.value = value;
    }

    public static MailEventId random() {
        return new MailEventId(UUID.randomUUID().toString());
    }

    /**
     * An id read back from storage or a request.
     *
     * @throws IllegalArgumentException when empty or longer than 64 characters
     */
    public static MailEventId of(String value) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("event id must not be empty");
        }
        if (value.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("event id is longer than " + MAX_LENGTH + " characters");
        }
        return new MailEventId(value);
    }

    public String asString() {
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MailEventId && ((MailEventId) o).value.equals(value);
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
