package io.smtpy.bounces;

/**
 * Why mail came back. The first seven are failures of delivery; {@link #AUTO_REPLY} and {@link #CHALLENGE_RESPONSE}
 * are replies from a robot that delivered the mail, kept apart so they are never counted as bounces.
 */
public enum BounceClass {
    NO_SUCH_USER,
    MAILBOX_FULL,
    SPAM_OR_POLICY,
    /** The destination could not be found or reached: DNS, routing, refused connections. */
    DNS,
    TLS,
    /** No answer in time, or the message waited in a queue until it expired. */
    TIMEOUT,
    OTHER,
    AUTO_REPLY,
    CHALLENGE_RESPONSE;

    public boolean isFailure() {
        return this != AUTO_REPLY && this != CHALLENGE_RESPONSE;
    }
}
