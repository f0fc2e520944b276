package io.smtpy.store.embedded;

/**
 * The embedded database failed in a way the storage ports have no word for: a full disk, a corrupt or
 * foreign file, a schema written by a newer smtpy, a closed store. The message names the file.
 */
public class EmbeddedStoreException extends RuntimeException {
    public EmbeddedStoreException(String message) {
        super(message);
    }

    public EmbeddedStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
