package io.smtpy.core.store;

/**
 * A conditional write found the record changed since it was read (another node of a cluster wrote it in between):
 * nothing was written; read it again and redo the change.
 */
public class ConcurrentChangeException extends RuntimeException {
    public ConcurrentChangeException(String message) {
        super(message);
    }
}
