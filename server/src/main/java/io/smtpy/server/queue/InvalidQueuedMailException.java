package io.smtpy.server.queue;

/** A queue file that cannot be read back as a mail: truncated, not ours, or with an envelope that makes no mail. */
final class InvalidQueuedMailException extends Exception {
    private static final long serialVersionUID = 1L;

    InvalidQueuedMailException(String message) {
        super(message);
    }
}
