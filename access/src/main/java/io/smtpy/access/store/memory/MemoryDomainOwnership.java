package io.smtpy.access.store.memory;

import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

import io.smtpy.access.AccessId;
import io.smtpy.access.store.DomainOwnership;
import io.smtpy.core.model.DomainName;

public final class MemoryDomainOwnership implements DomainOwnership {
    private final Map<DomainName, AccessId> owners = new TreeMap<>();

    @Override
    public synchronized Optional<AccessId> owner(DomainName domain) {
        return Optional.ofNullable(owners.get(domain));
    }

    @Override
    public synchronized void assign(DomainName domain, AccessId account) {
        owners.put(domain, account);
    }

    @Override
    public synchronized void release(DomainName domain) {
        owners.remove(domain);
    }

    @Override
    public synchronized List<DomainName> domainsOf(AccessId account) {
        return owners.entrySet().stream()
            .filter(entry -> entry.getValue().equals(account))
            .map(Map.Entry::getKey)
            .collect(Collectors.toList());
    }
}
