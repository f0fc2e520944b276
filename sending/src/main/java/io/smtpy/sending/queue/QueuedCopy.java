package io.smtpy.sending.queue;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import io.smtpy.core.model.DomainName;

/**
 * A copy of a domain's mail waiting in the delivery queue, as its owner sees it: who it is from and to, where it
 * stands, how many attempts failed, the last error known and when it is tried next.
 *
 * @param id the queue's name for the copy now (a copy given back for a later retry gets a new one)
 * @param sender the envelope sender, empty for a null sender
 * @param reason why it is still here, in words: the last error known, held, or waiting for its first attempt
 * @param nextAttempt when it is due; empty while held or being delivered
 * @param priority James's 0-9 scale, 10 for the notices' lane ({@link MailPriority#rank})
 */
public final class QueuedCopy {
    private final String id;
    private final DomainName domain;
    private final String sender;
    private final List<String> recipients;
    private final CopyStatus status;
    private final int attempts;
    private final String reason;
    private final Optional<Instant> nextAttempt;
    private final Instant queuedAt;
    private final int priority;

    public QueuedCopy(String id, DomainName domain, String sender, List<String> recipients, CopyStatus status, int attempts,
                      String reason, Optional<Instant> nextAttempt, Instant queuedAt, int priority) {
        this.id = Objects.requireNonNull(id);
        this.domain = Objects.requireNonNull(domain);
        this.sender = Objects.requireNonNull(sender);
        this.recipients = List.copyOf(recipients);
        this.status = Objects.requireNonNull(status);
        this.attempts = attempts;
        this.reason = Objects.requireNonNull(reason);
        this.nextAttempt = Objects.requireNonNull(nextAttempt);
        this.queuedAt = Objects.requireNonNull(queuedAt);
        this.priority = priority;
    }

    public String id() {
        return id;
    }

    public DomainName domain() {
        return domain;
    }

    public String sender() {
        return sender;
    }

    public List<String> recipients() {
        return recipients;
    }

    public CopyStatus status() {
        return status;
    }

    public int attempts() {
        return attempts;
    }

    public String reason() {
        return reason;
    }

    public Optional<Instant> nextAttempt() {
        return nextAttempt;
    }

    public Instant queuedAt() {
        return queuedAt;
    }

    public int priority() {
        return priority;
    }

    public MailPriority.Lane lane() {
        return MailPriority.lane(priority);
    }

    @Override
    public String toString() {
        return "QueuedCopy{" + id + " " + domain.asString() + " " + status.asString() + " to " + recipients + "}";
    }
}
