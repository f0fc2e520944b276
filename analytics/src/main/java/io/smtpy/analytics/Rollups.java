package io.smtpy.analytics;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

import javax.inject.Inject;

import io.smtpy.core.events.MailEvent;
import io.smtpy.core.events.MailEventListener;
import io.smtpy.core.events.MailEventType;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.LocalPart;

/**
 * Folds each recorded mail event into hourly counters per domain and per alias, in memory, and writes them to the
 * {@link RollupRepository} when {@link #flush()} is called (the wiring calls it every 30 s and at stop). Analytics are
 * served from these roll-ups, never by scanning the events.
 *
 * <p>{@link #onEvent} runs on the mail path's thread, so it touches only memory: a concurrent map of the hours not
 * flushed yet, each guarded by its own short lock, and a bounded map of recent receptions for the latency. It never
 * waits for storage: {@link #flush()} takes the pending hours out of the map before it writes them. Memory is bounded:
 * at most {@link #MAX_PENDING} pending roll-ups (beyond it, events are still counted for their domain but no longer
 * for new aliases, and counted in {@link #overflows()}), and {@link #MAX_RECEPTIONS} remembered receptions.
 *
 * <p>Bounces coming back to an SRS address ({@link EventClasses#isSrsReturn}) count for their domain only: each has
 * its own address, which is no alias an owner would look for.
 *
 * <p>Latency is the time from a mail's {@code received} event to each {@code delivered} event of the same mail (by
 * James's mail name, or its Message-ID when the delivered copy was renamed), counted in the hour of the delivery.
 */
public class Rollups implements MailEventListener {
    static final int MAX_PENDING = 100_000;
    static final int MAX_RECEPTIONS = 100_000;
    /** A reception older than this is no longer matched with a delivery: a day-long delay is a retry story, not latency. */
    static final Duration MAX_LATENCY = Duration.ofDays(1);
    /** How long stored roll-ups are kept: a year of days can always be asked for. */
    public static final Duration RETENTION = Duration.ofDays(400);

    private final RollupRepository repository;
    private final ConcurrentHashMap<RollupKey, Pending> pending = new ConcurrentHashMap<>();
    private final Map<String, Instant> receptions = new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Instant> eldest) {
            return size() > MAX_RECEPTIONS;
        }
    };
    /** Held by flush and by readers, never by {@link #onEvent}: a reader sees each count either pending or stored. */
    private final ReentrantLock flushing = new ReentrantLock();
    private final AtomicLong overflows = new AtomicLong();

    private final int maxPending;

    @Inject
    public Rollups(RollupRepository repository) {
        this(repository, MAX_PENDING);
    }

    Rollups(RollupRepository repository, int maxPending) {
        this.repository = repository;
        this.maxPending = maxPending;
    }

    @Override
    public void onEvent(MailEvent event) {
        Optional<Long> latency = latency(event);
        fold(RollupKey.at(event.domain(), RollupKey.ALL_ALIASES, event.at()), event, latency, true);
        event.alias().map(LocalPart::asString).filter(alias -> !EventClasses.isSrsReturn(alias)).ifPresent(alias ->
            fold(RollupKey.at(event.domain(), alias, event.at()), event, latency, false));
    }

    private void fold(RollupKey key, MailEvent event, Optional<Long> latency, boolean mustCount) {
        while (true) {
            Pending rollup = pending.get(key);
            if (rollup == null) {
                if (!mustCount && pending.size() >= maxPending) {
                    overflows.incrementAndGet();
                    return;
                }
                rollup = pending.computeIfAbsent(key, Pending::new);
            }
            if (rollup.fold(event, latency)) {
                return;
            }
            // Taken out by a flush between get and fold: count into the next one.
        }
    }

    private Optional<Long> latency(MailEvent event) {
        if (event.type() == MailEventType.RECEIVED) {
            synchronized (receptions) {
                event.mailId().ifPresent(id -> receptions.putIfAbsent("id:" + id, event.at()));
                event.messageId().ifPresent(id -> receptions.putIfAbsent("message-id:" + id, event.at()));
            }
            return Optional.empty();
        }
        if (event.type() != MailEventType.DELIVERED) {
            return Optional.empty();
        }
        Instant received;
        synchronized (receptions) {
            received = event.mailId().map(id -> receptions.get("id:" + id))
                .or(() -> event.messageId().map(id -> receptions.get("message-id:" + id)))
                .orElse(null);
        }
        if (received == null || received.isAfter(event.at()) || received.plus(MAX_LATENCY).isBefore(event.at())) {
            return Optional.empty();
        }
        return Optional.of(Duration.between(received, event.at()).toMillis());
    }

    /** Writes the pending roll-ups to the repository; on failure they stay pending for the next flush. */
    public void flush() {
        flushing.lock();
        try {
            List<Rollup> taken = new ArrayList<>();
            for (RollupKey key : new ArrayList<>(pending.keySet())) {
                Pending rollup = pending.remove(key);
                if (rollup != null) {
                    taken.add(rollup.close());
                }
            }
            if (taken.isEmpty()) {
                return;
            }
            try {
                repository.add(taken);
            } catch (RuntimeException e) {
                taken.forEach(this::putBack);
                throw e;
            }
        } finally {
            flushing.unlock();
        }
    }

    private void putBack(Rollup rollup) {
        while (true) {
            Pending target = pending.computeIfAbsent(rollup.key(), Pending::new);
            if (target.add(rollup)) {
                return;
            }
        }
    }

    /**
     * The roll-ups of one domain and alias ({@link RollupKey#ALL_ALIASES} for all) whose hour starts in
     * {@code [from, to)}: the stored ones with what is still pending added, oldest first.
     */
    public List<Rollup> find(DomainName domain, String alias, Instant from, Instant to) {
        flushing.lock();
        try {
            Map<Instant, Rollup> byHour = new TreeMap<>();
            for (Rollup stored : repository.find(domain, alias, from, to)) {
                byHour.put(stored.key().hour(), stored);
            }
            Predicate<RollupKey> wanted = key -> key.domain().equals(domain) && key.alias().equals(alias)
                && !key.hour().isBefore(from) && key.hour().isBefore(to);
            pending.forEach((key, rollup) -> {
                if (wanted.test(key)) {
                    byHour.merge(key.hour(), rollup.snapshot(), Rollup::plus);
                }
            });
            return new ArrayList<>(byHour.values());
        } finally {
            flushing.unlock();
        }
    }

    /** Forgets the domain's roll-ups, pending and stored. */
    public void deleteDomain(DomainName domain) {
        flushing.lock();
        try {
            pending.keySet().removeIf(key -> key.domain().equals(domain));
            repository.deleteDomain(domain);
        } finally {
            flushing.unlock();
        }
    }

    /**
     * Forgets the stored roll-ups older than {@link #RETENTION} before {@code now}: the longest span a report covers
     * (366 days) and a little more. Returns how many.
     */
    public int expire(Instant now) {
        return repository.deleteBefore(now.minus(RETENTION).truncatedTo(ChronoUnit.HOURS));
    }

    /** Alias-level counts not kept since start because {@link #MAX_PENDING} roll-ups were pending. */
    public long overflows() {
        return overflows.get();
    }

    /** One hour's counts not flushed yet; closed once a flush took it, after which it refuses to count. */
    private static final class Pending {
        private final Rollup.Builder counts;
        private boolean closed;

        Pending(RollupKey key) {
            this.counts = new Rollup.Builder(key);
        }

        synchronized boolean fold(MailEvent event, Optional<Long> latency) {
            if (closed) {
                return false;
            }
            MailEventType type = event.type();
            counts.count(type.asString());
            if (EventClasses.isSpam(event)) {
                counts.count(Rollup.SPAM);
            } else if (EventClasses.isVirus(event)) {
                counts.count(Rollup.VIRUS);
            }
            if (type == MailEventType.REJECTED) {
                counts.count(Rollup.REJECTED_BY + EventClasses.rejectionReason(event));
            }
            if (type == MailEventType.BOUNCED) {
                counts.count(Rollup.BOUNCED_BY + EventClasses.bounceClass(event));
            }
            if (type == MailEventType.RECEIVED) {
                counts.topValue(Rollup.SENDERS, event.sender());
                event.alias().map(LocalPart::asString).filter(alias -> !EventClasses.isSrsReturn(alias))
                    .ifPresent(alias -> counts.topValue(Rollup.ALIASES, alias));
            }
            if (type == MailEventType.FORWARDED) {
                event.recipients().forEach(destination -> counts.topValue(Rollup.DESTINATIONS, destination));
            }
            latency.ifPresent(counts::latency);
            return true;
        }

        synchronized boolean add(Rollup rollup) {
            if (closed) {
                return false;
            }
            counts.add(rollup);
            return true;
        }

        synchronized Rollup snapshot() {
            return counts.build();
        }

        synchronized Rollup close() {
            closed = true;
            return counts.build();
        }
    }
}
