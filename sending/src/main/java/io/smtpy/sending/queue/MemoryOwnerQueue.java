package io.smtpy.sending.queue;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import io.smtpy.core.model.DomainName;

/**
 * An {@link OwnerQueue} over copies kept in a map, with the durable queue's rules (a copy being delivered is not acted
 * on, retry of a held copy and release of one not held are refused, cancel takes any; the order of
 * {@link OwnerQueue#list}; retry and release make a copy due now by {@code clock}, a released copy gets back the reason
 * it had before it was held): for tests of what sits on top. Cancelled copies are kept in {@link #cancelled()}. Nothing
 * is delivered: a copy stays as it was added until an action changes it.
 */
public final class MemoryOwnerQueue implements OwnerQueue {
    /** How copies are listed: being delivered, then due (by priority then oldest), then due later (by time), then held. */
    private static final Comparator<Entry> LEAVING_FIRST = Comparator.<Entry>comparingInt(entry -> entry.group)
        .thenComparing(entry -> entry.group == Entry.LATER ? entry.copy.nextAttempt().orElseThrow() : Instant.MIN)
        .thenComparingInt(entry -> entry.group == Entry.LATER || entry.group == Entry.HELD ? 0 : -entry.copy.priority())
        .thenComparing(entry -> entry.copy.queuedAt())
        .thenComparingLong(entry -> entry.order);

    private final Clock clock;
    /** Guarded by {@code this}. */
    private final Map<String, Entry> copies = new HashMap<>();
    private final List<QueuedCopy> cancelled = new CopyOnWriteArrayList<>();
    private long sequence;

    /** A queue whose "now" is the system's. */
    public MemoryOwnerQueue() {
        this(Clock.systemUTC());
    }

    /** A queue whose "now" (what is due, when a retried or released copy is due) is {@code clock}'s. */
    public MemoryOwnerQueue(Clock clock) {
        this.clock = clock;
    }

    /**
     * Puts {@code copy} in the queue as its producer filled it (status, reason, next attempt), after the copies already
     * there with the same time; a copy with the same id is replaced.
     */
    public synchronized void add(QueuedCopy copy) {
        String reason = copy.status() == CopyStatus.WAITING ? copy.reason() : waitingReason(copy.attempts());
        copies.put(copy.id(), new Entry(copy, reason, ++sequence));
    }

    public List<QueuedCopy> cancelled() {
        return List.copyOf(cancelled);
    }

    @Override
    public synchronized List<QueuedCopy> list(DomainName domain) {
        Instant now = clock.instant();
        return copies.values().stream()
            .filter(entry -> entry.copy.domain().equals(domain))
            .map(entry -> entry.grouped(now))
            .sorted(LEAVING_FIRST)
            .map(entry -> entry.copy)
            .collect(Collectors.toList());
    }

    @Override
    public synchronized List<ActionOutcome> act(DomainName domain, QueueAction action, List<String> ids) {
        List<ActionOutcome> outcomes = new ArrayList<>();
        for (String id : ids) {
            Optional<Entry> found = Optional.ofNullable(copies.get(id)).filter(entry -> entry.copy.domain().equals(domain));
            outcomes.add(found.map(entry -> apply(action, entry))
                .orElse(ActionOutcome.refused(id, ActionOutcome.NO_SUCH_COPY + " in the queue")));
        }
        return outcomes;
    }

    private ActionOutcome apply(QueueAction action, Entry entry) {
        QueuedCopy copy = entry.copy;
        if (copy.status() == CopyStatus.DELIVERING) {
            return ActionOutcome.refused(copy.id(), "being delivered now");
        }
        boolean held = copy.status() == CopyStatus.HELD;
        Instant now = clock.instant();
        switch (action) {
            case RETRY:
                if (held) {
                    return ActionOutcome.refused(copy.id(), "held: release it to deliver it");
                }
                if (copy.nextAttempt().filter(next -> !next.isAfter(now)).isEmpty()) {
                    copies.put(copy.id(), entry.with(CopyStatus.WAITING, copy.reason(), Optional.of(now)));
                }
                break;
            case HOLD:
                if (held) {
                    return ActionOutcome.refused(copy.id(), "already held");
                }
                copies.put(copy.id(), entry.with(CopyStatus.HELD, "held by the domain's owner", Optional.empty()));
                break;
            case RELEASE:
                if (!held) {
                    return ActionOutcome.refused(copy.id(), "not held");
                }
                copies.put(copy.id(), entry.with(CopyStatus.WAITING, entry.waitingReason, Optional.of(now)));
                break;
            case CANCEL:
                copies.remove(copy.id());
                cancelled.add(copy);
                break;
            default:
                break;
        }
        return ActionOutcome.applied(copy.id());
    }

    /** The durable queue's reason for a waiting copy whose last error is not known. */
    private static String waitingReason(int attempts) {
        return attempts > 0 ? "temporary delivery failure (" + attempts + " attempt(s))" : "waiting for its first attempt";
    }

    /** A copy, the reason it shows while waiting (kept while it is held), its place among copies of the same time. */
    private static final class Entry {
        static final int DELIVERING = 0;
        static final int DUE = 1;
        static final int LATER = 2;
        static final int HELD = 3;

        private final QueuedCopy copy;
        private final String waitingReason;
        private final long order;
        /** Where it is listed, as of a listing's "now" ({@link #grouped}); unset (-1) otherwise. */
        private final int group;

        private Entry(QueuedCopy copy, String waitingReason, long order) {
            this(copy, waitingReason, order, -1);
        }

        private Entry(QueuedCopy copy, String waitingReason, long order, int group) {
            this.copy = copy;
            this.waitingReason = waitingReason;
            this.order = order;
            this.group = group;
        }

        Entry grouped(Instant now) {
            int where;
            if (copy.status() == CopyStatus.DELIVERING) {
                where = DELIVERING;
            } else if (copy.status() == CopyStatus.HELD) {
                where = HELD;
            } else {
                where = copy.nextAttempt().filter(next -> next.isAfter(now)).isPresent() ? LATER : DUE;
            }
            return new Entry(copy, waitingReason, order, where);
        }

        Entry with(CopyStatus status, String reason, Optional<Instant> nextAttempt) {
            return new Entry(new QueuedCopy(copy.id(), copy.domain(), copy.sender(), copy.recipients(), status, copy.attempts(),
                reason, nextAttempt, copy.queuedAt(), copy.priority()), waitingReason, order);
        }
    }
}
