package io.smtpy.core.store.memory;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

import com.google.common.collect.ImmutableList;

import io.smtpy.core.model.Domain;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.store.AlreadyExistsException;
import io.smtpy.core.store.DomainRepository;
import io.smtpy.core.store.NotFoundException;

/** Domains in a map: for tests and for a throw-away server ({@code storage=memory}). */
public class MemoryDomainRepository implements DomainRepository {
    private final ConcurrentSkipListMap<DomainName, Domain> domains = new ConcurrentSkipListMap<>();

    @Override
    public Optional<Domain> find(DomainName name) {
        return Optional.ofNullable(domains.get(name));
    }

    @Override
    public List<Domain> list() {
        return ImmutableList.copyOf(domains.values());
    }

    @Override
    public void create(Domain domain) {
        if (domains.putIfAbsent(domain.name(), domain) != null) {
            throw new AlreadyExistsException("domain " + domain.name() + " already exists");
        }
    }

    @Override
    public void update(Domain domain) {
        if (domains.replace(domain.name(), domain) == null) {
            throw new NotFoundException("domain " + domain.name() + " does not exist");
        }
    }

    @Override
    public synchronized void update(Domain domain, java.time.Instant expectedUpdatedAt) {
        Domain stored = domains.get(domain.name());
        if (stored == null) {
            throw new NotFoundException("domain " + domain.name() + " does not exist");
        }
        if (!stored.updatedAt().equals(expectedUpdatedAt)) {
            throw new io.smtpy.core.store.ConcurrentChangeException("domain " + domain.name() + " changed since it was read");
        }
        domains.put(domain.name(), domain);
    }

    @Override
    public boolean delete(DomainName name) {
        return domains.remove(name) != null;
    }
}
