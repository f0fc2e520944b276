package io.smtpy.limits;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import javax.inject.Inject;

import io.smtpy.core.cluster.SharedCache;
import io.smtpy.core.cluster.SharedIndex;
import io.smtpy.core.cluster.Topic;
import io.smtpy.core.model.DomainName;

/**
 * The limit sets, read and changed. The mail path asks {@link #inForce} for every recipient, so each domain's sets
 * are kept in memory (one read of the store per domain, none per recipient: a domain without limits is an empty
 * entry) until they change: at once for a change made here, and for one made through another node of a cluster when
 * this node reads the domain again ({@link #sharedIndex()}, topic {@code limits}).
 */
public class LimitSettings {
    /** A set of the domain, or of one of its aliases or credentials, was put or removed; the key is the domain. */
    public static final Topic<DomainName> TOPIC = Topic.ofDomains("limits");

    private final LimitSettingsRepository repository;
    private final SharedCache<DomainName, Map<Key, LimitSet>> sets;

    @Inject
    public LimitSettings(LimitSettingsRepository repository) {
        this.repository = repository;
        this.sets = new SharedCache<>(TOPIC, domain -> repository.list(domain).stream()
            .collect(Collectors.toUnmodifiableMap(set -> new Key(set.subject(), set.direction()), Function.identity())));
    }

    /** The domain's sets by subject and direction, from memory. */
    public Optional<LimitSet> inForce(LimitSubject subject, LimitDirection direction) {
        return Optional.ofNullable(sets.get(subject.domain()).get(new Key(subject, direction)));
    }

    /** The domains' sets held in memory for the mail path: what follows the changes made through the other nodes. */
    public SharedIndex<DomainName> sharedIndex() {
        return sets;
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
        sets.changed(set.subject().domain());
    }

    /** @return whether there was such a set */
    public boolean remove(LimitSubject subject, LimitDirection direction) {
        boolean removed = repository.remove(subject, direction);
        sets.changed(subject.domain());
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
}
