package io.smtpy.limits;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import javax.inject.Inject;

import io.smtpy.core.model.DomainName;

/**
 * The limit sets, read and changed. The mail path asks {@link #inForce} for every recipient, so each domain's sets
 * are kept in memory (one read of the store per domain, none per recipient: a domain without limits is an empty
 * entry), dropped on every change made here and reread after {@link #REFRESH} anyway, so a change made through
 * another node's store is seen within that time. At most {@link #MAX_CACHED_DOMAINS} domains are kept.
 */
public class LimitSettings {
    public static final Duration REFRESH = Duration.ofSeconds(30);
    static final int MAX_CACHED_DOMAINS = 100_000;

    private final LimitSettingsRepository repository;
    private final Clock clock;
    private final Map<DomainName, Cached> cache = new ConcurrentHashMap<>();

    @Inject
    public LimitSettings(LimitSettingsRepository repository, Clock clock) {
        this.repository = repository;
        this.clock = clock;
    }

    /** The domain's sets by subject and direction, from memory. */
    public Optional<LimitSet> inForce(LimitSubject subject, LimitDirection direction) {
        return Optional.ofNullable(domain(subject.domain()).get(new Key(subject, direction)));
    }

    private Map<Key, LimitSet> domain(DomainName domain) {
        Instant now = clock.instant();
        Cached cached = cache.get(domain);
        if (cached == null || !cached.loadedAt.plus(REFRESH).isAfter(now) || cached.loadedAt.isAfter(now)) {
            if (cache.size() >= MAX_CACHED_DOMAINS) {
                cache.clear();
            }
            cached = new Cached(now, repository.list(domain).stream()
                .collect(Collectors.toMap(set -> new Key(set.subject(), set.direction()), Function.identity())));
            cache.put(domain, cached);
        }
        return cached.sets;
    }

    /** Every set of the domain and its aliases and credentials, from the store. */
    public List<LimitSet> list(DomainName domain) {
        return repository.list(domain);
    }

    public Optional<LimitSet> find(LimitSubject subject, LimitDirection direction) {
        return repository.find(subject, direction);
    }

    public void put(LimitSet set) {
        repository.put(set);
        cache.remove(set.subject().domain());
    }

    /** @return whether there was such a set */
    public boolean remove(LimitSubject subject, LimitDirection direction) {
        boolean removed = repository.remove(subject, direction);
        cache.remove(subject.domain());
        return removed;
    }

    private static final class Key {
        final LimitSubject subject;
        final LimitDirection direction;

        Key(LimitSubject subject, LimitDirection direction) {
            this.subject = subject;
            this.direction = direction;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key && ((Key) o).subject.equals(subject) && ((Key) o).direction == direction;
        }

        @Override
        public int hashCode() {
            return subject.hashCode() * 31 + direction.hashCode();
        }
    }

    private static final class Cached {
        final Instant loadedAt;
        final Map<Key, LimitSet> sets;

        Cached(Instant loadedAt, Map<Key, LimitSet> sets) {
            this.loadedAt = loadedAt;
            this.sets = sets;
        }
    }
}
