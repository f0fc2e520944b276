package io.smtpy.core.dkim;

/**
 * A sealed private key could not be opened: it was sealed under another master key, it was altered, or it is
 * opened for another record than the one it was sealed for.
 */
public class SealedKeyException extends RuntimeException {
    public SealedKeyException(String message) {
        super(message);
    }

    public SealedKeyException(String message, Throwable cause) {
        super(message, cause);
    }
}
