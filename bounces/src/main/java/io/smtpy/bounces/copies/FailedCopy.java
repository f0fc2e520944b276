package io.smtpy.bounces.copies;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import com.google.common.collect.ImmutableList;

import io.smtpy.core.model.DomainName;

/**
 * A forwarded copy that failed for good, kept so an owner can send it again to another address: the journey it
 * belongs to, the alias it was forwarded for, its envelope sender (the domain's SRS address), the destinations that
 * refused it, and its bytes as they were sent (signed already).
 */
public final class FailedCopy {
    private final DomainName domain;
    private final String journeyId;
    private final Optional<String> alias;
    private final Optional<String> messageId;
    private final String sender;
    private final List<String> failedRecipients;
    private final byte[] message;
    private final Instant keptAt;
    private final Instant keptUntil;

    public FailedCopy(DomainName domain, String journeyId, Optional<String> alias, Optional<String> messageId, String sender,
                      List<String> failedRecipients, byte[] message, Instant keptAt, Instant keptUntil) {
        this.domain = Objects.requireNonNull(domain, "domain");
        this.journeyId = Objects.requireNonNull(journeyId, "journeyId");
        this.alias = Objects.requireNonNull(alias, "alias");
        this.messageId = Objects.requireNonNull(messageId, "messageId");
        this.sender = Objects.requireNonNull(sender, "sender");
        this.failedRecipients = ImmutableList.copyOf(failedRecipients);
        this.message = Objects.requireNonNull(message, "message").clone();
        this.keptAt = Objects.requireNonNull(keptAt, "keptAt");
        this.keptUntil = Objects.requireNonNull(keptUntil, "keptUntil");
    }

    public DomainName domain() {
        return domain;
    }

    /** The journey (the mail as smtpy received it) the copy was made from: what {@code /messages/{id}} names. */
    public String journeyId() {
        return journeyId;
    }

    /** The alias's local part. */
    public Optional<String> alias() {
        return alias;
    }

    public Optional<String> messageId() {
        return messageId;
    }

    /** The copy's envelope sender: the SRS address on the domain it was forwarded with, or empty for a null sender. */
    public String sender() {
        return sender;
    }

    public List<String> failedRecipients() {
        return failedRecipients;
    }

    public byte[] message() {
        return message.clone();
    }

    public int size() {
        return message.length;
    }

    public Instant keptAt() {
        return keptAt;
    }

    /** When the purge forgets it (unless the domain is under legal hold). */
    public Instant keptUntil() {
        return keptUntil;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof FailedCopy)) {
            return false;
        }
        FailedCopy other = (FailedCopy) o;
        return domain.equals(other.domain) && journeyId.equals(other.journeyId) && alias.equals(other.alias)
            && messageId.equals(other.messageId) && sender.equals(other.sender) && failedRecipients.equals(other.failedRecipients)
            && Arrays.equals(message, other.message) && keptAt.equals(other.keptAt) && keptUntil.equals(other.keptUntil);
    }

    @Override
    public int hashCode() {
        return Objects.hash(domain, journeyId, alias, messageId, sender, failedRecipients, Arrays.hashCode(message), keptAt, keptUntil);
    }

    /** No addresses: they are not for the log. */
    @Override
    public String toString() {
        return "FailedCopy{" + journeyId + " of " + domain + ", " + message.length + " bytes, until " + keptUntil + "}";
    }
}
