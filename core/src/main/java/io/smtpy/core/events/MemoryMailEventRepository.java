package io.smtpy.core.events;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

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
        return snapshot(query.domain()).stream()
            .filter(appended -> query.test(appended.event))
            .sorted(NEWEST_FIRST)
            .limit(query.limit())
            .map(appended -> appended.event)
            .collect(ImmutableList.toImmutableList());
    }

    @Override
    public List<MailEvent> journey(DomainName domain, String journeyId) {
        return oldestFirst(snapshot(domain), MailEventQuery.of(domain).withJourneyId(Optional.of(journeyId)));
    }

    @Override
    public List<JourneySummary> journeys(JourneyQuery query) {
        if (query.matchesNothing()) {
            return List.of();
        }
        // Summed up at each call, in the order of appending, as the embedded store sums them up as it writes.
        Map<String, JourneySummary.Builder> journeys = new LinkedHashMap<>();
        snapshot(query.domain()).stream()
            .filter(appended -> appended.event.journeyId().isPresent())
            .forEach(appended -> journeys.computeIfAbsent(appended.event.journeyId().get(),
                id -> JourneySummary.builder(query.domain(), id)).add(appended.event));
        return journeys.values().stream()
            .map(JourneySummary.Builder::build)
            .filter(query::test)
            .filter(summary -> query.after().map(summary.start()::isAfter).orElse(true))
            .sorted(Comparator.comparing(JourneySummary::start, JourneyStart.NEWEST_FIRST))
            .limit(query.limit())
            .collect(ImmutableList.toImmutableList());
    }

    @Override
    public void forEach(MailEventQuery query, Consumer<MailEvent> action) {
        oldestFirst(snapshot(query.domain()), query).forEach(action);
    }

    @Override
    public long purge(DomainName domain, Instant before) {
        Deque<Appended> events = byDomain.get(domain);
        if (events == null) {
            return 0;
        }
        synchronized (events) {
            int size = events.size();
            events.removeIf(appended -> appended.event.at().isBefore(before));
            return size - events.size();
        }
    }

    private static List<MailEvent> oldestFirst(List<Appended> events, MailEventQuery query) {
        return events.stream()
            .filter(appended -> query.test(appended.event))
            .sorted(NEWEST_FIRST.reversed())
            .map(appended -> appended.event)
            .collect(ImmutableList.toImmutableList());
    }

    private List<Appended> snapshot(DomainName domain) {
        Deque<Appended> events = byDomain.get(domain);
        if (events == null) {
            return List.of();
        }
        synchronized (events) {
            return new ArrayList<>(events);
        }
    }
}
