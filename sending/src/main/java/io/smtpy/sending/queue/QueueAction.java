package io.smtpy.sending.queue;

import java.util.Locale;

/** What an owner can do to copies waiting in the queue. */
public enum QueueAction {
    /** Make a waiting copy due now. */
    RETRY,
    /** Remove the copy; its sender gets a bounce saying the domain's owner cancelled it. */
    CANCEL,
    /** Keep the copy, undelivered, until it is released (a held copy survives a restart). */
    HOLD,
    /** Put a held copy back in line, due now. */
    RELEASE;

    public String asString() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@code retry}, {@code cancel}, {@code hold} or {@code release}; empty for anything else. */
    public static java.util.Optional<QueueAction> parse(String text) {
        for (QueueAction action : values()) {
            if (action.asString().equals(text)) {
                return java.util.Optional.of(action);
            }
        }
        return java.util.Optional.empty();
    }
}
