package io.smtpy.bounces;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Classifies a remote server's reply ({@code 550 5.1.1 <x@y>: Recipient address rejected: User unknown}), as
 * James's RemoteDelivery reports it or as a DSN's {@code Diagnostic-Code} carries it.
 *
 * <p>The rules, in order, the first that decides wins (the module README has them as a table):
 * <ol>
 *   <li>corrections: provider texts whose status says something else than they mean (Office 365's
 *       {@code 5.4.1 Recipient address rejected: Access denied} is an unknown recipient);</li>
 *   <li>the enhanced status code (RFC 3463), when its subject and detail say something specific; generic ones
 *       ({@code 5.0.0}, {@code 5.5.0}, {@code 4.3.0}, ...) leave the decision to the texts;</li>
 *   <li>well-known texts of Gmail, Outlook and Office 365, Yahoo, Postfix, Exim, qmail and Exchange;</li>
 *   <li>the basic code alone: {@link BounceClass#OTHER}.</li>
 * </ol>
 * Severity follows the basic code's class ({@code 4xx} temporary, {@code 5xx} permanent), else the enhanced status's,
 * else the text (a timeout, or a reply that says it is temporary, is temporary; anything else permanent).
 * Never throws; only the first {@value #MAX_REPLY_CHARS} characters are read.
 */
public final class BounceClassifier {
    static final int MAX_REPLY_CHARS = 8192;

    private static final Pattern CODE_AND_STATUS = Pattern.compile("(?<![\\d.])([245]\\d\\d)(?:[ -]+([245]\\.\\d{1,3}\\.\\d{1,3})(?![\\d.]))?(?=[ \\-;:,]|$)");
    private static final Pattern STATUS = Pattern.compile("(?<![\\d.])([245])\\.(\\d{1,3})\\.(\\d{1,3})(?![\\d.])");

    private static final Pattern TEMPORARY_TEXT = Pattern.compile("temporar", Pattern.CASE_INSENSITIVE);

    private static final class TextRule {
        private final BounceClass cls;
        private final String name;
        private final Pattern pattern;

        TextRule(BounceClass cls, String name, String regex) {
            this.cls = cls;
            this.name = name;
            this.pattern = Pattern.compile(regex, Pattern.CASE_INSENSITIVE);
        }
    }

    private static final List<TextRule> CORRECTIONS = List.of(
        new TextRule(BounceClass.NO_SUCH_USER, "correction: Office 365 access denied",
            "5\\.4\\.1\\s+Recipient address rejected: Access denied"),
        new TextRule(BounceClass.DNS, "correction: null MX", "null MX"));

    private static final TextRule TLS_TEXT = new TextRule(BounceClass.TLS, "text: TLS",
        "starttls|\\btls\\b|\\bssl\\b|certificate|handshake");

    private static final List<TextRule> TEXTS = List.of(
        new TextRule(BounceClass.MAILBOX_FULL, "text: mailbox full",
            "mailbox (is )?full|full mailbox|over ?quota|quota exceeded|exceeded (its|the|his|her) (storage|quota)"
                + "|out of storage|mailbox size limit|storage (allocation|limit) exceeded|insufficient storage in mailbox"),
        new TextRule(BounceClass.DNS, "text: domain not found",
            "host or domain name not found|domain (name )?(does not exist|not found)|nxdomain|unrouteable"
                + "|name service error|no mail server(s|\\(s\\))? (available|found)|no (valid )?mx record|no dns entries"
                + "|looking up mail server|unknown ?host|name or service not known|unable to resolve|couldn't find any host"
                + "|no route to host"
                + "|connection refused|network is unreachable"),
        new TextRule(BounceClass.NO_SUCH_USER, "text: unknown user",
            "user unknown|unknown user|recipient unknown|unknown recipient|address unknown|no such (user|mailbox|recipient|address)"
                + "|(mailbox|user|recipient|account|address)[^.;\\n]{0,60}(does not|doesn't|did not) exist"
                + "|recipient ?not ?found|user not found|mailbox not found|invalid (recipient|mailbox)"
                + "|not a valid (mailbox|recipient)|mailbox unavailable|doesn't have an? [\\w.-]+ account"
                + "|no mailbox here by that name|account (has been |is )?(disabled|inactive|suspended|deactivated)"),
        TLS_TEXT,
        new TextRule(BounceClass.TIMEOUT, "text: timed out",
            "timed out|time-?out|too long in (the )?queue|retry time(out)? (not reached|exceeded)|delivery time expired"
                + "|message expired|could not be delivered within"),
        new TextRule(BounceClass.SPAM_OR_POLICY, "text: spam or policy",
            "spam|block(ed|list)|blacklist|denylist|spamhaus|spamcop|barracuda|\\b(rbl|dnsbl)\\b|polic(y|ies)|dmarc"
                + "|\\bspf\\b|dkim|unauthenticated|reputation|rate limit|too many (messages|connections|recipients)"
                + "|gr[ae]ylist|denied|content rejected|virus|malware|phish|not allowed|banned|complaints|unsolicited"));

    private BounceClassifier() {
    }

    /** Classifies a remote reply; an empty or unreadable one is {@link BounceClass#OTHER}, permanent. */
    public static BounceClassification classify(String remoteReply) {
        return classify(remoteReply, Optional.empty());
    }

    /**
     * Classifies a DSN recipient's {@code Diagnostic-Code} text with its {@code Status} field, used when the text
     * carries no enhanced status of its own.
     */
    public static BounceClassification classify(String remoteReply, Optional<String> dsnStatus) {
        String reply = remoteReply == null ? "" : remoteReply.length() > MAX_REPLY_CHARS
            ? remoteReply.substring(0, MAX_REPLY_CHARS) : remoteReply;
        Optional<Integer> code = Optional.empty();
        Optional<String> enhanced = Optional.empty();
        Matcher codes = CODE_AND_STATUS.matcher(reply);
        if (codes.find()) {
            code = Optional.of(Integer.parseInt(codes.group(1)));
            enhanced = Optional.ofNullable(codes.group(2));
        }
        if (enhanced.isEmpty()) {
            Matcher status = STATUS.matcher(reply);
            enhanced = status.find() ? Optional.of(status.group()) : dsnStatus.flatMap(BounceClassifier::enhancedStatus);
        }
        BounceClass cls = null;
        String rule = null;
        for (TextRule correction : CORRECTIONS) {
            if (correction.pattern.matcher(reply).find()) {
                cls = correction.cls;
                rule = correction.name;
                break;
            }
        }
        if (cls == null && enhanced.isPresent()) {
            cls = byStatus(enhanced.get(), reply);
            rule = cls == null ? null : "status " + enhanced.get();
        }
        if (cls == null) {
            for (TextRule text : TEXTS) {
                if (text.pattern.matcher(reply).find()) {
                    cls = text.cls;
                    rule = text.name;
                    break;
                }
            }
        }
        if (cls == null) {
            cls = BounceClass.OTHER;
            rule = code.map(value -> "code " + value / 100 + "xx").orElse(enhanced.map(value -> "status " + value).orElse("no code"));
        }
        return new BounceClassification(cls, severity(code, enhanced, cls, reply), enhanced, code, rule);
    }

    /** The enhanced status in a DSN {@code Status} field ({@code 5.1.1 (bad destination mailbox)}), if well-formed. */
    static Optional<String> enhancedStatus(String field) {
        Matcher status = STATUS.matcher(field);
        return status.find() ? Optional.of(status.group()) : Optional.empty();
    }

    private static Severity severity(Optional<Integer> code, Optional<String> enhanced, BounceClass cls, String reply) {
        char digit = code.map(value -> String.valueOf(value).charAt(0))
            .orElse(enhanced.map(value -> value.charAt(0)).orElse('0'));
        if (digit == '4') {
            return Severity.TEMPORARY;
        }
        if (digit == '5') {
            return Severity.PERMANENT;
        }
        return cls == BounceClass.TIMEOUT || TEMPORARY_TEXT.matcher(reply).find() ? Severity.TEMPORARY : Severity.PERMANENT;
    }

    /** The class a specific enhanced status says, or null when it is generic and the texts should decide. */
    private static BounceClass byStatus(String status, String reply) {
        String[] parts = status.split("\\.");
        int subject = Integer.parseInt(parts[1]);
        int detail = Integer.parseInt(parts[2]);
        switch (subject) {
            case 1:
                return addressingStatus(detail);
            case 2:
                return detail == 2 ? BounceClass.MAILBOX_FULL : detail == 1 ? BounceClass.NO_SUCH_USER
                    : detail == 3 ? BounceClass.OTHER : null;
            case 4:
                return networkStatus(detail);
            case 7:
                return detail == 4 || detail == 5 || detail == 10 || detail == 11 || mentionsTls(reply)
                    ? BounceClass.TLS : BounceClass.SPAM_OR_POLICY;
            default:
                return null;
        }
    }

    private static BounceClass addressingStatus(int detail) {
        switch (detail) {
            case 1:
            case 3:
            case 6:
            case 10:
                return BounceClass.NO_SUCH_USER;
            case 2:
                return BounceClass.DNS;
            case 7:
            case 8:
                return BounceClass.SPAM_OR_POLICY;
            default:
                return null;
        }
    }

    private static BounceClass networkStatus(int detail) {
        switch (detail) {
            case 1:
            case 2:
            case 7:
                return BounceClass.TIMEOUT;
            case 6:
                return BounceClass.OTHER;
            default:
                return BounceClass.DNS;
        }
    }

    private static boolean mentionsTls(String reply) {
        return TLS_TEXT.pattern.matcher(reply).find();
    }
}
