package io.smtpy.server.queue;

import java.time.Duration;
import java.util.List;

import org.apache.james.lifecycle.api.Disposable;
import org.apache.james.lifecycle.api.LifecycleUtil;
import org.apache.james.queue.api.MailQueue;
import org.apache.james.queue.api.MailQueueName;
import org.apache.james.queue.api.ManageableMailQueue;
import org.apache.james.transport.mailets.remote.delivery.DeliveryRetriesHelper;
import org.apache.mailet.Mail;
import org.reactivestreams.Publisher;

import io.smtpy.core.model.DomainName;
import io.smtpy.mailets.DeliveryDeferrals;
import io.smtpy.sending.queue.ActionOutcome;
import io.smtpy.sending.queue.OwnerQueue;
import io.smtpy.sending.queue.QueueAction;
import io.smtpy.sending.queue.QueuedCopy;

/**
 * A mail queue that tells {@link DeliveryDeferrals} when a mail comes back with a delay after a failed delivery
 * attempt: RemoteDelivery re-enqueues a temporarily failed mail with a delay and a retry count, and says nothing
 * else about it. Everything else is passed to the queue underneath, the owner's view and actions too.
 */
final class DeferralReportingMailQueue implements ManageableMailQueue, OwnerQueue, Disposable {
    private final ManageableMailQueue queue;
    private final DeliveryDeferrals deferrals;

    DeferralReportingMailQueue(ManageableMailQueue queue, DeliveryDeferrals deferrals) {
        this.queue = queue;
        this.deferrals = deferrals;
    }

    @Override
    public void enQueue(Mail mail, Duration delay) throws MailQueueException {
        int attempts = DeliveryRetriesHelper.retrieveRetries(mail);
        boolean deferral = attempts > 0 && Mail.ERROR.equals(mail.getState());
        // Fallbacks may take recipients that waited too long; a mail left with none is done (each went elsewhere).
        if (deferral && !deferrals.beforeRetry(mail, attempts)) {
            return;
        }
        queue.enQueue(mail, delay);
        if (deferral) {
            deferrals.deferred(mail, attempts, delay);
        }
    }

    @Override
    public MailQueueName getName() {
        return queue.getName();
    }

    @Override
    public void enQueue(Mail mail) throws MailQueueException {
        queue.enQueue(mail);
    }

    @Override
    public Publisher<Void> enqueueReactive(Mail mail) {
        return queue.enqueueReactive(mail);
    }

    @Override
    public Publisher<MailQueue.MailQueueItem> deQueue() {
        return queue.deQueue();
    }

    @Override
    public long getSize() throws MailQueueException {
        return queue.getSize();
    }

    @Override
    public long flush() throws MailQueueException {
        return queue.flush();
    }

    @Override
    public long clear() throws MailQueueException {
        return queue.clear();
    }

    @Override
    public long remove(Type type, String value) throws MailQueueException {
        return queue.remove(type, value);
    }

    @Override
    public MailQueueIterator browse() throws MailQueueException {
        return queue.browse();
    }

    @Override
    public List<QueuedCopy> list(DomainName domain) {
        return owned().list(domain);
    }

    @Override
    public List<ActionOutcome> act(DomainName domain, QueueAction action, List<String> ids) {
        return owned().act(domain, action, ids);
    }

    @Override
    public boolean holdsForReview() {
        return owned().holdsForReview();
    }

    private OwnerQueue owned() {
        return queue instanceof OwnerQueue ? (OwnerQueue) queue : OwnerQueue.UNAVAILABLE;
    }

    @Override
    public void close() throws java.io.IOException {
        queue.close();
    }

    /** The factory disposes its queues at shutdown; the queue underneath must get that call. */
    @Override
    public void dispose() {
        LifecycleUtil.dispose(queue);
    }
}
