package io.smtpy.mailets;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.inject.Singleton;

import org.apache.mailet.Mail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a mail queue reports that RemoteDelivery put a mail back for a later attempt (a temporary failure):
 * James's mailets get no signal for that, so the embedded server's outgoing queue tells this meeting point, and
 * smtpy records a DEFERRED event. In a stock James nothing reports here, and no DEFERRED event is recorded.
 */
@Singleton
public class DeliveryDeferrals {
    private static final Logger LOGGER = LoggerFactory.getLogger(DeliveryDeferrals.class);

    /** Told of each deferral. */
    public interface Listener {
        void deferred(Mail mail, int attempts, Duration nextAttemptIn);
    }

    /** Asked before a deferred mail goes back into its queue: may take recipients away to serve them elsewhere. */
    public interface Diversion {
        void divert(Mail mail, int attempts);
    }

    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final List<Diversion> diversions = new CopyOnWriteArrayList<>();

    public void divertWith(Diversion diversion) {
        diversions.add(diversion);
    }

    /**
     * Lets the diversions take recipients of a deferred mail before it goes back into its queue. Never throws.
     *
     * @return whether recipients remain to try again (false: the mail is done with, it must not be queued again)
     */
    public boolean beforeRetry(Mail mail, int attempts) {
        for (Diversion diversion : diversions) {
            try {
                diversion.divert(mail, attempts);
            } catch (RuntimeException e) {
                LOGGER.warn("A deferral diversion failed for mail {}; it is tried again as it is", mail.getName(), e);
            }
        }
        return !mail.getRecipients().isEmpty();
    }

    public void listen(Listener listener) {
        listeners.add(listener);
    }

    /** Never throws: a listener's failure must not stop the mail from going back into its queue. */
    public void deferred(Mail mail, int attempts, Duration nextAttemptIn) {
        for (Listener listener : listeners) {
            try {
                listener.deferred(mail, attempts, nextAttemptIn);
            } catch (RuntimeException e) {
                LOGGER.warn("A deferral listener failed for mail {}", mail.getName(), e);
            }
        }
    }
}
