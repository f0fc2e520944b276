package io.smtpy.core.store.memory;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

import com.google.common.collect.ImmutableList;

import io.smtpy.core.model.Alias;
import io.smtpy.core.model.AliasAddress;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.LocalPart;
import io.smtpy.core.store.AlreadyExistsException;
import io.smtpy.core.store.AliasPage;
import io.smtpy.core.store.AliasQuery;
import io.smtpy.core.store.AliasRepository;
import io.smtpy.core.store.NotFoundException;

/** Aliases in maps, one sorted map per domain: for tests and for a throw-away server ({@code storage=memory}). */
public class MemoryAliasRepository implements AliasRepository {
    private final Map<DomainName, ConcurrentSkipListMap<LocalPart, Alias>> byDomain = new ConcurrentHashMap<>();

    private ConcurrentSkipListMap<LocalPart, Alias> domain(DomainName name) {
        return byDomain.computeIfAbsent(name, any -> new ConcurrentSkipListMap<>());
    }

    @Override
    public Optional<Alias> find(AliasAddress address) {
        return Optional.ofNullable(domain(address.domain()).get(address.localPart()));
    }

    @Override
    public void create(Alias alias) {
        if (domain(alias.address().domain()).putIfAbsent(alias.address().localPart(), alias) != null) {
            throw new AlreadyExistsException("alias " + alias.address() + " already exists");
        }
    }

    @Override
    public void update(Alias alias) {
        if (domain(alias.address().domain()).replace(alias.address().localPart(), alias) == null) {
            throw new NotFoundException("alias " + alias.address() + " does not exist");
        }
    }

    @Override
    public synchronized void update(Alias alias, java.time.Instant expectedUpdatedAt) {
        Alias stored = domain(alias.address().domain()).get(alias.address().localPart());
        if (stored == null) {
            throw new NotFoundException("alias " + alias.address() + " does not exist");
        }
        if (!stored.updatedAt().equals(expectedUpdatedAt)) {
            throw new io.smtpy.core.store.ConcurrentChangeException("alias " + alias.address() + " changed since it was read");
        }
        domain(alias.address().domain()).put(alias.address().localPart(), alias);
    }

    @Override
    public boolean delete(AliasAddress address) {
        return domain(address.domain()).remove(address.localPart()) != null;
    }

    @Override
    public synchronized void saveAll(Collection<Alias> aliases) {
        // Puts cannot fail half-way in a map, so the batch is all-or-nothing by construction.
        aliases.forEach(alias -> domain(alias.address().domain()).put(alias.address().localPart(), alias));
    }

    @Override
    public AliasPage list(AliasQuery query) {
        List<Alias> matching = domain(query.domain()).values().stream()
            .filter(query::test)
            .collect(ImmutableList.toImmutableList());
        List<Alias> page = matching.stream()
            .skip(query.offset())
            .limit(query.limit())
            .collect(ImmutableList.toImmutableList());
        return new AliasPage(page, matching.size());
    }

    @Override
    public List<Alias> all(DomainName domain) {
        return ImmutableList.copyOf(domain(domain).values());
    }

    @Override
    public int deleteAll(DomainName domain) {
        ConcurrentSkipListMap<LocalPart, Alias> removed = byDomain.remove(domain);
        return removed == null ? 0 : removed.size();
    }
}
