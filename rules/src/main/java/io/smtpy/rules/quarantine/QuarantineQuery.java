package io.smtpy.rules.quarantine;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.InvalidFieldException;
import io.smtpy.core.model.LocalPart;

/**
 * Which quarantined mails of one domain to list: optionally one alias, one kind, one state ({@code held} unless set;
 * {@link #anyState()} for all), a sender or subject containing a text (case-insensitive), received in
 * {@code [receivedFrom, receivedTo)}; a page of {@code limit} (1 to {@value #MAX_LIMIT}, default
 * {@value #DEFAULT_LIMIT}) from {@code offset}. Results are newest first. Immutable.
 */
public final class QuarantineQuery {
    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;

    private final DomainName domain;
    private final Optional<LocalPart> alias;
    private final Optional<QuarantineKind> kind;
    private final Optional<QuarantineState> state;
    private final Optional<String> senderContains;
    private final Optional<String> subjectContains;
    private final Optional<Instant> receivedFrom;
    private final Optional<Instant> receivedTo;
    private final int limit;
    private final int offset;

    private QuarantineQuery(DomainName domain, Optional<LocalPart> alias, Optional<QuarantineKind> kind,
                            Optional<QuarantineState> state, Optional<String> senderContains, Optional<String> subjectContains,
                            Optional<Instant> receivedFrom, Optional<Instant> receivedTo, int limit, int offset) {
        this.domain = Objects.requireNonNull(domain);
        this.alias = alias;
        this.kind = kind;
        this.state = state;
        this.senderContains = senderContains.map(text -> text.toLowerCase(Locale.ROOT)).filter(text -> !text.isEmpty());
        this.subjectContains = subjectContains.map(text -> text.toLowerCase(Locale.ROOT)).filter(text -> !text.isEmpty());
        this.receivedFrom = receivedFrom;
        this.receivedTo = receivedTo;
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidFieldException("limit", "limit must be between 1 and " + MAX_LIMIT + ", got " + limit);
        }
        if (offset < 0) {
            throw new InvalidFieldException("offset", "offset must not be negative, got " + offset);
        }
        this.limit = limit;
        this.offset = offset;
    }

    /** The held mails of the domain, first page. */
    public static QuarantineQuery of(DomainName domain) {
        return new QuarantineQuery(domain, Optional.empty(), Optional.empty(), Optional.of(QuarantineState.HELD),
            Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), DEFAULT_LIMIT, 0);
    }

    public QuarantineQuery alias(LocalPart alias) {
        return new QuarantineQuery(domain, Optional.of(alias), kind, state, senderContains, subjectContains, receivedFrom, receivedTo, limit, offset);
    }

    public QuarantineQuery kind(QuarantineKind kind) {
        return new QuarantineQuery(domain, alias, Optional.of(kind), state, senderContains, subjectContains, receivedFrom, receivedTo, limit, offset);
    }

    public QuarantineQuery state(QuarantineState state) {
        return new QuarantineQuery(domain, alias, kind, Optional.of(state), senderContains, subjectContains, receivedFrom, receivedTo, limit, offset);
    }

    /** Mails in every state. */
    public QuarantineQuery anyState() {
        return new QuarantineQuery(domain, alias, kind, Optional.empty(), senderContains, subjectContains, receivedFrom, receivedTo, limit, offset);
    }

    public QuarantineQuery senderContains(String text) {
        return new QuarantineQuery(domain, alias, kind, state, Optional.of(text), subjectContains, receivedFrom, receivedTo, limit, offset);
    }

    public QuarantineQuery subjectContains(String text) {
        return new QuarantineQuery(domain, alias, kind, state, senderContains, Optional.of(text), receivedFrom, receivedTo, limit, offset);
    }

    /** Received at or after {@code from}. */
    public QuarantineQuery receivedFrom(Instant from) {
        return new QuarantineQuery(domain, alias, kind, state, senderContains, subjectContains, Optional.of(from), receivedTo, limit, offset);
    }

    /** Received before {@code to}. */
    public QuarantineQuery receivedTo(Instant to) {
        return new QuarantineQuery(domain, alias, kind, state, senderContains, subjectContains, receivedFrom, Optional.of(to), limit, offset);
    }

    /**
     * @throws InvalidFieldException ({@code limit}) outside 1 to {@value #MAX_LIMIT}
     */
    public QuarantineQuery limit(int limit) {
        return new QuarantineQuery(domain, alias, kind, state, senderContains, subjectContains, receivedFrom, receivedTo, limit, offset);
    }

    /**
     * @throws InvalidFieldException ({@code offset}) when negative
     */
    public QuarantineQuery offset(int offset) {
        return new QuarantineQuery(domain, alias, kind, state, senderContains, subjectContains, receivedFrom, receivedTo, limit, offset);
    }

    /** Whether the mail passes the filters (paging aside): what every backend selects. */
    public boolean test(QuarantinedMail mail) {
        return mail.domain().equals(domain)
            && alias.map(wanted -> mail.alias().equals(Optional.of(wanted))).orElse(true)
            && kind.map(wanted -> mail.kind() == wanted).orElse(true)
            && state.map(wanted -> mail.state() == wanted).orElse(true)
            && senderContains.map(text -> mail.sender().asString().toLowerCase(Locale.ROOT).contains(text)).orElse(true)
            && subjectContains.map(text -> mail.subject().orElse("").toLowerCase(Locale.ROOT).contains(text)).orElse(true)
            && receivedFrom.map(from -> !mail.receivedAt().isBefore(from)).orElse(true)
            && receivedTo.map(to -> mail.receivedAt().isBefore(to)).orElse(true);
    }

    public DomainName domain() {
        return domain;
    }

    public Optional<LocalPart> alias() {
        return alias;
    }

    public Optional<QuarantineKind> kind() {
        return kind;
    }

    public Optional<QuarantineState> state() {
        return state;
    }

    /** Lower-cased; never empty when present. */
    public Optional<String> senderContains() {
        return senderContains;
    }

    /** Lower-cased; never empty when present. */
    public Optional<String> subjectContains() {
        return subjectContains;
    }

    public Optional<Instant> receivedFrom() {
        return receivedFrom;
    }

    public Optional<Instant> receivedTo() {
        return receivedTo;
    }

    public int limit() {
        return limit;
    }

    public int offset() {
        return offset;
    }
}
