package io.smtpy.core.events;

import java.util.List;

/**
 * Storage port for mail events: an <b>append-only log</b> of the mail path's decisions, per domain. Events are
 * never changed once appended; the only way out will be retention (a later issue, with search, export and
 * webhooks).
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
}
