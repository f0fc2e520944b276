package io.smtpy.core.events;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.google.common.collect.ImmutableList;

import io.smtpy.core.model.DomainName;

/**
 * Events in the heap, for tests and {@code storage=memory}. A domain keeps its last
 * {@value #DEFAULT_MAX_EVENTS_PER_DOMAIN} appended events (the oldest appended go first): a trial server left
 * running under mail must not fill the heap with its log.
 */
public class MemoryMailEventRepository implements MailEventRepository {
    public static final int DEFAULT_MAX_EVENTS_PER_DOMAIN = 100_000;

    /** An event and its place in the order of appending, which breaks ties between events of one instant. */
    private static final class Appended {
        private final long sequence;
        private final MailEvent event;

        Appended(long sequence, MailEvent event) {
            this.sequence = sequence;
            this.event = event;
        }
    }

    private static final Comparator<Appended> NEWEST_FIRST = Comparator.<Appended, Instant>comparing(appended -> appended.event.at())
        .thenComparingLong(appended -> appended.sequence)
        .reversed();

    private final int maxEventsPerDomain;
    private final Map<DomainName, Deque<Appended>> byDomain = new ConcurrentHashMap<>();
    private long sequence;

    public MemoryMailEventRepository() {
        this(DEFAULT_MAX_EVENTS_PER_DOMAIN);
    }

    public MemoryMailEventRepository(int maxEventsPerDomain) {
        if (maxEventsPerDomain < 1) {
            throw new IllegalArgumentException("maxEventsPerDomain must be at least 1, got " + maxEventsPerDomain);
        }
        this.maxEventsPerDomain = maxEventsPerDomain;
    }

    @Override
    public void append(MailEvent event) {
        Deque<Appended> events = byDomain.computeIfAbsent(event.domain(), any -> new ArrayDeque<>());
        synchronized (events) {
            events.addLast(new Appended(nextSequence(), event));
            if (events.size() > maxEventsPerDomain) {
                events.removeFirst();
            }
        }
    }

    private synchronized long nextSequence() {
        return ++sequence;
    }

    @Override
    public List<MailEvent> list(MailEventQuery query) {
        Deque<Appended> events = byDomain.get(query.domain());
        if (events == null) {
            return List.of();
        }
        List<Appended> copy;
        synchronized (events) {
            copy = new ArrayList<>(events);
        }
        return copy.stream()
            .filter(appended -> query.test(appended.event))
            .sorted(NEWEST_FIRST)
            .limit(query.limit())
            .map(appended -> appended.event)
            .collect(ImmutableList.toImmutableList());
    }
}
