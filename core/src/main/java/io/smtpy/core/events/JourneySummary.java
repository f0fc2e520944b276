package io.smtpy.core.events;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;

import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.LocalPart;

/**
 * One journey summed up from its events, as a list of messages shows it and searches it: its first and latest
 * instants, its status (the type of its latest event), its Message-ID and subject, the envelope sender and the
 * addresses as smtpy received (or refused) the mail, the values it is found by ({@link JourneyTerm}) and the text of
 * the details of its events that decided or failed (lower case, for a search by reason).
 *
 * <p>Why a summary: a list over millions of events cannot group them per journey at every request. Storage keeps
 * one summary per journey, updated as events are written ({@link Builder#add}, in the order they were appended), so
 * a page reads one row per journey. Every backend folds events with this same class, so they agree on what a
 * journey is and on what a search finds ({@link JourneyQuery#test}).
 *
 * <p>Bounded like the events: at most {@value #MAX_TERMS} values of each kind and {@value #MAX_REASONS_LENGTH}
 * characters of details per journey, the first ones kept; a mail that comes back a thousand times does not grow
 * its row without end.
 */
public final class JourneySummary {
    public static final int MAX_TERMS = 100;
    public static final int MAX_REASONS_LENGTH = 4000;
    private static final Set<MailEventType> ARRIVALS = Set.of(MailEventType.RECEIVED, MailEventType.REJECTED);
    private static final Set<MailEventType> DELIVERY_OUTCOMES = Set.of(MailEventType.DELIVERED, MailEventType.DEFERRED,
        MailEventType.BOUNCED, MailEventType.FALLBACK);
    /**
     * The events whose details are reasons (a decision, a refusal, a remote reply that failed or deferred): the details
     * of the steps every mail takes (received, forwarded, delivered...) say nothing to search for, and keeping them would
     * rewrite a journey's text index at each step of every mail.
     */
    private static final Set<MailEventType> ROUTINE = EnumSet.of(MailEventType.RECEIVED, MailEventType.FORWARDED,
        MailEventType.DELIVERED, MailEventType.POSTED, MailEventType.RESENT, MailEventType.REPORT_STORED,
        MailEventType.UNSUPPRESSED, MailEventType.DKIM_KEY);
    private static final Pattern RULE = Pattern.compile("rule '([^'\\n]{1,200})'");
    /** A dotted host name whose last label starts with a letter (not 5.1.1, not 127.0.0.1), not the domain of an address. */
    private static final Pattern HOST = Pattern.compile(
        "(?<![@A-Za-z0-9.-])((?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z][A-Za-z0-9-]{0,61}[A-Za-z0-9])(?![@A-Za-z0-9-])");

    private final DomainName domain;
    private final String id;
    private final Instant firstAt;
    private final Instant lastAt;
    private final MailEventType status;
    private final Optional<String> messageId;
    private final Optional<String> subject;
    private final String sender;
    private final List<String> recipients;
    private final Optional<String> arrivalMailId;
    private final boolean arrived;
    private final Map<JourneyTerm, Set<String>> terms;
    private final String reasons;

    private JourneySummary(Builder builder) {
        this.domain = builder.domain;
        this.id = builder.id;
        this.firstAt = Objects.requireNonNull(builder.firstAt, "a journey summary needs at least one event");
        this.lastAt = builder.lastAt;
        this.status = builder.status;
        this.messageId = builder.messageId;
        this.subject = builder.subject;
        this.sender = builder.sender;
        this.recipients = ImmutableList.copyOf(builder.recipients);
        this.arrivalMailId = builder.arrivalMailId;
        this.arrived = builder.arrived;
        EnumMap<JourneyTerm, Set<String>> copy = new EnumMap<>(JourneyTerm.class);
        builder.terms.forEach((kind, values) -> copy.put(kind, ImmutableSet.copyOf(values)));
        this.terms = copy;
        this.reasons = builder.reasons.toString();
    }

    /** A summary of no events yet, to {@link Builder#add} them to. */
    public static Builder builder(DomainName domain, String journeyId) {
        return new Builder(domain, journeyId);
    }

    /**
     * The summary of a journey's events in the order they were appended.
     *
     * @throws IllegalArgumentException when there are none
     */
    public static JourneySummary of(DomainName domain, String journeyId, List<MailEvent> events) {
        if (events.isEmpty()) {
            throw new IllegalArgumentException("journey " + journeyId + " has no events");
        }
        Builder builder = builder(domain, journeyId);
        events.forEach(builder::add);
        return builder.build();
    }

    /** To go on adding events to (storage keeps the fields and rebuilds the builder with {@link Builder#restore}). */
    public Builder toBuilder() {
        Builder builder = builder(domain, id).restore(firstAt, lastAt, status, messageId, subject, sender, recipients,
            arrivalMailId, arrived, reasons);
        terms.forEach((kind, values) -> builder.terms.get(kind).addAll(values));
        return builder;
    }

    public DomainName domain() {
        return domain;
    }

    public String id() {
        return id;
    }

    public JourneyStart start() {
        return new JourneyStart(id, firstAt);
    }

    public Instant firstAt() {
        return firstAt;
    }

    public Instant lastAt() {
        return lastAt;
    }

    /** The type of the latest event (of two at one instant, the one appended later). */
    public MailEventType status() {
        return status;
    }

    /** The first Message-ID its events carried. */
    public Optional<String> messageId() {
        return messageId;
    }

    /** The first subject its events carried, as the domain's privacy setting kept it. */
    public Optional<String> subject() {
        return subject;
    }

    /** The envelope sender of its first arrival (received or rejected), else of its first event. */
    public String sender() {
        return sender;
    }

    /** The addresses of its first mail's arrivals (one arrival per recipient), else its first event's recipients. */
    public List<String> recipients() {
        return recipients;
    }

    /** The mail name of its first arrival: further arrivals of that mail add their recipients. */
    public Optional<String> arrivalMailId() {
        return arrivalMailId;
    }

    public boolean arrived() {
        return arrived;
    }

    /** The values of one kind it is found by (a set: storage need not keep their order). */
    public Set<String> terms(JourneyTerm kind) {
        return terms.getOrDefault(kind, Set.of());
    }

    /** Its events' distinct details, lower case, one a line. */
    public String reasons() {
        return reasons;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof JourneySummary)) {
            return false;
        }
        JourneySummary other = (JourneySummary) o;
        return domain.equals(other.domain) && id.equals(other.id) && firstAt.equals(other.firstAt) && lastAt.equals(other.lastAt)
            && status == other.status && messageId.equals(other.messageId) && subject.equals(other.subject)
            && sender.equals(other.sender) && recipients.equals(other.recipients) && arrivalMailId.equals(other.arrivalMailId)
            && arrived == other.arrived && terms.equals(other.terms) && reasons.equals(other.reasons);
    }

    @Override
    public int hashCode() {
        return Objects.hash(domain, id, firstAt, lastAt, status);
    }

    @Override
    public String toString() {
        // No addresses, no subject: a summary may end up in a log line.
        return "JourneySummary{" + domain + " " + id + " " + status.asString() + " " + firstAt + ".." + lastAt + "}";
    }

    /** Folds events, in the order they were appended, into a summary. Not thread-safe. */
    public static final class Builder {
        private final DomainName domain;
        private final String id;
        private Instant firstAt;
        private Instant lastAt;
        private MailEventType status;
        private Optional<String> messageId = Optional.empty();
        private Optional<String> subject = Optional.empty();
        private String sender = MailEvent.NULL_SENDER;
        private final List<String> recipients = new ArrayList<>();
        private Optional<String> arrivalMailId = Optional.empty();
        private boolean arrived;
        private final Map<JourneyTerm, Set<String>> terms = new EnumMap<>(JourneyTerm.class);
        private final StringBuilder reasons = new StringBuilder();

        private Builder(DomainName domain, String id) {
            this.domain = Objects.requireNonNull(domain, "domain");
            this.id = Objects.requireNonNull(id, "id");
            for (JourneyTerm kind : JourneyTerm.values()) {
                terms.put(kind, new LinkedHashSet<>());
            }
        }

        /** The fields as storage kept them; then {@link #term} for each value it is found by. */
        public Builder restore(Instant firstAt, Instant lastAt, MailEventType status, Optional<String> messageId,
                               Optional<String> subject, String sender, List<String> recipients,
                               Optional<String> arrivalMailId, boolean arrived, String reasons) {
            this.firstAt = firstAt;
            this.lastAt = lastAt;
            this.status = status;
            this.messageId = messageId;
            this.subject = subject;
            this.sender = sender;
            this.recipients.clear();
            this.recipients.addAll(recipients);
            this.arrivalMailId = arrivalMailId;
            this.arrived = arrived;
            this.reasons.setLength(0);
            this.reasons.append(reasons);
            return this;
        }

        /** A value the journey is found by, as storage kept it. */
        public Builder term(JourneyTerm kind, String value) {
            terms.get(kind).add(value);
            return this;
        }

        /** The next event of the journey, in the order of appending. */
        public Builder add(MailEvent event) {
            if (firstAt == null) {
                firstAt = event.at();
                lastAt = event.at();
                status = event.type();
                sender = event.sender();
                addAll(recipients, event.recipients());
            } else {
                if (event.at().isBefore(firstAt)) {
                    firstAt = event.at();
                }
                if (!event.at().isBefore(lastAt)) {
                    lastAt = event.at();
                    status = event.type();
                }
            }
            if (messageId.isEmpty()) {
                messageId = event.messageId();
            }
            if (subject.isEmpty()) {
                subject = event.subject();
            }
            if (ARRIVALS.contains(event.type())) {
                // The copies' events carry the rewritten (SRS) sender and the destinations: the arrival shows the mail
                // as sent. Only the first mail's arrivals: a bounce that comes back through smtpy joins the journey as
                // a mail of its own.
                if (!arrived) {
                    arrived = true;
                    arrivalMailId = event.mailId();
                    sender = event.sender();
                    recipients.clear();
                    addAll(recipients, event.recipients());
                } else if (event.mailId().equals(arrivalMailId)) {
                    addAll(recipients, event.recipients());
                }
            }
            addTerms(event);
            String detail = ROUTINE.contains(event.type()) ? "" : lower(event.detail());
            int room = MAX_REASONS_LENGTH - reasons.length() - (reasons.length() > 0 ? 1 : 0);
            if (!detail.isEmpty() && room > 1 && reasons.indexOf(detail) < 0) {
                if (reasons.length() > 0) {
                    reasons.append('\n');
                }
                reasons.append(MailEvent.truncate(detail, room));
            }
            return this;
        }

        private void addTerms(MailEvent event) {
            event.alias().ifPresent(alias -> term(JourneyTerm.ALIAS, alias));
            boundedTerm(JourneyTerm.SENDER, lower(event.sender()));
            event.recipients().forEach(recipient -> boundedTerm(JourneyTerm.RECIPIENT, lower(recipient)));
            event.messageId().ifPresent(value -> boundedTerm(JourneyTerm.MESSAGE_ID, value));
            Matcher rule = RULE.matcher(event.detail());
            while (rule.find()) {
                boundedTerm(JourneyTerm.RULE, lower(rule.group(1)));
            }
            if (DELIVERY_OUTCOMES.contains(event.type())) {
                Matcher host = HOST.matcher(event.detail());
                while (host.find()) {
                    boundedTerm(JourneyTerm.REMOTE_MTA, lower(host.group(1)));
                }
            }
        }

        private void term(JourneyTerm kind, LocalPart alias) {
            boundedTerm(kind, alias.asString());
        }

        private void boundedTerm(JourneyTerm kind, String value) {
            Set<String> values = terms.get(kind);
            if (values.size() < MAX_TERMS) {
                values.add(value);
            }
        }

        private static void addAll(List<String> into, List<String> values) {
            for (String value : values) {
                if (into.size() >= MailEvent.MAX_RECIPIENTS) {
                    return;
                }
                if (!into.contains(value)) {
                    into.add(value);
                }
            }
        }

        /** @throws NullPointerException when no event was added nor restored */
        public JourneySummary build() {
            return new JourneySummary(this);
        }
    }

    static String lower(String text) {
        return text.toLowerCase(Locale.ROOT);
    }
}
