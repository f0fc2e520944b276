package io.smtpy.core.store;

/** An update or read of a key that is not stored. */
public class NotFoundException extends RuntimeException {
    public NotFoundException(String message) {
        super(message);
    }
}
