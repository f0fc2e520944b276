package io.smtpy.sending.queue;

import java.util.Locale;

/** Where a queued copy stands. */
public enum CopyStatus {
    /** Waiting for its first or next attempt. */
    WAITING,
    /** Held by its owner: not delivered until released; survives a restart. */
    HELD,
    /** Taken by a delivery thread now: it cannot be acted on until the attempt ends. */
    DELIVERING;

    public String asString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
