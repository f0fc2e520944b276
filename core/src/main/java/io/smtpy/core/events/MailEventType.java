package io.smtpy.core.events;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What happened to a mail at one step of the mail path. The API and storage spell them in lower case. */
public enum MailEventType {
    /** Accepted (after DATA) for an alias, catch-all or SRS return address of an smtpy domain, one event per recipient. */
    RECEIVED,
    /**
     * Refused at RCPT, or at the end of DATA before smtpy said 250 (DMARC enforcement, a rule or list entry); the event
     * carries the SMTP code, enhanced status and reason given to the client.
     */
    REJECTED,
    /** Sent on to the alias's destinations (the recipients of the event). */
    FORWARDED,
    /** Accepted by a destination's server (RemoteDelivery gives no reply text on success). */
    DELIVERED,
    /** A temporary failure towards a destination (the remote reply); delivery will be retried. */
    DEFERRED,
    /** Not forwarded: refused after acceptance (the reason), or a permanent failure at a destination (the remote reply). */
    BOUNCED,
    /**
     * Accepted and discarded on purpose: by a catch-all exception with the drop action, or by a rule or list entry
     * (named in the detail; the mail is kept for the domain's restore window).
     */
    DROPPED,
    /** Bounced because it looped: an alias chain that comes back on itself, or too many trace headers or Received lines. */
    LOOP,
    /** A DMARC aggregate report sent to the domain's report address was stored (or was already stored); not forwarded. */
    REPORT_STORED,
    /** A mail to the domain's DMARC report address that held no acceptable report; the parser's reason in the detail. Not forwarded. */
    REPORT_REJECTED,
    /**
     * Not about a mail: one of the domain's DKIM keys changed state (created, activated, retiring, retired), by the
     * scheduled rotation or on demand; the selector, algorithm and states in the detail.
     */
    DKIM_KEY,
    /** Accepted and held in the quarantine by a rule or list entry (named in the detail), not forwarded until released. */
    QUARANTINED,
    /** Released from the quarantine (or restored after a drop) by an owner: forwarded as if it had passed. */
    RELEASED,
    /** Removed from the quarantine for good: deleted by an owner, or expired after the retention period. */
    DISCARDED,
    /** A rule posted the mail to an HTTP endpoint (the URL and the endpoint's status in the detail). */
    POSTED,
    /** A rule's post to an HTTP endpoint failed (refused address, timeout, or a non-2xx answer in the detail). */
    POST_FAILED,
    /** A destination failed (permanently, or deferred too long) and the copy went to the alias's next fallback. */
    FALLBACK,
    /**
     * Accepted without the spam or virus scan its domain wanted: the scanner could not answer and its setting
     * ({@code spamd.onFailure}, {@code clamd.onFailure}) passes such mail, marked {@code X-Smtpy-Unscanned}.
     */
    UNSCANNED,
    /**
     * A mailbox provider's complaint (an RFC 5965 ARF feedback report, such as "abuse") about a forwarded copy; the
     * destination that complained in the recipients, the feedback type and the reporting provider in the detail.
     */
    COMPLAINED,
    /**
     * A destination of an alias was suppressed: it failed for good or complained, so copies are not sent to it until
     * the suppression ends (the reason and the end in the detail); or a copy was not sent because of one.
     */
    SUPPRESSED,
    /** A suppression ended: lifted by an owner, by a later success to the destination, or at its end. */
    UNSUPPRESSED,
    /** A copy that failed for good was sent again, by an owner, to the address in the recipients. */
    RESENT,
    /**
     * Not about a mail: a periodic check of the domain's DNS (MX, SPF, DKIM, DMARC) found a record missing or wrong,
     * or found it mended; which records in the detail.
     */
    DNS_CHECK,
    /**
     * Accepted from an SMTP credential on the submission server, to be sent as an address of the domain (the sending
     * alias, when it is one); the credential's user name in the detail. Its copies' deliveries follow as for forwarding.
     */
    SUBMITTED,
    /**
     * Not about one mail: a limit's counter (per domain, alias or credential, inbound or outbound; {@code limits/}) crossed
     * 80 % of the limit, once per limit and window; the limit, the count and the window in the detail.
     */
    LIMIT_APPROACHING,
    /**
     * Not about one mail: a limit refused mail (deferred or rejected, the SMTP code and enhanced status given), recorded
     * once per limit and window; the refused recipients, the limit, the count and until when in the detail.
     */
    LIMIT_REACHED,
    /**
     * The tracking pixel of a mail an owner submitted (open tracking on for the domain) was fetched: a recipient's
     * client displayed it with its images. In the mail's journey; the recipient, when the domain keeps addresses.
     */
    OPENED,
    /**
     * A rewritten link of a mail an owner submitted (click tracking on for the domain) was followed; the host of the
     * link's URL in the detail (never its path or query). In the mail's journey; the recipient, when the domain keeps addresses.
     */
    CLICKED,
    /**
     * A reply through an alias: one of the alias's mailboxes wrote to a reverse alias, and the mail went on to the original
     * sender (in the recipients) from the alias; the reverse alias and the mailbox in the detail. Its deliveries follow.
     */
    REPLIED,
    /**
     * A copy still undelivered after {@code queue.delayNoticeAfter}: its envelope sender was sent an RFC 3464 "delayed"
     * notice, once per copy (never for a null sender); the attempts and how long it has waited in the detail.
     */
    DELAYED;

    /** The lower-case name used in JSON, query parameters and storage, words joined by {@code -} ({@code report-stored}). */
    public String asString() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * Reads a name in any case; {@code _} is read as {@code -}.
     *
     * @throws IllegalArgumentException listing the known names
     */
    public static MailEventType parse(String value) {
        for (MailEventType type : values()) {
            if (type.asString().equalsIgnoreCase(value == null ? "" : value.trim().replace('_', '-'))) {
                return type;
            }
        }
        throw new IllegalArgumentException("'" + value + "' is not an event type (known: "
            + Arrays.stream(values()).map(MailEventType::asString).collect(Collectors.joining(", ")) + ")");
    }
}
