package io.smtpy.sending.queue;

import java.util.Locale;

import io.smtpy.core.model.InvalidFieldException;

/**
 * A domain's delivery class: {@code high} mail leaves before the backlog of {@code normal} mail ({@link MailPriority}).
 * A premium the operator grants ({@link DomainPriorities}); owners cannot change it.
 */
public enum PriorityClass {
    NORMAL,
    HIGH;

    public String asString() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static PriorityClass parse(String text, String field) {
        for (PriorityClass value : values()) {
            if (value.asString().equals(text.trim().toLowerCase(Locale.ROOT))) {
                return value;
            }
        }
        throw new InvalidFieldException(field, "'" + field + "' must be normal or high, got '" + text + "'");
    }
}
