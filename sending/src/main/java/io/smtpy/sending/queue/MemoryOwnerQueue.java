package io.smtpy.sending.queue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import io.smtpy.core.model.DomainName;

/**
 * An {@link OwnerQueue} over copies kept in a map, with the durable queue's rules (a copy being delivered is not acted
 * on, retry of a held copy and release of one not held are refused, cancel takes any): for tests of what sits on top.
 * Cancelled copies are kept in {@link #cancelled()}.
 */
public final class MemoryOwnerQueue implements OwnerQueue {
    private final Map<String, QueuedCopy> copies = new ConcurrentHashMap<>();
    private final List<QueuedCopy> cancelled = new CopyOnWriteArrayList<>();

    public void add(QueuedCopy copy) {
        copies.put(copy.id(), copy);
    }

    public List<QueuedCopy> cancelled() {
        return List.copyOf(cancelled);
    }

    @Override
    public List<QueuedCopy> list(DomainName domain) {
        return copies.values().stream().filter(copy -> copy.domain().equals(domain))
            .sorted(java.util.Comparator.comparing(QueuedCopy::queuedAt).thenComparing(QueuedCopy::id))
            .collect(Collectors.toList());
    }

    @Override
    public List<ActionOutcome> act(DomainName domain, QueueAction action, List<String> ids) {
        List<ActionOutcome> outcomes = new ArrayList<>();
        for (String id : ids) {
            Optional<QueuedCopy> found = Optional.ofNullable(copies.get(id)).filter(copy -> copy.domain().equals(domain));
            outcomes.add(found.map(copy -> apply(action, copy))
                .orElse(ActionOutcome.refused(id, "no such copy in the queue")));
        }
        return outcomes;
    }

    private ActionOutcome apply(QueueAction action, QueuedCopy copy) {
        if (copy.status() == CopyStatus.DELIVERING) {
            return ActionOutcome.refused(copy.id(), "being delivered now");
        }
        boolean held = copy.status() == CopyStatus.HELD;
        switch (action) {
            case RETRY:
                if (held) {
                    return ActionOutcome.refused(copy.id(), "held: release it to deliver it");
                }
                break;
            case HOLD:
                if (held) {
                    return ActionOutcome.refused(copy.id(), "already held");
                }
                copies.put(copy.id(), with(copy, CopyStatus.HELD));
                break;
            case RELEASE:
                if (!held) {
                    return ActionOutcome.refused(copy.id(), "not held");
                }
                copies.put(copy.id(), with(copy, CopyStatus.WAITING));
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

    private static QueuedCopy with(QueuedCopy copy, CopyStatus status) {
        return new QueuedCopy(copy.id(), copy.domain(), copy.sender(), copy.recipients(), status, copy.attempts(),
            status == CopyStatus.HELD ? "held by the domain's owner" : copy.reason(),
            status == CopyStatus.HELD ? Optional.empty() : Optional.of(copy.queuedAt()), copy.queuedAt(), copy.priority());
    }
}
