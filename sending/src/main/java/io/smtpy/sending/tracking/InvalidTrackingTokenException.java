package io.smtpy.sending.tracking;

/** A tracking token that is forged, malformed or not understood; the message says why without repeating it. */
public final class InvalidTrackingTokenException extends Exception {
    private static final long serialVersionUID = 1L;

    InvalidTrackingTokenException(String message) {
        super(message);
    }
}
