package io.smtpy.limits;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.inject.Inject;

import org.apache.james.core.MailAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.smtpy.core.events.MailEvent;
import io.smtpy.core.events.MailEventType;
import io.smtpy.core.events.MailEvents;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.LocalPart;
import io.smtpy.core.smtp.SmtpStatus;

/**
 * What counts where, and the answer when a limit is reached. Counting is {@link LimitCounters}' check-and-count: a mail
 * is counted only when it fits every limit that applies, so concurrent sessions never together pass a limit.
 * <ul>
 *   <li><b>Inbound, at RCPT</b> ({@link #inboundRecipient}): each accepted recipient of an alias counts one message
 *       toward its alias's and its domain's {@code messagesPerHour} and {@code messagesPerDay}, and one recipient toward
 *       their {@code recipientsPerMessage} for the transaction.</li>
 *   <li><b>Inbound, at the end of DATA</b> ({@link #inboundMessage}): the message's size counts once per such recipient
 *       toward {@code bytesPerDay} (each copy is received, stored and forwarded); a message over it is refused and
 *       the messages its recipients counted at RCPT are given back.</li>
 *   <li><b>Outbound</b> ({@link #outbound}, called by the submission path once it knows the envelope and the size):
 *       the credential's, the alias's and the domain's outbound sets; one message toward {@code messagesPerHour} and
 *       {@code messagesPerDay}, its size toward {@code bytesPerDay}, one message toward each recipient domain's
 *       {@code perRecipientDomainPerHour}, its recipients against {@code recipientsPerMessage}.</li>
 * </ul>
 * A refusal is {@code 451 4.7.1} (messages, bytes) or {@code 452 4.5.3} (recipients) with the limit and a
 * "try again after" time in the text, or {@code 550 5.7.1} for a set whose action is {@code reject}; when the counters
 * do not answer ({@link LimitCountersUnavailable}), mail under a windowed limit is deferred with {@code 451 4.3.0}. Events: a
 * {@code limit-approaching} when a counter crosses {@value LimitCounters#APPROACHING} of its limit, a
 * {@code limit-reached} when a limit first refuses mail, each once per limit and window; with {@code notify}, the
 * owners get one alert per such incident ({@link LimitAlerts}). A recipient counted at RCPT whose client never sends
 * the message stays counted (nothing tells the server the transaction was abandoned): it was offered, and a client
 * cannot use that to pass a limit, only to reach it sooner.
 */
public class LimitPolicy {
    private static final Logger LOGGER = LoggerFactory.getLogger(LimitPolicy.class);
    private final LimitSettings settings;
    private final LimitCounters counters;
    private final MailEvents events;
    private final LimitAlerts alerts;
    private final Clock clock;
    private final AtomicBoolean countersDown = new AtomicBoolean();

    @Inject
    public LimitPolicy(LimitSettings settings, LimitCounters counters, MailEvents events, LimitAlerts alerts, Clock clock) {
        this.settings = settings;
        this.counters = counters;
        this.events = events;
        this.alerts = alerts;
        this.clock = clock;
    }

    /**
     * One recipient of an smtpy alias (or catch-all) of {@code domain} that the RCPT policy accepts.
     *
     * @param alias the alias the recipient names (its local part without any {@code +tag})
     */
    public LimitDecision inboundRecipient(InboundTransaction transaction, DomainName domain, Optional<LocalPart> alias,
                                          MailAddress recipient) {
        List<LimitSet> sets = inboundSets(domain, alias);
        if (sets.isEmpty()) {
            return LimitDecision.allow(List.of());
        }
        Instant now = clock.instant();
        for (LimitSet set : sets) {
            Optional<Long> most = set.limit(LimitMetric.RECIPIENTS_PER_MESSAGE);
            if (most.isPresent() && transaction.recipients(set.subject()) + 1 > most.get()) {
                CounterKey key = CounterKey.of(set.subject(), LimitDirection.INBOUND, LimitMetric.RECIPIENTS_PER_MESSAGE);
                return refused(set, key, most.get(), most.get(), counters.firstRefusal(key, now), now,
                    transaction.sender(), List.of(recipient.asString()));
            }
        }
        List<LimitCounters.Demand> demands = new ArrayList<>();
        for (LimitSet set : sets) {
            demand(demands, set, LimitMetric.MESSAGES_PER_HOUR, 1);
            demand(demands, set, LimitMetric.MESSAGES_PER_DAY, 1);
        }
        Optional<LimitCounters.Acquisition> counted = acquire(demands, now);
        if (counted.isEmpty()) {
            return LimitDecision.unavailable();
        }
        LimitCounters.Acquisition acquisition = counted.get();
        approaching(acquisition, transaction.sender(), List.of(recipient.asString()));
        if (!acquisition.granted()) {
            return refused(acquisition, sets, now, transaction.sender(), List.of(recipient.asString()));
        }
        List<LimitSubject> subjects = new ArrayList<>();
        sets.forEach(set -> subjects.add(set.subject()));
        transaction.accepted(subjects, acquisition.taken());
        return LimitDecision.allow(acquisition.taken());
    }

    /**
     * The end of DATA of a transaction whose recipients {@link #inboundRecipient} counted: the bytes. A refusal (or a
     * deferral because the counters do not answer) gives back what the transaction's recipients counted.
     *
     * @param recipients the message's recipients, for the events
     */
    public LimitDecision inboundMessage(InboundTransaction transaction, long sizeBytes, List<MailAddress> recipients) {
        if (transaction.recipientsBySubject().isEmpty()) {
            return LimitDecision.allow(List.of());
        }
        List<LimitSet> sets = new ArrayList<>();
        List<LimitCounters.Demand> demands = new ArrayList<>();
        for (Map.Entry<LimitSubject, Integer> counted : transaction.recipientsBySubject().entrySet()) {
            settings.inForce(counted.getKey(), LimitDirection.INBOUND).ifPresent(set -> {
                sets.add(set);
                demand(demands, set, LimitMetric.BYTES_PER_DAY, Math.multiplyExact(sizeBytes, (long) counted.getValue()));
            });
        }
        if (demands.isEmpty()) {
            return LimitDecision.allow(List.of());
        }
        Instant now = clock.instant();
        List<String> to = addresses(recipients);
        Optional<LimitCounters.Acquisition> counted = acquire(demands, now);
        if (counted.isEmpty() || !counted.get().granted()) {
            counters.release(transaction.taken());
        }
        if (counted.isEmpty()) {
            return LimitDecision.unavailable();
        }
        LimitCounters.Acquisition acquisition = counted.get();
        approaching(acquisition, transaction.sender(), to);
        if (!acquisition.granted()) {
            return refused(acquisition, sets, now, transaction.sender(), to);
        }
        return LimitDecision.allow(acquisition.taken());
    }

    /**
     * Counts a mail of the submission path against the outbound sets of its credential, alias and domain: all of it,
     * or nothing when one limit refuses it. Call it once the envelope and the size are known (the end of DATA); when
     * the mail is refused afterwards for another reason, {@link #undo} gives the counts back.
     */
    public LimitDecision outbound(OutboundMessage message) {
        List<LimitSet> sets = new ArrayList<>();
        message.credentialId().ifPresent(id -> settings.inForce(LimitSubject.credential(message.domain(), id), LimitDirection.OUTBOUND)
            .ifPresent(sets::add));
        message.alias().ifPresent(alias -> settings.inForce(LimitSubject.alias(message.domain(), alias), LimitDirection.OUTBOUND)
            .ifPresent(sets::add));
        settings.inForce(LimitSubject.domain(message.domain()), LimitDirection.OUTBOUND).ifPresent(sets::add);
        if (sets.isEmpty()) {
            return LimitDecision.allow(List.of());
        }
        Instant now = clock.instant();
        List<String> to = addresses(message.recipients());
        for (LimitSet set : sets) {
            Optional<Long> most = set.limit(LimitMetric.RECIPIENTS_PER_MESSAGE);
            if (most.isPresent() && message.recipients().size() > most.get()) {
                CounterKey key = CounterKey.of(set.subject(), LimitDirection.OUTBOUND, LimitMetric.RECIPIENTS_PER_MESSAGE);
                return refused(set, key, most.get(), message.recipients().size(), counters.firstRefusal(key, now), now,
                    message.sender(), to);
            }
        }
        Set<String> recipientDomains = new LinkedHashSet<>();
        message.recipients().forEach(recipient -> recipientDomains.add(recipient.getDomain().asString().toLowerCase(Locale.ROOT)));
        List<LimitCounters.Demand> demands = new ArrayList<>();
        for (LimitSet set : sets) {
            demand(demands, set, LimitMetric.MESSAGES_PER_HOUR, 1);
            demand(demands, set, LimitMetric.MESSAGES_PER_DAY, 1);
            demand(demands, set, LimitMetric.BYTES_PER_DAY, message.sizeBytes());
            set.limit(LimitMetric.PER_RECIPIENT_DOMAIN_PER_HOUR).ifPresent(limit -> recipientDomains.forEach(recipientDomain ->
                demands.add(new LimitCounters.Demand(CounterKey.toRecipientDomain(set.subject(), recipientDomain), limit, 1))));
        }
        Optional<LimitCounters.Acquisition> counted = acquire(demands, now);
        if (counted.isEmpty()) {
            return LimitDecision.unavailable();
        }
        LimitCounters.Acquisition acquisition = counted.get();
        approaching(acquisition, message.sender(), to);
        if (!acquisition.granted()) {
            return refused(acquisition, sets, now, message.sender(), to);
        }
        return LimitDecision.allow(acquisition.taken());
    }

    /** Gives back what an allowed decision counted (the mail was refused later for another reason). */
    public void undo(LimitDecision decision) {
        counters.release(decision.taken());
    }

    /**
     * The counters of every windowed limit of the domain's sets (its own, its aliases', its credentials'), in the
     * windows holding now: one row per limit, and for {@code perRecipientDomainPerHour} one per recipient domain
     * counted (none before the first mail).
     */
    public List<LimitUsage> usage(DomainName domain) {
        Instant now = clock.instant();
        List<LimitUsage> usage = new ArrayList<>();
        for (LimitSet set : settings.list(domain)) {
            List<LimitCounters.Count> counts = counters.counts(set.subject(), set.direction(), now);
            set.limits().forEach((metric, limit) -> {
                if (metric.window().isEmpty()) {
                    return;
                }
                if (metric == LimitMetric.PER_RECIPIENT_DOMAIN_PER_HOUR) {
                    counts.stream().filter(count -> count.key().metric() == metric)
                        .sorted(java.util.Comparator.comparing(count -> count.key().recipientDomain().orElse("")))
                        .forEach(count -> usage.add(new LimitUsage(set, count.key(), limit, count.count(), count.windowStart(), count.windowEnd())));
                    return;
                }
                CounterKey key = CounterKey.of(set.subject(), set.direction(), metric);
                long used = counts.stream().filter(count -> count.key().equals(key)).mapToLong(LimitCounters.Count::count).sum();
                usage.add(new LimitUsage(set, key, limit, used, metric.windowStart(now), metric.windowEnd(now)));
            });
        }
        return usage;
    }

    /**
     * The counters' answer; empty when they do not answer, which defers the mail ({@code 451 4.3.0}): letting it through
     * uncounted would let a cluster whose store is in trouble pass every limit. Logged when it starts and ends.
     */
    private Optional<LimitCounters.Acquisition> acquire(List<LimitCounters.Demand> demands, Instant now) {
        try {
            LimitCounters.Acquisition acquisition = counters.acquire(demands, now);
            if (countersDown.compareAndSet(true, false)) {
                LOGGER.info("The limit counters answer again");
            }
            return Optional.of(acquisition);
        } catch (LimitCountersUnavailable e) {
            if (countersDown.compareAndSet(false, true)) {
                LOGGER.warn("The limit counters do not answer: mail under limits is deferred (451 4.3.0) until they do", e);
            }
            return Optional.empty();
        }
    }

    private List<LimitSet> inboundSets(DomainName domain, Optional<LocalPart> alias) {
        List<LimitSet> sets = new ArrayList<>(2);
        alias.flatMap(part -> settings.inForce(LimitSubject.alias(domain, part), LimitDirection.INBOUND)).ifPresent(sets::add);
        settings.inForce(LimitSubject.domain(domain), LimitDirection.INBOUND).ifPresent(sets::add);
        return sets;
    }

    private static void demand(List<LimitCounters.Demand> demands, LimitSet set, LimitMetric metric, long amount) {
        set.limit(metric).ifPresent(limit ->
            demands.add(new LimitCounters.Demand(CounterKey.of(set.subject(), set.direction(), metric), limit, amount)));
    }

    private static List<String> addresses(List<MailAddress> recipients) {
        List<String> addresses = new ArrayList<>(recipients.size());
        recipients.forEach(recipient -> addresses.add(recipient.asString()));
        return addresses;
    }

    private static LimitSet setOf(List<LimitSet> sets, CounterKey key) {
        return sets.stream().filter(set -> set.subject().equals(key.subject()) && set.direction() == key.direction())
            .findFirst().orElseThrow();
    }

    private LimitDecision refused(LimitCounters.Acquisition acquisition, List<LimitSet> sets, Instant now, String sender,
                                  List<String> recipients) {
        LimitCounters.Demand demand = acquisition.refused();
        return refused(setOf(sets, demand.key()), demand.key(), demand.limit(), acquisition.countAtRefusal(),
            acquisition.firstRefusalInWindow(), now, sender, recipients);
    }

    private LimitDecision refused(LimitSet set, CounterKey key, long limit, long count, boolean first, Instant now,
                                  String sender, List<String> recipients) {
        LimitMetric metric = key.metric();
        Optional<Instant> retryAfter = metric.window().map(unit -> metric.windowEnd(now));
        String what = whose(key) + (metric == LimitMetric.RECIPIENTS_PER_MESSAGE
            ? " is limited to " + limit + " " + metric.words()
            : " has reached its limit of " + limit + " " + metric.words());
        SmtpStatus status;
        if (set.action() == LimitAction.REJECT) {
            status = SmtpStatus.of(550, "5.7.1", what);
        } else if (metric == LimitMetric.RECIPIENTS_PER_MESSAGE) {
            status = SmtpStatus.of(452, "4.5.3", what + ", send to the other recipients in another message");
        } else {
            status = SmtpStatus.of(451, "4.7.1", what + ", try again after " + retryAfter.orElseThrow());
        }
        LimitBreach breach = new LimitBreach(set, key, limit, retryAfter);
        if (first) {
            Instant windowStart = metric.window().map(unit -> metric.windowStart(now)).orElse(now.truncatedTo(java.time.temporal.ChronoUnit.HOURS));
            String detail = key + ": limit " + limit + " reached (" + count + " counted in the window from " + windowStart
                + "); mail " + (set.action() == LimitAction.REJECT ? "rejected" : "deferred")
                + retryAfter.map(end -> " until " + end).orElse("") + " with " + status.code() + " " + status.enhanced().orElse("");
            record(MailEventType.LIMIT_REACHED, key, now, sender, recipients, Optional.of(status), detail);
            if (set.notifyOwners()) {
                alerts.limitReached(key.subject().domain(), key + " " + windowStart,
                    "Limit reached: " + key.metric().words() + " of " + key.subject().describe(),
                    "The " + key.direction().asString() + " limit of " + limit + " " + metric.words() + " of "
                        + key.subject().describe() + key.recipientDomain().map(domain -> " (to " + domain + ")").orElse("")
                        + " was reached; further mail is " + (set.action() == LimitAction.REJECT ? "rejected (550 5.7.1)" : "deferred")
                        + retryAfter.map(end -> " until " + end).orElse("") + ".\n\nThe limits and their counters: GET /smtpy/domains/"
                        + key.subject().domain().asString() + "/limits/usage. You are told once per limit and window.");
            }
        }
        return LimitDecision.refuse(status, breach);
    }

    private static String whose(CounterKey key) {
        String subject = key.subject().describe();
        String mail = key.direction() == LimitDirection.INBOUND ? "mail for " + subject : "mail from " + subject;
        return mail + key.recipientDomain().map(domain -> " to " + domain).orElse("");
    }

    private void approaching(LimitCounters.Acquisition acquisition, String sender, List<String> recipients) {
        for (LimitCounters.Crossing crossing : acquisition.crossings()) {
            CounterKey key = crossing.demand().key();
            record(MailEventType.LIMIT_APPROACHING, key, clock.instant(), sender, recipients, Optional.empty(),
                key + ": " + crossing.count() + " of " + crossing.demand().limit() + " counted in the window from "
                    + crossing.windowStart() + " (" + Math.round(LimitCounters.APPROACHING * 100) + " % reached)");
        }
    }

    /** Limit events are not about one mail (no mail id): they belong to the domain, and the alias when the set is one's. */
    private void record(MailEventType type, CounterKey key, Instant at, String sender, List<String> recipients,
                        Optional<SmtpStatus> status, String detail) {
        events.record(MailEvent.builder(key.subject().domain(), type, at)
            .alias(key.subject().alias())
            .sender(sender)
            .recipients(recipients)
            .smtpCode(status.map(SmtpStatus::code))
            .enhancedStatus(status.flatMap(SmtpStatus::enhanced))
            .detail(detail)
            .build());
    }
}
