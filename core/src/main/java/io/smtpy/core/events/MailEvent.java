package io.smtpy.core.events;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

import com.google.common.collect.ImmutableList;

import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.LocalPart;

/**
 * One decision of the mail path about one mail, for one domain: received, rejected, forwarded, delivered,
 * deferred, bounced, dropped or stopped as a loop. Immutable; built with {@link #builder(DomainName, MailEventType, Instant)}.
 *
 * <p>Most of the text comes from outside (the envelope, the Message-ID header, a remote server's reply), so the
 * builder bounds it rather than refuse it: recording must not fail because a mail is odd, and a hostile mail
 * must not make one event large. {@code detail} keeps its first {@value #MAX_DETAIL_LENGTH} characters,
 * {@code recipients} its first {@value #MAX_RECIPIENTS} entries, each address (sender, recipient)
 * {@value #MAX_ADDRESS_LENGTH} characters, {@code messageId}, {@code mailId} and {@code journeyId} {@value #MAX_ID_LENGTH},
 * {@code subject} {@value #MAX_SUBJECT_LENGTH} (enough to recognise a mail by, too short to carry its content). Cuts
 * never split a surrogate pair, so the text stays valid Unicode.
 */
public final class MailEvent {
    public static final int MAX_DETAIL_LENGTH = 1000;
    public static final int MAX_RECIPIENTS = 100;
    public static final int MAX_ADDRESS_LENGTH = 320;
    public static final int MAX_ID_LENGTH = 500;
    public static final int MAX_SUBJECT_LENGTH = 200;
    /** The null reverse path, as {@link #sender()} shows it. */
    public static final String NULL_SENDER = "<>";
    private static final Pattern ENHANCED_STATUS = Pattern.compile("[245]\\.[0-9]{1,3}\\.[0-9]{1,3}");

    private final MailEventId id;
    private final Instant at;
    private final DomainName domain;
    private final Optional<LocalPart> alias;
    private final MailEventType type;
    private final Optional<String> messageId;
    private final Optional<String> mailId;
    private final Optional<String> journeyId;
    private final String sender;
    private final List<String> recipients;
    private final Optional<Integer> smtpCode;
    private final Optional<String> enhancedStatus;
    private final String detail;
    private final Optional<String> subject;

    private MailEvent(Builder builder) {
        this.id = Objects.requireNonNull(builder.id, "id");
        this.at = Objects.requireNonNull(builder.at, "at");
        this.domain = Objects.requireNonNull(builder.domain, "domain");
        this.alias = Objects.requireNonNull(builder.alias, "alias");
        this.type = Objects.requireNonNull(builder.type, "type");
        this.messageId = Objects.requireNonNull(builder.messageId, "messageId").map(value -> truncate(value, MAX_ID_LENGTH));
        this.mailId = Objects.requireNonNull(builder.mailId, "mailId").map(value -> truncate(value, MAX_ID_LENGTH));
        // A recorder that knows no journey of its own names the mail's: a mail that was never copied is its own journey.
        this.journeyId = Objects.requireNonNull(builder.journeyId, "journeyId").map(value -> truncate(value, MAX_ID_LENGTH))
            .or(() -> mailId);
        String rawSender = Objects.requireNonNull(builder.sender, "sender");
        this.sender = rawSender.isEmpty() ? NULL_SENDER : truncate(rawSender, MAX_ADDRESS_LENGTH);
        this.recipients = builder.recipients.stream()
            .map(recipient -> truncate(Objects.requireNonNull(recipient, "recipient"), MAX_ADDRESS_LENGTH))
            .collect(ImmutableList.toImmutableList());
        this.smtpCode = Objects.requireNonNull(builder.smtpCode, "smtpCode");
        smtpCode.ifPresent(code -> {
            if (code < 200 || code > 599) {
                throw new IllegalArgumentException("SMTP code must be between 200 and 599, got " + code);
            }
        });
        this.enhancedStatus = Objects.requireNonNull(builder.enhancedStatus, "enhancedStatus");
        enhancedStatus.ifPresent(status -> {
            if (!ENHANCED_STATUS.matcher(status).matches()) {
                throw new IllegalArgumentException("enhanced status must look like 5.1.1 (RFC 3463), got '" + status + "'");
            }
        });
        this.detail = truncate(Objects.requireNonNull(builder.detail, "detail"), MAX_DETAIL_LENGTH);
        this.subject = Objects.requireNonNull(builder.subject, "subject").map(value -> truncate(value, MAX_SUBJECT_LENGTH));
    }

    /** An event with a fresh random id, no alias, sender {@code <>}, no recipients and an empty detail until set. */
    public static Builder builder(DomainName domain, MailEventType type, Instant at) {
        return new Builder(domain, type, at);
    }

    public Builder toBuilder() {
        return new Builder(domain, type, at)
            .id(id)
            .alias(alias)
            .messageId(messageId)
            .mailId(mailId)
            .journeyId(journeyId)
            .sender(sender)
            .recipients(recipients)
            .smtpCode(smtpCode)
            .enhancedStatus(enhancedStatus)
            .detail(detail)
            .subject(subject);
    }

    static String truncate(String value, int maxLength) {
        if (value.length() <= maxLength) {
            return value;
        }
        int end = maxLength;
        if (Character.isHighSurrogate(value.charAt(end - 1)) && Character.isLowSurrogate(value.charAt(end))) {
            end--;
        }
        return value.substring(0, end);
    }

    public MailEventId id() {
        return id;
    }

    public Instant at() {
        return at;
    }

    public DomainName domain() {
        return domain;
    }

    /** The local part (without a +tag) the event concerns, when it is a valid alias name: the alias, or the unknown or catch-all address as written. */
    public Optional<LocalPart> alias() {
        return alias;
    }

    public MailEventType type() {
        return type;
    }

    /** The Message-ID header, as the mail carried it. */
    public Optional<String> messageId() {
        return messageId;
    }

    /** James's name of the mail ({@code Mail.getName()}), which ties the events of one mail together. */
    public Optional<String> mailId() {
        return mailId;
    }

    /**
     * The journey the event belongs to: the name of the mail as smtpy received it (or of the SMTP session, for a
     * refusal at RCPT), carried on to every copy forwarded from it, so that the events of one mail and of its
     * copies (forwarded, delivered, deferred, bounced) share it. {@link #mailId()} when the recorder set none.
     */
    public Optional<String> journeyId() {
        return journeyId;
    }

    /** The envelope sender, {@code <>} for the null sender. */
    public String sender() {
        return sender;
    }

    /**
     * The envelope recipients concerned: the destinations for forwarded, delivered, deferred and bounced; the
     * alias address for received and rejected.
     */
    public List<String> recipients() {
        return recipients;
    }

    /** The SMTP code given (a rejection) or received (a remote reply). */
    public Optional<Integer> smtpCode() {
        return smtpCode;
    }

    /** The RFC 3463 enhanced status code, such as {@code 5.1.1}. */
    public Optional<String> enhancedStatus() {
        return enhancedStatus;
    }

    /** The reason, or the remote reply text. */
    public String detail() {
        return detail;
    }

    /**
     * The Subject header where the mail path read it (at least on {@code received}), kept as the domain's
     * {@code EventPrivacy} says: as written, as a hash, or not at all. Never written to the server log.
     */
    public Optional<String> subject() {
        return subject;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof MailEvent)) {
            return false;
        }
        MailEvent other = (MailEvent) o;
        return id.equals(other.id)
            && at.equals(other.at)
            && domain.equals(other.domain)
            && alias.equals(other.alias)
            && type == other.type
            && messageId.equals(other.messageId)
            && mailId.equals(other.mailId)
            && journeyId.equals(other.journeyId)
            && sender.equals(other.sender)
            && recipients.equals(other.recipients)
            && smtpCode.equals(other.smtpCode)
            && enhancedStatus.equals(other.enhancedStatus)
            && detail.equals(other.detail)
            && subject.equals(other.subject);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, at, domain, alias, type, messageId, mailId, journeyId, sender, recipients, smtpCode, enhancedStatus, detail, subject);
    }

    @Override
    public String toString() {
        return "MailEvent{" + type.asString() + " " + domain + alias.map(a -> " alias " + a).orElse("") + " at " + at
            + " from " + sender + " to " + recipients + smtpCode.map(code -> " " + code).orElse("")
            + enhancedStatus.map(status -> " " + status).orElse("") + ", id " + id + "}";
    }

    public static final class Builder {
        private MailEventId id = MailEventId.random();
        private final Instant at;
        private final DomainName domain;
        private Optional<LocalPart> alias = Optional.empty();
        private final MailEventType type;
        private Optional<String> messageId = Optional.empty();
        private Optional<String> mailId = Optional.empty();
        private Optional<String> journeyId = Optional.empty();
        private String sender = NULL_SENDER;
        private List<String> recipients = List.of();
        private Optional<Integer> smtpCode = Optional.empty();
        private Optional<String> enhancedStatus = Optional.empty();
        private String detail = "";
        private Optional<String> subject = Optional.empty();

        private Builder(DomainName domain, MailEventType type, Instant at) {
            this.domain = domain;
            this.type = type;
            this.at = at;
        }

        public Builder id(MailEventId id) {
            this.id = id;
            return this;
        }

        public Builder alias(Optional<LocalPart> alias) {
            this.alias = alias;
            return this;
        }

        public Builder alias(LocalPart alias) {
            return alias(Optional.of(alias));
        }

        public Builder messageId(Optional<String> messageId) {
            this.messageId = messageId;
            return this;
        }

        public Builder messageId(String messageId) {
            return messageId(Optional.of(messageId));
        }

        public Builder mailId(Optional<String> mailId) {
            this.mailId = mailId;
            return this;
        }

        public Builder mailId(String mailId) {
            return mailId(Optional.of(mailId));
        }

        public Builder journeyId(Optional<String> journeyId) {
            this.journeyId = journeyId;
            return this;
        }

        public Builder journeyId(String journeyId) {
            return journeyId(Optional.of(journeyId));
        }

        /** The envelope sender; an empty string is the null sender and is shown as {@code <>}. */
        public Builder sender(String sender) {
            this.sender = sender;
            return this;
        }

        /** Copied; only the first {@value MailEvent#MAX_RECIPIENTS} are kept. */
        public Builder recipients(List<String> recipients) {
            // Cut before copying: a hostile mail's ten thousand recipients are not copied to be thrown away.
            this.recipients = ImmutableList.copyOf(recipients.subList(0, Math.min(recipients.size(), MAX_RECIPIENTS)));
            return this;
        }

        public Builder smtpCode(Optional<Integer> smtpCode) {
            this.smtpCode = smtpCode;
            return this;
        }

        public Builder smtpCode(int smtpCode) {
            return smtpCode(Optional.of(smtpCode));
        }

        public Builder enhancedStatus(Optional<String> enhancedStatus) {
            this.enhancedStatus = enhancedStatus;
            return this;
        }

        public Builder enhancedStatus(String enhancedStatus) {
            return enhancedStatus(Optional.of(enhancedStatus));
        }

        public Builder detail(String detail) {
            this.detail = detail;
            return this;
        }

        public Builder subject(Optional<String> subject) {
            this.subject = subject;
            return this;
        }

        public Builder subject(String subject) {
            return subject(Optional.of(subject));
        }

        /**
         * @throws NullPointerException when a field is null
         * @throws IllegalArgumentException for an SMTP code outside 200..599 or a malformed enhanced status
         */
        public MailEvent build() {
            return new MailEvent(this);
        }
    }
}
