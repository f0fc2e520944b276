package io.smtpy.rules.quarantine;

/**
 * The message is larger than the quarantine keeps ({@link QuarantineSettings#maxMessageBytes()}): nothing was held,
 * and the caller delivers the mail rather than lose it.
 */
public class MessageTooLargeException extends RuntimeException {
    public MessageTooLargeException(String message) {
        super(message);
    }
}
