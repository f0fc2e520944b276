package io.smtpy.webhooks;

import java.util.Locale;

/** Where a delivery stands: waiting for its next attempt, delivered (a 2xx answer), or given up. */
public enum DeliveryState {
    PENDING, DELIVERED, FAILED;

    public String asString() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException for another name */
    public static DeliveryState parse(String value) {
        for (DeliveryState state : values()) {
            if (state.asString().equalsIgnoreCase(value)) {
                return state;
            }
        }
        throw new IllegalArgumentException("'" + value + "' is not a delivery state (pending, delivered, failed)");
    }
}
