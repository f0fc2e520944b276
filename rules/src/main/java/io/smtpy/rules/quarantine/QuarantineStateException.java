package io.smtpy.rules.quarantine;

/** An operation the mail's state does not allow, such as releasing a mail that is not held (the API's 409). */
public class QuarantineStateException extends RuntimeException {
    public QuarantineStateException(String message) {
        super(message);
    }
}
