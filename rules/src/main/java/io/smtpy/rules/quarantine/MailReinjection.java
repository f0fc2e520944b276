package io.smtpy.rules.quarantine;

import java.util.List;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;

/**
 * Port through which a released mail goes back into the mail path, to be forwarded as if it had passed its rules
 * and lists (the James adapter puts it back into the mailet container past them). Throws when the mail could not be
 * handed over; the quarantine then keeps it held.
 */
public interface MailReinjection {
    /**
     * @param sender the original envelope sender
     * @param recipients the smtpy addresses the mail was for
     * @param message the bytes as received
     * @param from the quarantined mail being released (for the adapter's logs and trace headers)
     */
    void reinject(MaybeSender sender, List<MailAddress> recipients, byte[] message, QuarantinedMail from);
}
