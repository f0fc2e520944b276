package io.smtpy.sending.queue;

import java.util.List;

import io.smtpy.core.model.DomainName;

/**
 * The delivery queue as a domain's owner may see and steer it: the copies of one domain (never another's), and the
 * actions of {@link QueueAction} on them by id. The embedded server's durable queue implements it for its
 * {@code outgoing} queue; a server whose queue does not ({@link #UNAVAILABLE}) answers that it cannot.
 */
public interface OwnerQueue {
    /**
     * A mail attribute (text: why) asking the delivery queue to take the mail in held, for the owner's review: it waits,
     * listed with that reason, until the owner releases (or cancels) it. Only a queue whose {@link #holdsForReview()} is
     * true reads it; the queue removes it, so a retry later is not held again.
     */
    String HOLD_FOR_REVIEW = "io.smtpy.queue.holdForReview";

    /** Whether the queue takes mail carrying {@link #HOLD_FOR_REVIEW} in held; one that cannot would send it. */
    default boolean holdsForReview() {
        return false;
    }

    /**
     * The copies of {@code domain} in the queue, in the order they would leave: those being delivered, then those due by
     * lane (by priority, highest first) then oldest first, then those due later by time, then the held ones.
     */
    List<QueuedCopy> list(DomainName domain);

    /**
     * Applies {@code action} to each of {@code ids} that is a copy of {@code domain}, and says what it did to each; an id
     * of another domain's copy is refused as one that does not exist (a refusal starting with {@code "no such copy"}). A
     * copy being delivered is not acted on; retry of a held copy, hold of a held one and release of one not held are
     * refused.
     */
    List<ActionOutcome> act(DomainName domain, QueueAction action, List<String> ids);

    /** The queue of a server that cannot show it (James's own queues): every call throws. */
    OwnerQueue UNAVAILABLE = new OwnerQueue() {
        @Override
        public List<QueuedCopy> list(DomainName domain) {
            throw new UnsupportedOperationException(WHY);
        }

        @Override
        public List<ActionOutcome> act(DomainName domain, QueueAction action, List<String> ids) {
            throw new UnsupportedOperationException(WHY);
        }
    };

    String WHY = "this server's mail queue does not serve the owner's queue (the embedded server's durable queue does)";
}
