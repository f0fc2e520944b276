package io.smtpy.rules.post;

/** An endpoint smtpy will not send to; the message names the address or the part of the URL and why. */
public class RefusedEndpointException extends Exception {
    public RefusedEndpointException(String message) {
        super(message);
    }
}
