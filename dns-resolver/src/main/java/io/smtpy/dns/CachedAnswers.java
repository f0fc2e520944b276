package io.smtpy.dns;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

import io.smtpy.core.dns.DnsLookupException;

/**
 * Keeps the answers of another {@link AnswerSource} as long as their TTL allows, for the mail path: DKIM and ARC
 * keys, DMARC policies and SPF's lookups are asked for every message, mostly for the same few domains. Never for
 * the DNS onboarding check, which must see a record the owner has just changed.
 *
 * <ul>
 * <li>An answer with records is kept for its TTL ({@link DnsAnswer#ttl()}), at most {@code maxTtl}; a negative
 * answer (NXDOMAIN or NODATA) for its SOA's negative TTL (RFC 2308), without SOA for
 * {@link DnsAnswer#NEGATIVE_TTL_WITHOUT_SOA}, at most {@code maxNegativeTtl}. A TTL of 0 is not kept.</li>
 * <li>Failures (SERVFAIL, REFUSED, no answer in time) are never kept: the next message asks again.</li>
 * <li>At most {@code maxEntries} answers; the least recently used goes first. Expired answers are dropped when
 * they are next asked for or when they are the least recently used.</li>
 * <li>Concurrent identical misses are asked once: later callers wait for the first one's answer (within their
 * own timeout), and ask for themselves when it fails, so one caller's short timeout does not fail the others.</li>
 * </ul>
 * Thread-safe. The clock only decides expiry; waiting for the resolver is measured on the real clock.
 */
public final class CachedAnswers implements AnswerSource {
    public static final int DEFAULT_MAX_ENTRIES = 10_000;
    public static final Duration DEFAULT_MAX_TTL = Duration.ofHours(1);
    public static final Duration DEFAULT_MAX_NEGATIVE_TTL = Duration.ofMinutes(5);

    private final AnswerSource source;
    private final int maxEntries;
    private final Duration maxTtl;
    private final Duration maxNegativeTtl;
    private final Clock clock;
    /** In access order, for LRU eviction. Guarded by {@code this}. */
    private final LinkedHashMap<Key, Kept> entries;
    /** The questions being asked now, by the first caller. Guarded by {@code this}. */
    private final Map<Key, CompletableFuture<DnsAnswer>> inFlight = new HashMap<>();

    public CachedAnswers(AnswerSource source, int maxEntries, Clock clock) {
        this(source, maxEntries, DEFAULT_MAX_TTL, DEFAULT_MAX_NEGATIVE_TTL, clock);
    }

    /**
     * @param maxEntries how many answers are kept, at least 1
     * @param maxTtl the longest an answer with records is kept, whatever its TTL
     * @param maxNegativeTtl the longest a negative answer is kept
     */
    public CachedAnswers(AnswerSource source, int maxEntries, Duration maxTtl, Duration maxNegativeTtl, Clock clock) {
        this.source = Objects.requireNonNull(source, "source");
        this.maxTtl = Objects.requireNonNull(maxTtl, "maxTtl");
        this.maxNegativeTtl = Objects.requireNonNull(maxNegativeTtl, "maxNegativeTtl");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be at least 1, not " + maxEntries);
        }
        if (maxTtl.isNegative() || maxNegativeTtl.isNegative()) {
            throw new IllegalArgumentException("TTL caps must not be negative");
        }
        this.maxEntries = maxEntries;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, Kept> eldest) {
                return size() > CachedAnswers.this.maxEntries;
            }
        };
    }

    @Override
    public DnsAnswer query(Name name, int type, Duration timeout) throws DnsLookupException {
        Key key = new Key(name, type);
        CompletableFuture<DnsAnswer> first;
        CompletableFuture<DnsAnswer> mine = null;
        synchronized (this) {
            Kept cached = entries.get(key);
            if (cached != null) {
                if (clock.instant().isBefore(cached.expires)) {
                    return cached.answer;
                }
                entries.remove(key);
            }
            first = inFlight.get(key);
            if (first == null) {
                mine = new CompletableFuture<>();
                inFlight.put(key, mine);
            }
        }
        if (first != null) {
            return answerOfTheFirstAsker(first, key, timeout);
        }
        try {
            DnsAnswer answer = source.query(name, type, timeout);
            remember(key, answer);
            mine.complete(answer);
            return answer;
        } catch (DnsLookupException | RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            synchronized (this) {
                inFlight.remove(key, mine);
            }
        }
    }

    private DnsAnswer answerOfTheFirstAsker(CompletableFuture<DnsAnswer> first, Key key, Duration timeout)
            throws DnsLookupException {
        long start = System.nanoTime();
        try {
            return first.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException failed) {
            // Its failure may be its own short timeout: ask for ourselves with the time we have left.
            DnsAnswer answer = source.query(key.name, key.type, timeout.minusNanos(System.nanoTime() - start));
            remember(key, answer);
            return answer;
        } catch (TimeoutException e) {
            throw new DnsLookupException(key + ": no answer within " + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DnsLookupException(key + ": interrupted while waiting for an answer");
        }
    }

    private void remember(Key key, DnsAnswer answer) {
        Duration cap = answer.negative() ? maxNegativeTtl : maxTtl;
        Duration ttl = answer.ttl().compareTo(cap) > 0 ? cap : answer.ttl();
        if (ttl.isZero() || ttl.isNegative()) {
            return;
        }
        Instant expires = clock.instant().plus(ttl);
        synchronized (this) {
            entries.put(key, new Kept(answer, expires));
        }
    }

    /** How many answers are kept now, expired ones included until they are dropped. */
    public synchronized int size() {
        return entries.size();
    }

    @Override
    public String toString() {
        return "CachedAnswers{" + source + ", maxEntries=" + maxEntries + ", maxTtl=" + maxTtl
            + ", maxNegativeTtl=" + maxNegativeTtl + "}";
    }

    private static final class Key {
        private final Name name;
        private final int type;

        Key(Name name, int type) {
            this.name = Objects.requireNonNull(name, "name");
            this.type = type;
        }

        /** dnsjava's Name compares and hashes case-insensitively, as DNS does. */
        @Override
        public boolean equals(Object o) {
            if (!(o instanceof Key)) {
                return false;
            }
            Key other = (Key) o;
            return type == other.type && name.equals(other.name);
        }

        @Override
        public int hashCode() {
            return 31 * name.hashCode() + type;
        }

        @Override
        public String toString() {
            return Type.string(type) + " " + name;
        }
    }

    private static final class Kept {
        private final DnsAnswer answer;
        private final Instant expires;

        Kept(DnsAnswer answer, Instant expires) {
            this.answer = answer;
            this.expires = expires;
        }
    }
}
