package io.smtpy.core.events;

/**
 * Told of every event {@link MailEvents} records, after it was appended: how roll-ups, webhooks and live tails follow
 * the mail path without a query. Called on the mail path's thread: an implementation queues or counts and returns at
 * once; what it throws is logged and counted, never passed to the mail path.
 */
public interface MailEventListener {
    void onEvent(MailEvent event);
}
