package io.smtpy.auth;

import java.util.List;

/**
 * Checks every {@code DKIM-Signature} of a message against the keys DNS publishes now. DMARC evaluation takes its
 * DKIM results through this port, so it can be tested with given verdicts.
 */
public interface DkimVerification {

    /**
     * @param message the whole message as received: header fields, the blank line and the body, lines ended by CRLF
     * @return one verdict per signature considered, in header order; empty when the message carries none
     */
    List<DkimVerdict> verify(byte[] message);
}
