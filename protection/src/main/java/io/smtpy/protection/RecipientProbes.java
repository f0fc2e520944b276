package io.smtpy.protection;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Counts, per client address, the recipients refused as unknown within a sliding window, and keeps the clients refused
 * for probing until their refusal ends. Memory is bounded: at most {@link ProtectionSettings#maxTrackedClients()}
 * addresses are counted and as many kept refused, the least recently seen dropped first (a dropped counter only
 * forgets a client that was quiet for longer than every other). Time comes from the injected clock. Thread-safe.
 */
public class RecipientProbes {
    private final ProtectionSettings settings;
    private final Clock clock;
    private final Map<InetAddress, Deque<Instant>> unknown = new LinkedHashMap<>(16, 0.75f, true);
    private final Map<InetAddress, Instant> refusedUntil = new LinkedHashMap<>(16, 0.75f, true);

    public RecipientProbes(ProtectionSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * Counts one unknown recipient of {@code client}.
     *
     * @return true when this one makes the client refused (it reached {@link ProtectionSettings#refuseAfter()})
     */
    public synchronized boolean unknownRecipient(InetAddress client) {
        Instant now = clock.instant();
        Deque<Instant> times = unknown.computeIfAbsent(client, any -> new ArrayDeque<>());
        forgetBefore(times, now);
        times.addLast(now);
        trim(unknown);
        if (times.size() >= settings.refuseAfter() && refusedUntil(client).isEmpty()) {
            refusedUntil.put(client, now.plus(settings.refuseFor()));
            unknown.remove(client);
            trim(refusedUntil);
            return true;
        }
        return false;
    }

    /** Unknown recipients of {@code client} within the window ending now. */
    public synchronized int recent(InetAddress client) {
        Deque<Instant> times = unknown.get(client);
        if (times == null) {
            return 0;
        }
        forgetBefore(times, clock.instant());
        if (times.isEmpty()) {
            unknown.remove(client);
        }
        return times.size();
    }

    /** Until when {@code client} is refused, while it is. */
    public synchronized Optional<Instant> refusedUntil(InetAddress client) {
        Instant until = refusedUntil.get(client);
        if (until == null) {
            return Optional.empty();
        }
        if (!clock.instant().isBefore(until)) {
            refusedUntil.remove(client);
            return Optional.empty();
        }
        return Optional.of(until);
    }

    /** The clients refused now, the soonest released first. */
    public synchronized List<RefusedClient> refused() {
        Instant now = clock.instant();
        refusedUntil.values().removeIf(until -> !now.isBefore(until));
        return refusedUntil.entrySet().stream()
            .map(entry -> new RefusedClient(entry.getKey(), entry.getValue()))
            .sorted((a, b) -> a.until().compareTo(b.until()))
            .collect(Collectors.toList());
    }

    /** Ends the refusal of {@code client} and forgets its count; false when it was not refused. */
    public synchronized boolean release(InetAddress client) {
        unknown.remove(client);
        Instant until = refusedUntil.remove(client);
        return until != null && clock.instant().isBefore(until);
    }

    /** Addresses counted now (for the bound's tests and the operator). */
    public synchronized int tracked() {
        return unknown.size();
    }

    private void forgetBefore(Deque<Instant> times, Instant now) {
        Instant start = now.minus(settings.window());
        while (!times.isEmpty() && !times.peekFirst().isAfter(start)) {
            times.removeFirst();
        }
    }

    private void trim(Map<InetAddress, ?> map) {
        Iterator<InetAddress> eldest = map.keySet().iterator();
        while (map.size() > settings.maxTrackedClients() && eldest.hasNext()) {
            eldest.next();
            eldest.remove();
        }
    }
}
