package io.smtpy.notifications;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What smtpy mails members about, each with its own opt-in or opt-out. The API spells them in lower case with
 * {@code -} ({@code destination-failing}).
 */
public enum NotificationType {
    /** A destination refused a forwarded copy for good (5xx). */
    DESTINATION_FAILING,
    /** A domain's permanent failures passed the bounce-rate threshold within an hour. */
    BOUNCE_RATE,
    /** A destination of an alias was suppressed: copies are not sent to it for a while. */
    SUPPRESSED,
    /** Mail was held in the quarantine (at most one mail per domain per hour, with the count). */
    QUARANTINE,
    /** The periodic DNS check found a record (MX, SPF, DMARC) that was right gone wrong. */
    DNS_CHECK,
    /** A DKIM key's record is not (or no longer) in DNS, or a rotation waits for DNS too long. */
    DKIM,
    /** A limit of the domain, an alias or a credential refused mail (for limit sets with {@code notify}; once per limit and window). */
    LIMIT,
    /** Once a day, yesterday's counts of each domain. */
    DIGEST,
    /** A mail to a reverse alias was refused: it did not come, authenticated, from one of the alias's own mailboxes. */
    REPLY_REFUSED;

    public String asString() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Alerts (all but the digest) are on by default for owners and admins; the digest is for who asks for it. */
    public boolean alert() {
        return this != DIGEST;
    }

    /**
     * @throws IllegalArgumentException listing the known names
     */
    public static NotificationType parse(String value) {
        for (NotificationType type : values()) {
            if (type.asString().equals(value)) {
                return type;
            }
        }
        throw new IllegalArgumentException("'" + value + "' is not a notification type (known: "
            + Arrays.stream(values()).map(NotificationType::asString).collect(Collectors.joining(", ")) + ")");
    }
}
