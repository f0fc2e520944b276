package io.smtpy.limits;

/**
 * The counters' store did not answer in time: nothing was counted (what had been was given back, as far as the store
 * let it). {@link LimitPolicy} defers the mail ({@code 451 4.3.0}) rather than let it pass uncounted.
 */
public class LimitCountersUnavailable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public LimitCountersUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
