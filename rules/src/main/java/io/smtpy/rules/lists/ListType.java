package io.smtpy.rules.lists;

import java.util.Locale;

import io.smtpy.core.model.InvalidFieldException;

/** Whether an entry lets a sender's mail through or stops it. The API and storage spell them in lower case. */
public enum ListType {
    BLOCK,
    ALLOW;

    public String asString() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @throws InvalidFieldException ({@code type}) for anything but {@code block} or {@code allow}
     */
    public static ListType parse(String value) {
        String trimmed = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        for (ListType type : values()) {
            if (type.asString().equals(trimmed)) {
                return type;
            }
        }
        throw new InvalidFieldException("type", "'" + value + "' is not a list type (block or allow)");
    }
}
