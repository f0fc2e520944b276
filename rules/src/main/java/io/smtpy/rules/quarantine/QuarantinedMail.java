package io.smtpy.rules.quarantine;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSortedMap;

import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.LocalPart;

/**
 * What the quarantine keeps about one held mail besides its bytes: where it was going (the domain, the alias, the
 * smtpy addresses it was for), who sent it, why and by what it was held, the authentication verdicts at the time,
 * a few header fields to recognise it by, and its state. Immutable; the bytes are stored beside it.
 */
public final class QuarantinedMail {
    private final QuarantineId id;
    private final DomainName domain;
    private final Optional<LocalPart> alias;
    private final MaybeSender sender;
    private final List<MailAddress> recipients;
    private final QuarantineKind kind;
    private final String reason;
    private final String decidedBy;
    private final Map<String, String> verdicts;
    private final Optional<String> subject;
    private final Optional<String> headerFrom;
    private final Optional<String> messageId;
    private final long size;
    private final Instant receivedAt;
    private final Instant expiresAt;
    private final QuarantineState state;
    private final Optional<Instant> releasedAt;

    private QuarantinedMail(Builder builder) {
        this.id = Objects.requireNonNull(builder.id, "id");
        this.domain = Objects.requireNonNull(builder.domain, "domain");
        this.alias = Objects.requireNonNull(builder.alias, "alias");
        this.sender = Objects.requireNonNull(builder.sender, "sender");
        this.recipients = ImmutableList.copyOf(builder.recipients);
        this.kind = Objects.requireNonNull(builder.kind, "kind");
        this.reason = Objects.requireNonNull(builder.reason, "reason");
        this.decidedBy = Objects.requireNonNull(builder.decidedBy, "decidedBy");
        this.verdicts = ImmutableSortedMap.copyOf(builder.verdicts);
        this.subject = Objects.requireNonNull(builder.subject, "subject");
        this.headerFrom = Objects.requireNonNull(builder.headerFrom, "headerFrom");
        this.messageId = Objects.requireNonNull(builder.messageId, "messageId");
        this.size = builder.size;
        this.receivedAt = Objects.requireNonNull(builder.receivedAt, "receivedAt");
        this.expiresAt = Objects.requireNonNull(builder.expiresAt, "expiresAt");
        this.state = Objects.requireNonNull(builder.state, "state");
        this.releasedAt = Objects.requireNonNull(builder.releasedAt, "releasedAt");
        if (size < 0) {
            throw new IllegalArgumentException("size must not be negative");
        }
    }

    /** A held mail with no alias, the null sender, no recipients, verdicts or header fields, and empty texts until set. */
    public static Builder builder(QuarantineId id, DomainName domain, QuarantineKind kind, Instant receivedAt, Instant expiresAt) {
        return new Builder(id, domain, kind, receivedAt, expiresAt);
    }

    public Builder toBuilder() {
        return new Builder(id, domain, kind, receivedAt, expiresAt)
            .alias(alias)
            .sender(sender)
            .recipients(recipients)
            .reason(reason)
            .decidedBy(decidedBy)
            .verdicts(verdicts)
            .subject(subject)
            .headerFrom(headerFrom)
            .messageId(messageId)
            .size(size)
            .state(state)
            .releasedAt(releasedAt);
    }

    /** This mail released at {@code at}. */
    public QuarantinedMail released(Instant at) {
        return toBuilder().state(QuarantineState.RELEASED).releasedAt(Optional.of(at)).build();
    }

    public QuarantineId id() {
        return id;
    }

    public DomainName domain() {
        return domain;
    }

    public Optional<LocalPart> alias() {
        return alias;
    }

    /** The envelope sender. */
    public MaybeSender sender() {
        return sender;
    }

    /** The smtpy addresses the mail was for (what a release delivers to again). */
    public List<MailAddress> recipients() {
        return recipients;
    }

    public QuarantineKind kind() {
        return kind;
    }

    /** Why it was held, for people. */
    public String reason() {
        return reason;
    }

    /** What held it: {@code rule 'x' of a@b.example}, a list entry. */
    public String decidedBy() {
        return decidedBy;
    }

    /** Authentication results at reception: {@code spf}, {@code dkim}, {@code dmarc}, {@code arc} to their results. */
    public Map<String, String> verdicts() {
        return verdicts;
    }

    /** The decoded Subject. */
    public Optional<String> subject() {
        return subject;
    }

    /** The decoded From field, as written ({@code "Alice" <a@b.example>}). */
    public Optional<String> headerFrom() {
        return headerFrom;
    }

    public Optional<String> messageId() {
        return messageId;
    }

    /** The size of the message in bytes. */
    public long size() {
        return size;
    }

    public Instant receivedAt() {
        return receivedAt;
    }

    /** When the quarantine deletes it (held or not). */
    public Instant expiresAt() {
        return expiresAt;
    }

    public QuarantineState state() {
        return state;
    }

    public Optional<Instant> releasedAt() {
        return releasedAt;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof QuarantinedMail)) {
            return false;
        }
        QuarantinedMail other = (QuarantinedMail) o;
        return id.equals(other.id) && domain.equals(other.domain) && alias.equals(other.alias)
            && sender.asString().equals(other.sender.asString()) && recipients.equals(other.recipients)
            && kind == other.kind && reason.equals(other.reason) && decidedBy.equals(other.decidedBy)
            && verdicts.equals(other.verdicts) && subject.equals(other.subject) && headerFrom.equals(other.headerFrom)
            && messageId.equals(other.messageId) && size == other.size && receivedAt.equals(other.receivedAt)
            && expiresAt.equals(other.expiresAt) && state == other.state && releasedAt.equals(other.releasedAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, domain, alias, sender.asString(), recipients, kind, reason, decidedBy, verdicts, subject,
            headerFrom, messageId, size, receivedAt, expiresAt, state, releasedAt);
    }

    @Override
    public String toString() {
        return "QuarantinedMail{" + id + " " + kind.asString() + " " + state.asString() + " for " + domain
            + alias.map(a -> " alias " + a).orElse("") + " from " + sender.asString() + ", " + reason + "}";
    }

    public static final class Builder {
        private final QuarantineId id;
        private final DomainName domain;
        private final QuarantineKind kind;
        private final Instant receivedAt;
        private final Instant expiresAt;
        private Optional<LocalPart> alias = Optional.empty();
        private MaybeSender sender = MaybeSender.nullSender();
        private List<MailAddress> recipients = List.of();
        private String reason = "";
        private String decidedBy = "";
        private Map<String, String> verdicts = new TreeMap<>();
        private Optional<String> subject = Optional.empty();
        private Optional<String> headerFrom = Optional.empty();
        private Optional<String> messageId = Optional.empty();
        private long size;
        private QuarantineState state = QuarantineState.HELD;
        private Optional<Instant> releasedAt = Optional.empty();

        private Builder(QuarantineId id, DomainName domain, QuarantineKind kind, Instant receivedAt, Instant expiresAt) {
            this.id = id;
            this.domain = domain;
            this.kind = kind;
            this.receivedAt = receivedAt;
            this.expiresAt = expiresAt;
        }

        public Builder alias(Optional<LocalPart> alias) {
            this.alias = alias;
            return this;
        }

        public Builder sender(MaybeSender sender) {
            this.sender = sender;
            return this;
        }

        public Builder recipients(List<MailAddress> recipients) {
            this.recipients = recipients;
            return this;
        }

        public Builder reason(String reason) {
            this.reason = reason;
            return this;
        }

        public Builder decidedBy(String decidedBy) {
            this.decidedBy = decidedBy;
            return this;
        }

        public Builder verdicts(Map<String, String> verdicts) {
            this.verdicts = verdicts;
            return this;
        }

        public Builder subject(Optional<String> subject) {
            this.subject = subject;
            return this;
        }

        public Builder headerFrom(Optional<String> headerFrom) {
            this.headerFrom = headerFrom;
            return this;
        }

        public Builder messageId(Optional<String> messageId) {
            this.messageId = messageId;
            return this;
        }

        public Builder size(long size) {
            this.size = size;
            return this;
        }

        public Builder state(QuarantineState state) {
            this.state = state;
            return this;
        }

        public Builder releasedAt(Optional<Instant> releasedAt) {
            this.releasedAt = releasedAt;
            return this;
        }

        public QuarantinedMail build() {
            return new QuarantinedMail(this);
        }
    }
}
