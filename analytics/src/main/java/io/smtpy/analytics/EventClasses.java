package io.smtpy.analytics;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import io.smtpy.core.events.MailEvent;

/**
 * The short keys analytics groups events by: why a mail was rejected, what class a bounce belongs to, whether an
 * event is a spam or virus outcome. Derived from the SMTP code, enhanced status and detail the mail path records;
 * the keys are strings so that a finer classifier can feed new ones without a change of storage.
 */
public final class EventClasses {
    public static final String UNKNOWN_USER = "unknown-user";
    public static final String BLOCKLIST = "blocklist";
    public static final String DNSBL = "dnsbl";
    public static final String RULE = "rule";
    public static final String DMARC = "dmarc";
    public static final String OTHER = "other";
    public static final String TEMPORARY = "temporary";
    /** RFC 3463's subject digit of a permanent failure, as a class. */
    private static final Map<String, String> PERMANENT_CLASSES = Map.of(
        "1", "user", "2", "mailbox", "3", "system", "4", "network", "5", "protocol", "6", "content", "7", "policy");

    private static final Pattern SRS_RETURN = Pattern.compile("(?i)srs[01][=+-].*");

    private EventClasses() {
    }

    /**
     * Whether the event's alias is an SRS return address (a bounce coming back to be reversed): counted for its domain,
     * never as an alias of its own, since each bounce has a different one.
     */
    public static boolean isSrsReturn(String alias) {
        return SRS_RETURN.matcher(alias).matches();
    }

    /** Spam outcomes are recorded with a detail that starts with {@code spam score} (docs/api.md, "Spam and virus scanning"). */
    public static boolean isSpam(MailEvent event) {
        return event.detail().regionMatches(true, 0, "spam score", 0, "spam score".length());
    }

    /** Virus outcomes are recorded with a detail that starts with {@code virus }. */
    public static boolean isVirus(MailEvent event) {
        return event.detail().regionMatches(true, 0, "virus ", 0, "virus ".length());
    }

    /** {@code unknown-user}, {@code spam}, {@code virus}, {@code dmarc}, {@code dnsbl}, {@code blocklist}, {@code rule} or {@code other}. */
    public static String rejectionReason(MailEvent event) {
        if (isSpam(event)) {
            return Rollup.SPAM;
        }
        if (isVirus(event)) {
            return Rollup.VIRUS;
        }
        if (event.enhancedStatus().map("5.1.1"::equals).orElse(false)) {
            return UNKNOWN_USER;
        }
        // Most specific first: the texts the mail path writes (a list entry's and a rule's description name what
        // decided, and owners' values inside them could hold any other word).
        String detail = event.detail().toLowerCase(Locale.ROOT);
        if (detail.contains("block list entry")) {
            return BLOCKLIST;
        }
        if (detail.contains("(rule '") || detail.contains("recipient's rules") || detail.contains("(the rules)")) {
            return RULE;
        }
        if (detail.contains("dmarc policy")) {
            return DMARC;
        }
        if (detail.contains("listed by") || detail.contains("dnsbl")) {
            return DNSBL;
        }
        return OTHER;
    }

    /**
     * {@code temporary} for a 4.x.x status, the subject of a 5.x.x status ({@code user} for 5.1, {@code mailbox} for 5.2,
     * {@code system}, {@code network}, {@code protocol}, {@code content}, {@code policy} for 5.7), {@code other} without one.
     */
    public static String bounceClass(MailEvent event) {
        Optional<String> status = event.enhancedStatus();
        if (status.isEmpty()) {
            return event.smtpCode().filter(code -> code >= 400 && code < 500).map(code -> TEMPORARY).orElse(OTHER);
        }
        if (status.get().startsWith("4.")) {
            return TEMPORARY;
        }
        return PERMANENT_CLASSES.getOrDefault(status.get().split("\\.")[1], OTHER);
    }
}
