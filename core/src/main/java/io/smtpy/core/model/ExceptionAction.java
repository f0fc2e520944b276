package io.smtpy.core.model;

import java.util.Locale;

/** What a catch-all exception does to mail for the local parts it matches. */
public enum ExceptionAction {
    /** Refuse permanently at RCPT ({@code 550 5.1.1}). */
    REJECT,
    /** Refuse temporarily at RCPT ({@code 421 4.7.0}): the sender retries later. */
    DEFER,
    /** Accept ({@code 250}) and discard, recording an event: for addresses that only get spam. */
    DROP;

    public String asString() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @throws IllegalArgumentException for any other word than reject, defer or drop
     */
    public static ExceptionAction parse(String value) {
        for (ExceptionAction action : values()) {
            if (action.asString().equalsIgnoreCase(value)) {
                return action;
            }
        }
        throw new IllegalArgumentException("action must be one of reject, defer, drop; got '" + value + "'");
    }
}
