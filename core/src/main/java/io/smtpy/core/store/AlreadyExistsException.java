package io.smtpy.core.store;

/** A create found the key already taken. */
public class AlreadyExistsException extends RuntimeException {
    public AlreadyExistsException(String message) {
        super(message);
    }
}
