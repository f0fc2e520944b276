package io.smtpy.suppression;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import javax.inject.Inject;

import io.smtpy.bounces.BounceClass;
import io.smtpy.bounces.BounceClassification;
import io.smtpy.bounces.FeedbackType;
import io.smtpy.bounces.Severity;
import io.smtpy.core.cluster.SharedCache;
import io.smtpy.core.cluster.SharedIndex;
import io.smtpy.core.cluster.Topic;
import io.smtpy.core.events.MailEvent;
import io.smtpy.core.events.MailEventType;
import io.smtpy.core.events.MailEvents;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.Destination;
import io.smtpy.core.model.LocalPart;
import io.smtpy.core.store.NotFoundException;

/**
 * The suppression policy: which failures and complaints suppress a destination of an alias, for how long, and what
 * lifts it. Every change is a mail event on the alias: {@code suppressed} (the destination in the recipients, the
 * reason and the end in the detail) and {@code unsuppressed} (why it ended).
 *
 * <p>Suppressed: a destination that failed permanently because the mailbox is gone or cannot take mail
 * ({@link #suppresses(BounceClassification)}), or that complained about a copy (an ARF report, any feedback type but
 * {@code not-spam}), or that an owner names. Lifted: by a later delivery to it, by an owner, or by itself at its end
 * ({@link #expire()}, run on a schedule).
 *
 * <p>The mail path calls this directly, never from a {@code MailEventListener}: the events it records would otherwise
 * be recorded from inside the recording of another, and listeners would see them out of order. A failure while
 * storing a suppression goes to the caller (the adapters catch it: a mail is never lost over it); recording the event
 * never throws ({@link MailEvents}).
 *
 * <p>The mail path asks {@link #active} for every destination of every copy, and {@link #delivered} for every copy
 * delivered: each domain's suppressions in force are held in memory, read at the domain's first use, so these cost no
 * store read (and {@code delivered} no write when nothing is to be lifted). A change made through this node is seen
 * at once; one made through another node of a cluster within a second, when this node reads the domain again
 * ({@link #sharedIndex()}, topic {@code suppressions}). A domain with more than {@value #MAX_HELD} suppressions in
 * force is not held: its lookups go to the store.
 */
public class Suppressions {
    /** A domain's suppressions changed (one was made, lifted or ended); the key is the domain. */
    public static final Topic<DomainName> TOPIC = Topic.ofDomains("suppressions");
    /** The most suppressions in force of one domain a node holds in memory. */
    public static final int MAX_HELD = 10_000;
    private static final int EXPIRY_BATCH = 500;

    private final SuppressionRepository repository;
    private final MailEvents events;
    private final Clock clock;
    private final SuppressionSettings settings;
    private final SharedCache<DomainName, DomainSuppressions> inForce;

    @Inject
    public Suppressions(SuppressionRepository repository, MailEvents events, Clock clock, SuppressionSettings settings) {
        this(repository, events, clock, settings, MAX_HELD);
    }

    /** @param maxHeld the most suppressions in force of a domain held in memory */
    Suppressions(SuppressionRepository repository, MailEvents events, Clock clock, SuppressionSettings settings, int maxHeld) {
        this.repository = repository;
        this.events = events;
        this.clock = clock;
        this.settings = settings;
        this.inForce = new SharedCache<>(TOPIC,
            domain -> DomainSuppressions.of(repository.inForce(domain, clock.instant(), maxHeld + 1), maxHeld));
    }

    /** The domains' suppressions held in memory for the mail path: what follows the changes made through other nodes. */
    public SharedIndex<DomainName> sharedIndex() {
        return inForce;
    }

    /**
     * Whether a failure should suppress its destination: permanent, and about the mailbox (no such user, mailbox full
     * or disabled for good). Not a spam or policy block, which is about the sender or the message and may pass next
     * time; not DNS, TLS or a timeout, which may be about the path rather than the mailbox (a refused connection is
     * classed with DNS); never a temporary failure.
     */
    public static boolean suppresses(BounceClassification classification) {
        if (classification.severity() != Severity.PERMANENT) {
            return false;
        }
        BounceClass cls = classification.cls();
        return cls == BounceClass.NO_SUCH_USER || cls == BounceClass.MAILBOX_FULL;
    }

    /** Whether a complaint suppresses: every feedback type but {@code not-spam}, which says the opposite. */
    public static boolean suppresses(FeedbackType type) {
        return type != FeedbackType.NOT_SPAM;
    }

    /** The suppression in force for this alias and destination, if any: from memory (see the class comment). */
    public Optional<Suppression> active(DomainName domain, LocalPart alias, Destination destination) {
        Instant now = clock.instant();
        DomainSuppressions held = inForce.get(domain);
        if (!held.held()) {
            return repository.active(domain, alias, destination, now);
        }
        return held.active(alias, destination, now);
    }

    public SuppressionPage list(SuppressionQuery query) {
        return repository.list(query);
    }

    public Optional<Suppression> find(DomainName domain, SuppressionId id) {
        return repository.find(domain, id);
    }

    /**
     * A copy to {@code destination} for {@code alias} failed: suppresses it when {@link #suppresses(BounceClassification)}
     * and it is not suppressed already.
     *
     * @param reply the remote reply, kept as the reason
     * @param journey the journey of the mail whose copy failed
     * @return the new suppression, empty when none was made
     */
    public Optional<Suppression> failed(DomainName domain, LocalPart alias, Destination destination,
                                        BounceClassification classification, String reply, Optional<String> journey) {
        if (!suppresses(classification)) {
            return Optional.empty();
        }
        return suppressOnce(domain, alias, destination, SuppressionCause.bounce(classification.cls()),
            "failed for good: " + reply.trim(), journey);
    }

    /**
     * A mailbox provider reported a complaint by {@code destination} about a copy forwarded for {@code alias}.
     *
     * @param reporter who sent the report (its reporting agent or address), for the reason
     * @return the new suppression, empty when none was made
     */
    public Optional<Suppression> complained(DomainName domain, LocalPart alias, Destination destination, FeedbackType type,
                                            String reporter, Optional<String> journey) {
        if (!suppresses(type)) {
            return Optional.empty();
        }
        SuppressionCause cause = SuppressionCause.complaint(type);
        return suppressOnce(domain, alias, destination, cause, "complained (" + cause.detail() + ", reported by " + reporter + ")",
            journey);
    }

    private Optional<Suppression> suppressOnce(DomainName domain, LocalPart alias, Destination destination,
                                               SuppressionCause cause, String reason, Optional<String> journey) {
        Instant now = clock.instant();
        // Copies in flight when the first failure came back fail too: one suppression is enough.
        if (repository.active(domain, alias, destination, now).isPresent()) {
            return Optional.empty();
        }
        return Optional.of(add(new Suppression(SuppressionId.random(), domain, alias, destination, reason, cause, now,
            now.plus(settings.period()), journey)));
    }

    /**
     * An owner suppresses a destination by hand, for {@code days} (the installation's {@code suppression.days} when
     * absent), whether or not it is suppressed already.
     *
     * @throws io.smtpy.core.model.InvalidFieldException ({@code days}) outside 1..{@value SuppressionSettings#MAX_DAYS}
     */
    public Suppression suppress(DomainName domain, LocalPart alias, Destination destination, Optional<Integer> days,
                                Optional<String> reason) {
        days.ifPresent(value -> SuppressionSettings.checkDays("days", value));
        Instant now = clock.instant();
        Duration period = days.map(Duration::ofDays).orElse(settings.period());
        return add(new Suppression(SuppressionId.random(), domain, alias, destination,
            reason.filter(text -> !text.isBlank()).orElse("suppressed by an owner"), SuppressionCause.MANUAL, now,
            now.plus(period), Optional.empty()));
    }

    private Suppression add(Suppression suppression) {
        repository.add(suppression);
        inForce.changed(suppression.domain());
        events.record(event(suppression, MailEventType.SUPPRESSED)
            .detail("suppressed until " + suppression.until() + ": " + suppression.reason() + " (" + suppression.cause() + ")")
            .build());
        return suppression;
    }

    /**
     * A copy to {@code destination} for {@code alias} was delivered: the destination works again, so a suppression of
     * it (made by a failure or a complaint while this copy was in flight, or by an owner) ends. Almost every copy
     * delivered has none: that is answered from memory, and only a suppression held there is looked for in the store.
     */
    public void delivered(DomainName domain, LocalPart alias, Destination destination, Optional<String> journey) {
        if (active(domain, alias, destination).isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        Optional<Suppression> active = repository.active(domain, alias, destination, now);
        while (active.isPresent()) {
            end(active.get(), "lifted: a later copy was delivered to it", journey);
            active = repository.active(domain, alias, destination, now);
        }
        inForce.changed(domain);
    }

    /**
     * An owner lifts a suppression.
     *
     * @throws NotFoundException when the domain has no such suppression
     */
    public Suppression lift(DomainName domain, SuppressionId id) {
        Suppression suppression = repository.find(domain, id)
            .orElseThrow(() -> new NotFoundException("no suppression " + id + " in domain " + domain));
        end(suppression, "lifted by an owner", suppression.journeyId());
        inForce.changed(domain);
        return suppression;
    }

    /** Ends the suppressions whose time is up, each with an {@code unsuppressed} event. @return how many ended */
    public int expire() {
        int ended = 0;
        List<Suppression> batch = repository.ended(clock.instant(), EXPIRY_BATCH);
        while (!batch.isEmpty()) {
            Set<DomainName> domains = new LinkedHashSet<>();
            for (Suppression suppression : batch) {
                if (end(suppression, "ended: its time (" + suppression.until() + ") was up", suppression.journeyId())) {
                    ended++;
                    domains.add(suppression.domain());
                }
            }
            // Memory already answers "not in force" for these (their time is up): this only lets it forget them.
            domains.forEach(inForce::changed);
            if (batch.size() < EXPIRY_BATCH) {
                break;
            }
            batch = repository.ended(clock.instant(), EXPIRY_BATCH);
        }
        return ended;
    }

    /** Removes it and records why; false when someone else removed it first (no second event). */
    private boolean end(Suppression suppression, String why, Optional<String> journey) {
        if (!repository.remove(suppression.domain(), suppression.id())) {
            return false;
        }
        events.record(event(suppression, MailEventType.UNSUPPRESSED)
            .journeyId(journey)
            .detail(why + " (suppression " + suppression.id() + ", " + suppression.cause() + ")")
            .build());
        return true;
    }

    private MailEvent.Builder event(Suppression suppression, MailEventType type) {
        return MailEvent.builder(suppression.domain(), type, clock.instant())
            .alias(suppression.alias())
            .journeyId(suppression.journeyId())
            .recipients(List.of(suppression.destination().asString()));
    }
}
