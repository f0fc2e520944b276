package io.smtpy.core.events;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.LocalPart;

/**
 * Which events of a domain to list: optionally only those of one alias, of one type, of one journey, with one
 * Message-ID, and at or after {@code since} and before {@code until}; at most {@link #limit()} of them (1 to
 * {@value #MAX_LIMIT}, default {@value #DEFAULT_LIMIT}) where a limit applies.
 * {@link #test(MailEvent)} states what the filters mean; every backend must agree with it.
 */
public final class MailEventQuery {
    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;

    private final DomainName domain;
    private Optional<LocalPart> alias = Optional.empty();
    private Optional<MailEventType> type = Optional.empty();
    private Optional<String> journeyId = Optional.empty();
    private Optional<String> messageId = Optional.empty();
    private Optional<Instant> since = Optional.empty();
    private Optional<Instant> until = Optional.empty();
    private int limit = DEFAULT_LIMIT;

    private MailEventQuery(DomainName domain) {
        this.domain = Objects.requireNonNull(domain, "domain");
    }

    private MailEventQuery copy() {
        MailEventQuery copy = new MailEventQuery(domain);
        copy.alias = alias;
        copy.type = type;
        copy.journeyId = journeyId;
        copy.messageId = messageId;
        copy.since = since;
        copy.until = until;
        copy.limit = limit;
        return copy;
    }

    public static MailEventQuery of(DomainName domain) {
        return new MailEventQuery(domain);
    }

    public MailEventQuery withAlias(Optional<LocalPart> alias) {
        MailEventQuery copy = copy();
        copy.alias = Objects.requireNonNull(alias, "alias");
        return copy;
    }

    public MailEventQuery withType(Optional<MailEventType> type) {
        MailEventQuery copy = copy();
        copy.type = Objects.requireNonNull(type, "type");
        return copy;
    }

    /** Only the events of one journey ({@link MailEvent#journeyId()}). */
    public MailEventQuery withJourneyId(Optional<String> journeyId) {
        MailEventQuery copy = copy();
        copy.journeyId = Objects.requireNonNull(journeyId, "journeyId");
        return copy;
    }

    /** Only the events whose Message-ID is exactly this one. */
    public MailEventQuery withMessageId(Optional<String> messageId) {
        MailEventQuery copy = copy();
        copy.messageId = Objects.requireNonNull(messageId, "messageId");
        return copy;
    }

    /** Only the events at or after {@code since} (inclusive). */
    public MailEventQuery withSince(Optional<Instant> since) {
        MailEventQuery copy = copy();
        copy.since = Objects.requireNonNull(since, "since");
        return copy;
    }

    /** Only the events before {@code until} (exclusive). */
    public MailEventQuery withUntil(Optional<Instant> until) {
        MailEventQuery copy = copy();
        copy.until = Objects.requireNonNull(until, "until");
        return copy;
    }

    /**
     * @throws IllegalArgumentException outside 1 to {@value #MAX_LIMIT}
     */
    public MailEventQuery withLimit(int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + ", got " + limit);
        }
        MailEventQuery copy = copy();
        copy.limit = limit;
        return copy;
    }

    /** Whether an event passes the filters (the limit aside). */
    public boolean test(MailEvent event) {
        return event.domain().equals(domain)
            && alias.map(wanted -> event.alias().equals(Optional.of(wanted))).orElse(true)
            && type.map(wanted -> event.type() == wanted).orElse(true)
            && journeyId.map(wanted -> event.journeyId().equals(Optional.of(wanted))).orElse(true)
            && messageId.map(wanted -> event.messageId().equals(Optional.of(wanted))).orElse(true)
            && since.map(bound -> !event.at().isBefore(bound)).orElse(true)
            && until.map(event.at()::isBefore).orElse(true);
    }

    public DomainName domain() {
        return domain;
    }

    public Optional<LocalPart> alias() {
        return alias;
    }

    public Optional<MailEventType> type() {
        return type;
    }

    public Optional<String> journeyId() {
        return journeyId;
    }

    public Optional<String> messageId() {
        return messageId;
    }

    public Optional<Instant> since() {
        return since;
    }

    public Optional<Instant> until() {
        return until;
    }

    public int limit() {
        return limit;
    }
}
