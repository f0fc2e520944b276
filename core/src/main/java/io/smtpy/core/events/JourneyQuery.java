package io.smtpy.core.events;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.EventPrivacy;
import io.smtpy.core.model.LocalPart;

/**
 * Which journeys of a domain to list ({@link MailEventRepository#journeys}): those that pass every filter given,
 * in {@link JourneyStart#NEWEST_FIRST} order, after the cursor when one is given, at most {@link #limit()}.
 * {@link #test(JourneySummary)} states what the filters mean; every backend must agree with it.
 * <ul>
 *   <li>exact values, any of the journey's events counting ({@link JourneyTerm}): Message-ID, alias, sender,
 *   recipient, rule name, remote MTA host; addresses, rules and hosts without regard to case;</li>
 *   <li>{@code status}: the type of the journey's latest event;</li>
 *   <li>{@code reason}: text anywhere in its events' details, without regard to case;</li>
 *   <li>{@code subject}: text anywhere in its subject, without regard to case; or, for a domain that keeps subjects
 *   hashed, exactly the subject kept ({@link #keptAs});</li>
 *   <li>{@code since} (inclusive) and {@code until} (exclusive): when the journey started (its first event).</li>
 * </ul>
 */
public final class JourneyQuery {
    private final DomainName domain;
    private Optional<String> messageId = Optional.empty();
    private Optional<LocalPart> alias = Optional.empty();
    private Optional<MailEventType> status = Optional.empty();
    private Optional<String> sender = Optional.empty();
    private Optional<String> recipient = Optional.empty();
    private Optional<String> rule = Optional.empty();
    private Optional<String> remoteMta = Optional.empty();
    private Optional<String> reason = Optional.empty();
    private Optional<String> subjectText = Optional.empty();
    /** The subject text as typed, before case folding: what a hashed subject is compared with. */
    private Optional<String> typedSubject = Optional.empty();
    private Optional<String> subjectKept = Optional.empty();
    private Optional<Instant> since = Optional.empty();
    private Optional<Instant> until = Optional.empty();
    private Optional<JourneyStart> after = Optional.empty();
    private boolean matchesNothing;
    private int limit = MailEventQuery.DEFAULT_LIMIT;

    private JourneyQuery(DomainName domain) {
        this.domain = Objects.requireNonNull(domain, "domain");
    }

    public static JourneyQuery of(DomainName domain) {
        return new JourneyQuery(domain);
    }

    /** A copy with one change: the query is immutable for its users. */
    private JourneyQuery with(Consumer<JourneyQuery> change) {
        JourneyQuery copy = copy();
        change.accept(copy);
        return copy;
    }

    private JourneyQuery copy() {
        JourneyQuery copy = new JourneyQuery(domain);
        copy.messageId = messageId;
        copy.alias = alias;
        copy.status = status;
        copy.sender = sender;
        copy.recipient = recipient;
        copy.rule = rule;
        copy.remoteMta = remoteMta;
        copy.reason = reason;
        copy.subjectText = subjectText;
        copy.typedSubject = typedSubject;
        copy.subjectKept = subjectKept;
        copy.since = since;
        copy.until = until;
        copy.after = after;
        copy.matchesNothing = matchesNothing;
        copy.limit = limit;
        return copy;
    }

    public JourneyQuery withMessageId(Optional<String> messageId) {
        Objects.requireNonNull(messageId, "messageId");
        return with(copy -> copy.messageId = messageId);
    }

    public JourneyQuery withAlias(Optional<LocalPart> alias) {
        Objects.requireNonNull(alias, "alias");
        return with(copy -> copy.alias = alias);
    }

    public JourneyQuery withStatus(Optional<MailEventType> status) {
        Objects.requireNonNull(status, "status");
        return with(copy -> copy.status = status);
    }

    /** An envelope sender, as the events keep it (see {@link #keptAs}). */
    public JourneyQuery withSender(Optional<String> sender) {
        Objects.requireNonNull(sender, "sender");
        return with(copy -> copy.sender = sender.map(JourneySummary::lower));
    }

    /** An envelope recipient, as the events keep it (see {@link #keptAs}). */
    public JourneyQuery withRecipient(Optional<String> recipient) {
        Objects.requireNonNull(recipient, "recipient");
        return with(copy -> copy.recipient = recipient.map(JourneySummary::lower));
    }

    public JourneyQuery withRule(Optional<String> rule) {
        Objects.requireNonNull(rule, "rule");
        return with(copy -> copy.rule = rule.map(JourneySummary::lower));
    }

    public JourneyQuery withRemoteMta(Optional<String> remoteMta) {
        Objects.requireNonNull(remoteMta, "remoteMta");
        return with(copy -> copy.remoteMta = remoteMta.map(JourneySummary::lower));
    }

    public JourneyQuery withReason(Optional<String> reason) {
        Objects.requireNonNull(reason, "reason");
        return with(copy -> copy.reason = reason.map(JourneySummary::lower));
    }

    /** Text anywhere in the subject, without regard to case. */
    public JourneyQuery withSubjectText(Optional<String> subjectText) {
        Objects.requireNonNull(subjectText, "subjectText");
        return with(copy -> {
            copy.typedSubject = subjectText;
            copy.subjectText = subjectText.map(JourneySummary::lower);
        });
    }

    /** Exactly the subject as kept (a hash, for a domain that keeps them hashed). */
    public JourneyQuery withSubjectKept(Optional<String> subjectKept) {
        Objects.requireNonNull(subjectKept, "subjectKept");
        return with(copy -> copy.subjectKept = subjectKept);
    }

    /** Only journeys that started at or after {@code since}. */
    public JourneyQuery withSince(Optional<Instant> since) {
        Objects.requireNonNull(since, "since");
        return with(copy -> copy.since = since);
    }

    /** Only journeys that started before {@code until}. */
    public JourneyQuery withUntil(Optional<Instant> until) {
        Objects.requireNonNull(until, "until");
        return with(copy -> copy.until = until);
    }

    /** Only journeys after this one in {@link JourneyStart#NEWEST_FIRST} order: the cursor of the next page. */
    public JourneyQuery withAfter(Optional<JourneyStart> after) {
        Objects.requireNonNull(after, "after");
        return with(copy -> copy.after = after);
    }

    /** @throws IllegalArgumentException outside 1..{@value MailEventQuery#MAX_LIMIT} */
    public JourneyQuery withLimit(int limit) {
        if (limit < 1 || limit > MailEventQuery.MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MailEventQuery.MAX_LIMIT + ", got " + limit);
        }
        return with(copy -> copy.limit = limit);
    }

    /**
     * The query as it must be asked of events a domain keeps with this privacy setting, for a caller who typed the
     * values as they are: under {@code hashed}, the sender and recipient become their hashes (the same address always
     * gives the same hash) and a subject text becomes the hash of exactly that text; under {@code none}, a query
     * naming a sender, a recipient or a subject finds nothing, as nothing of them was kept.
     */
    public JourneyQuery keptAs(EventPrivacy privacy) {
        if (privacy == EventPrivacy.FULL) {
            return this;
        }
        JourneyQuery copy = copy();
        if (privacy == EventPrivacy.NONE) {
            copy.matchesNothing = matchesNothing || sender.isPresent() || recipient.isPresent() || subjectText.isPresent();
            return copy;
        }
        copy.sender = sender.map(privacy::address);
        copy.recipient = recipient.map(privacy::address);
        // The text was lower-cased when set; the hash is of the text as typed, so it is taken from the original.
        copy.subjectText = Optional.empty();
        copy.typedSubject = Optional.empty();
        copy.subjectKept = subjectKept.or(() -> typedSubject.flatMap(privacy::subject));
        return copy;
    }

    /** Whether a journey passes the filters (the cursor and the limit aside). */
    public boolean test(JourneySummary journey) {
        return !matchesNothing
            && journey.domain().equals(domain)
            && term(journey, JourneyTerm.MESSAGE_ID, messageId)
            && term(journey, JourneyTerm.ALIAS, alias.map(LocalPart::asString))
            && status.map(wanted -> journey.status() == wanted).orElse(true)
            && term(journey, JourneyTerm.SENDER, sender)
            && term(journey, JourneyTerm.RECIPIENT, recipient)
            && term(journey, JourneyTerm.RULE, rule)
            && term(journey, JourneyTerm.REMOTE_MTA, remoteMta)
            && reason.map(text -> journey.reasons().contains(text)).orElse(true)
            && subjectText.map(text -> journey.subject().map(JourneySummary::lower).map(kept -> kept.contains(text)).orElse(false)).orElse(true)
            && subjectKept.map(kept -> journey.subject().equals(Optional.of(kept))).orElse(true)
            && since.map(bound -> !journey.firstAt().isBefore(bound)).orElse(true)
            && until.map(journey.firstAt()::isBefore).orElse(true);
    }

    private static boolean term(JourneySummary journey, JourneyTerm kind, Optional<String> wanted) {
        return wanted.map(value -> journey.terms(kind).contains(value)).orElse(true);
    }

    public DomainName domain() {
        return domain;
    }

    public Optional<String> messageId() {
        return messageId;
    }

    public Optional<LocalPart> alias() {
        return alias;
    }

    public Optional<MailEventType> status() {
        return status;
    }

    public Optional<String> sender() {
        return sender;
    }

    public Optional<String> recipient() {
        return recipient;
    }

    public Optional<String> rule() {
        return rule;
    }

    public Optional<String> remoteMta() {
        return remoteMta;
    }

    /** Lower case. */
    public Optional<String> reason() {
        return reason;
    }

    /** Lower case. */
    public Optional<String> subjectText() {
        return subjectText;
    }

    public Optional<String> subjectKept() {
        return subjectKept;
    }

    public Optional<Instant> since() {
        return since;
    }

    public Optional<Instant> until() {
        return until;
    }

    public Optional<JourneyStart> after() {
        return after;
    }

    /** True when a filter asks for what the domain does not keep: no journey passes. */
    public boolean matchesNothing() {
        return matchesNothing;
    }

    public int limit() {
        return limit;
    }
}
