package io.smtpy.access.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Counts failed attempts per source address and per credential in a sliding window; past the limit, that source
 * (or credential) is refused until its oldest counted failure leaves the window. In memory: a restart forgives,
 * which is fine for a brake on guessing. Bounded: the least recently failed keys are forgotten first.
 */
public final class AttemptThrottle {
    private static final int MAX_TRACKED = 100_000;

    private final Clock clock;
    private final int maxPerSource;
    private final int maxPerCredential;
    private final Duration window;
    private final Map<String, Deque<Instant>> failures = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Deque<Instant>> eldest) {
            return size() > MAX_TRACKED;
        }
    };

    public AttemptThrottle(Clock clock, int maxPerSource, int maxPerCredential, Duration window) {
        this.clock = clock;
        this.maxPerSource = maxPerSource;
        this.maxPerCredential = maxPerCredential;
        this.window = window;
    }

    /** How long this source must wait, if it is over its limit. */
    public Optional<Duration> sourceBlocked(String source) {
        return blocked("source:" + source, maxPerSource);
    }

    public Optional<Duration> credentialBlocked(String credential) {
        return blocked("credential:" + credential, maxPerCredential);
    }

    public synchronized void failed(String source, Optional<String> credential) {
        Instant now = clock.instant();
        failures.computeIfAbsent("source:" + source, key -> new ArrayDeque<>()).addLast(now);
        credential.ifPresent(name -> failures.computeIfAbsent("credential:" + name, key -> new ArrayDeque<>()).addLast(now));
    }

    private synchronized Optional<Duration> blocked(String key, int max) {
        Deque<Instant> times = failures.get(key);
        if (times == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Instant start = now.minus(window);
        while (!times.isEmpty() && !times.peekFirst().isAfter(start)) {
            times.removeFirst();
        }
        if (times.isEmpty()) {
            failures.remove(key);
            return Optional.empty();
        }
        if (times.size() < max) {
            return Optional.empty();
        }
        // Blocked until enough failures leave the window to bring the count under the limit.
        Instant freed = times.stream().skip(times.size() - max).findFirst().orElseThrow().plus(window);
        return Optional.of(Duration.between(now, freed));
    }
}
