package io.smtpy.core.dkim;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import com.google.common.collect.ImmutableList;

import io.smtpy.core.model.DomainName;
import io.smtpy.core.store.AlreadyExistsException;
import io.smtpy.core.store.NotFoundException;

/** DKIM keys in a map: for tests and for a throw-away server ({@code storage=memory}). */
public class MemoryDkimKeyRepository implements DkimKeyRepository {
    static final Comparator<DkimKey> OLDEST_FIRST = Comparator.comparing(DkimKey::createdAt)
        .thenComparing(DkimKey::selector);

    private final Map<DomainName, Map<DkimSelector, DkimKey>> keys = new ConcurrentHashMap<>();

    @Override
    public void create(DkimKey key) {
        if (keysOf(key.domain()).putIfAbsent(key.selector(), key) != null) {
            throw new AlreadyExistsException("DKIM key " + key.recordName() + " already exists");
        }
    }

    @Override
    public void update(DkimKey key) {
        if (keysOf(key.domain()).replace(key.selector(), key) == null) {
            throw new NotFoundException("DKIM key " + key.recordName() + " does not exist");
        }
    }

    @Override
    public List<DkimKey> list(DomainName domain) {
        return keysOf(domain).values().stream()
            .sorted(OLDEST_FIRST)
            .collect(ImmutableList.toImmutableList());
    }

    @Override
    public Optional<DkimKey> find(DomainName domain, DkimSelector selector) {
        return Optional.ofNullable(keysOf(domain).get(selector));
    }

    private Map<DkimSelector, DkimKey> keysOf(DomainName domain) {
        return keys.computeIfAbsent(domain, any -> new ConcurrentHashMap<>());
    }
}
