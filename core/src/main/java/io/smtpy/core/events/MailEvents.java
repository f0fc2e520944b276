package io.smtpy.core.events;

import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import javax.inject.Inject;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one object the mail path calls to record a decision. It exists beside {@link MailEventRepository} for one
 * reason: <b>recording never throws into the mail path</b>. A mail is accepted, refused or delivered whether or
 * not its event could be kept; a full disk or a closed store must not turn into a 451 or a lost mail. Failures
 * are counted ({@link #failures()}) and logged.
 */
public class MailEvents {
    private static final Logger LOGGER = LoggerFactory.getLogger(MailEvents.class);
    /**
     * After the first failure, one log line per this many: when storage is down every mail fails the same way,
     * and a line per mail would bury everything else in the log.
     */
    static final long LOG_EVERY = 1000;

    private final MailEventRepository repository;
    private final List<MailEventListener> listeners;
    private final EventPrivacyPolicy privacy;
    private final AtomicLong failures = new AtomicLong();

    public MailEvents(MailEventRepository repository) {
        this(repository, Set.of());
    }

    public MailEvents(MailEventRepository repository, Set<MailEventListener> listeners) {
        this(repository, listeners, EventPrivacyPolicy.FULL);
    }

    /**
     * @param listeners told of each event once it is appended ({@link MailEventListener})
     * @param privacy applied to each event before it is appended or told
     */
    @Inject
    public MailEvents(MailEventRepository repository, Set<MailEventListener> listeners, EventPrivacyPolicy privacy) {
        this.repository = repository;
        this.listeners = List.copyOf(listeners);
        this.privacy = privacy;
    }

    /** Appends the event; on any failure logs, counts and returns normally. */
    public void record(MailEvent event) {
        if (event == null) {
            failed(null, new NullPointerException("no event to record"));
            return;
        }
        MailEvent kept;
        try {
            kept = privacy.apply(event);
            repository.append(kept);
        } catch (Exception e) {
            failed(event, e);
            return;
        }
        for (MailEventListener listener : listeners) {
            try {
                listener.onEvent(kept);
            } catch (Exception e) {
                failed(event, e);
            }
        }
    }

    private void failed(MailEvent event, Exception cause) {
        long count = failures.incrementAndGet();
        if (count == 1 || count % LOG_EVERY == 0) {
            // The event's type, domain and id only: its addresses stay out of the server log.
            LOGGER.warn("Could not record mail event {} ({} failure(s) so far; logged once per {}): {}",
                event == null ? null : event.type().asString() + " of " + event.domain() + ", id " + event.id(),
                count, LOG_EVERY, cause.toString(), cause);
        }
    }

    /** How many events could not be recorded since start. */
    public long failures() {
        return failures.get();
    }
}
