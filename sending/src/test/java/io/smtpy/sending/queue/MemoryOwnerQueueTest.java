package io.smtpy.sending.queue;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The {@link OwnerQueueContract} on {@link MemoryOwnerQueue}: copies are added filled as the durable queue fills them
 * (ids that say nothing of their order), a copy being delivered is added as such.
 */
class MemoryOwnerQueueTest extends OwnerQueueContract {
    private final MemoryOwnerQueue queue = new MemoryOwnerQueue(clock);

    @Override
    protected OwnerQueue queue() {
        return queue;
    }

    @Override
    protected void enqueue(NewCopy copy) {
        queue.add(queued(copy, CopyStatus.WAITING));
    }

    @Override
    protected void enqueueBeingDelivered(NewCopy copy) {
        queue.add(queued(copy, CopyStatus.DELIVERING));
    }

    @Override
    protected List<String> cancelledRecipients() {
        return queue.cancelled().stream().flatMap(copy -> copy.recipients().stream()).collect(Collectors.toList());
    }

    private QueuedCopy queued(NewCopy copy, CopyStatus status) {
        Instant now = clock.instant();
        String reason;
        if (status == CopyStatus.DELIVERING) {
            reason = "being delivered now";
        } else if (copy.lastError().isPresent()) {
            reason = copy.lastError().get();
        } else if (copy.attempts() > 0) {
            reason = "temporary delivery failure (" + copy.attempts() + " attempt(s))";
        } else {
            reason = "waiting for its first attempt";
        }
        Optional<Instant> next = status == CopyStatus.WAITING ? Optional.of(now.plus(copy.delay())) : Optional.empty();
        return new QueuedCopy(UUID.randomUUID().toString(), copy.domain(), copy.sender().orElse(""), List.of(copy.recipient()),
            status, copy.attempts(), reason, next, now, MailPriority.rank(copy.priority(), copy.sender().isEmpty()));
    }
}
