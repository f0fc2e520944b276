package io.smtpy.core.events;

import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

import io.smtpy.core.model.DomainName;

/**
 * Storage port for mail events: an <b>append-only log</b> of the mail path's decisions, per domain. Events are
 * never changed once appended; the only way out is retention ({@link #purge}).
 *
 * <p>{@link #append} is called on the mail path, so an implementation must not make it wait for the disk:
 * it may queue the event and write it later, provided {@link #list} then sees every event appended before it
 * was called (read-your-writes). Implementations: memory (tests), embedded (SQLite, batched); every one passes
 * {@code MailEventRepositoryContract}. The mail path calls it through {@link MailEvents}, which never throws.
 */
public interface MailEventRepository {

    /**
     * Adds an event to the log. Thread-safe; concurrent appends are all kept.
     *
     * @throws RuntimeException when the event cannot be kept (storage closed or overwhelmed)
     */
    void append(MailEvent event);

    /**
     * The events of the query's domain that pass its filters, newest first (by {@link MailEvent#at()}; of two
     * events at the same instant, the one appended later first), at most {@link MailEventQuery#limit()}.
     */
    List<MailEvent> list(MailEventQuery query);

    /**
     * The events of one journey ({@link MailEvent#journeyId()}) of the domain, oldest first (of two events at the
     * same instant, the one appended first first); empty when the domain has no such journey.
     */
    List<MailEvent> journey(DomainName domain, String journeyId);

    /**
     * The summaries of the query's domain's journeys that pass its filters ({@link JourneyQuery#test}), in
     * {@link JourneyStart#NEWEST_FIRST} order of their starts, after its cursor, at most its limit. A summary sums up
     * every event of its journey appended before the call ({@link JourneySummary}), whichever matched.
     */
    List<JourneySummary> journeys(JourneyQuery query);

    /**
     * Hands every event passing the query's filters (its limit ignored) to {@code action}, oldest first, as they are
     * read: an implementation never holds them all, so an export of millions runs in bounded memory. A runtime
     * exception thrown by {@code action} stops the reading and is thrown on.
     */
    void forEach(MailEventQuery query, Consumer<MailEvent> action);

    /** Deletes the domain's events older than {@code before}; returns how many went. */
    long purge(DomainName domain, Instant before);
}
