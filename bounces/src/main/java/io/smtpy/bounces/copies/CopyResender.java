package io.smtpy.bounces.copies;

import org.apache.james.core.MailAddress;

/**
 * Port through which a kept copy goes out again, to one address, through smtpy's outbound path (the James adapter
 * hands it to the relay processor with the copy's SRS envelope sender and forwarding attributes, so it is delivered,
 * deferred, bounced and recorded as any forwarded copy). Throws when it could not be handed over.
 */
public interface CopyResender {
    /** @return the new copy's id (its mail name), under which its delivery is recorded in the journey */
    String resend(FailedCopy copy, MailAddress to);
}
