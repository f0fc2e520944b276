package io.smtpy.rules.quarantine;

import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;

import javax.inject.Inject;

import io.smtpy.core.model.DomainName;

/**
 * Composes the digest owners get of the mail newly held in a domain's quarantine: what arrived (kind
 * {@code quarantined}, still held) in {@code [since, now)}, one line per mail (at most {@value #MAX_LINES}), and how
 * to review, release and stop these digests. Only metadata the owner already sees in the list (envelope sender, the
 * From and Subject fields, what held it): never the body, so the digest carries nothing a sender wrote beyond two
 * short, cleaned header texts.
 */
public class QuarantineDigest {
    /** Mails listed one per line; the rest are counted. */
    public static final int MAX_LINES = 50;
    /** Subjects are cut to this many characters. */
    static final int SUBJECT_CHARS = 80;
    /** Sender, From and what held the mail are cut to this many: keeps each line far below SMTP's 998. */
    static final int FIELD_CHARS = 120;
    private static final String NONE = "-";

    private final Quarantine quarantine;
    private final Clock clock;

    @Inject
    public QuarantineDigest(Quarantine quarantine, Clock clock) {
        this.quarantine = quarantine;
        this.clock = clock;
    }

    /**
     * The digest of the mail held for {@code domain} since {@code since} (inclusive) until now (exclusive: a mail
     * received at {@link Digest#until()} belongs to the next digest). Empty when there is none: no mail is sent then.
     */
    public Optional<Digest> compose(DomainName domain, Instant since) {
        Instant until = clock.instant();
        QuarantinePage page = quarantine.list(QuarantineQuery.of(domain)
            .kind(QuarantineKind.QUARANTINED)
            .state(QuarantineState.HELD)
            .receivedFrom(since)
            .receivedTo(until)
            .limit(MAX_LINES));
        if (page.items().isEmpty()) {
            return Optional.empty();
        }
        long total = Math.max(page.total(), page.items().size());
        String d = domain.asString();
        StringBuilder text = new StringBuilder()
            .append(count(total)).append(" held in the quarantine of ").append(d)
            .append(" since ").append(time(since)).append(", newest first.\n")
            .append("None of them has been delivered; each stays held until it expires.\n\n");
        for (QuarantinedMail mail : page.items()) {
            text.append(line(mail)).append('\n');
        }
        if (total > page.items().size()) {
            text.append("and ").append(total - page.items().size()).append(" more\n");
        }
        text.append('\n')
            .append("Review them:     GET /smtpy/domains/").append(d).append("/quarantine\n")
            .append("             or  ./smtpy quarantine list ").append(d).append('\n')
            .append("Release one:     POST /smtpy/domains/").append(d).append("/quarantine/{id}/release\n")
            .append("             or  ./smtpy quarantine release ").append(d).append(" {id}\n")
            .append("Stop these digests: PATCH /smtpy/domains/").append(d)
            .append(" with {\"quarantineDigest\": false}\n\n")
            .append("This digest never includes the messages themselves.\n");
        return Optional.of(new Digest(domain, count(total) + " held for " + d, text.toString(), total, until));
    }

    private static String count(long total) {
        return total + (total == 1 ? " new mail" : " new mails");
    }

    private static String line(QuarantinedMail mail) {
        String sender = mail.sender().asOptional().map(address -> address.asString()).orElse("<>");
        String heldBy = !mail.decidedBy().isBlank() ? mail.decidedBy() : mail.reason();
        return time(mail.receivedAt())
            + " | sender " + clean(sender, FIELD_CHARS)
            + " | From: " + mail.headerFrom().map(from -> clean(from, FIELD_CHARS)).orElse(NONE)
            + " | Subject: " + mail.subject().map(subject -> clean(subject, SUBJECT_CHARS)).orElse(NONE)
            + " | held by " + (heldBy.isBlank() ? NONE : clean(heldBy, FIELD_CHARS))
            + " | id " + mail.id().asString()
            + " | expires " + time(mail.expiresAt());
    }

    private static String time(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }

    /**
     * One line of at most {@code max} characters: format characters (bidi overrides, zero-width ones) are removed,
     * and control characters (CR, LF, tab) and runs of white space become one space, so a sender's text can neither
     * break the line nor disguise itself.
     */
    static String clean(String text, int max) {
        StringBuilder cleaned = new StringBuilder(Math.min(text.length(), max + 1));
        boolean space = false;
        int count = 0;
        for (int i = 0; i < text.length() && count <= max; ) {
            int codePoint = text.codePointAt(i);
            i += Character.charCount(codePoint);
            if (Character.getType(codePoint) == Character.FORMAT) {
                continue;
            }
            if (isBreak(codePoint) || Character.isWhitespace(codePoint) || Character.isSpaceChar(codePoint)) {
                space = cleaned.length() > 0;
                continue;
            }
            if (space) {
                cleaned.append(' ');
                count++;
                space = false;
            }
            cleaned.appendCodePoint(codePoint);
            count++;
        }
        if (count > max) {
            int end = cleaned.offsetByCodePoints(0, max - 1);
            return cleaned.substring(0, end).stripTrailing() + "…";
        }
        return cleaned.toString();
    }

    private static boolean isBreak(int codePoint) {
        int type = Character.getType(codePoint);
        return type == Character.CONTROL || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR;
    }

    /** One digest: for one domain, the mail held in a window that ends at {@link #until()}. */
    public static final class Digest {
        private final DomainName domain;
        private final String subject;
        private final String text;
        private final long mails;
        private final Instant until;

        Digest(DomainName domain, String subject, String text, long mails, Instant until) {
            this.domain = Objects.requireNonNull(domain);
            this.subject = Objects.requireNonNull(subject);
            this.text = Objects.requireNonNull(text);
            this.mails = mails;
            this.until = Objects.requireNonNull(until);
        }

        public DomainName domain() {
            return domain;
        }

        /** {@code 3 new mails held for example.com}: ASCII only (the domain in its ASCII form). */
        public String subject() {
            return subject;
        }

        /** Plain text, lines ending in {@code \n}. */
        public String text() {
            return text;
        }

        /** How many mails the window holds, listed or not. */
        public long mails() {
            return mails;
        }

        /** The end of the window (exclusive): where the next digest starts. */
        public Instant until() {
            return until;
        }
    }
}
