package io.smtpy.sending.relay;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.smtpy.core.model.DomainName;

/** Domains' relays in a map, for tests and the memory storage flavour. */
public class MemoryDomainRelayRepository implements DomainRelayRepository {
    private final Map<DomainName, DomainRelay> relays = new ConcurrentHashMap<>();

    @Override
    public Optional<DomainRelay> find(DomainName domain) {
        return Optional.ofNullable(relays.get(domain));
    }

    @Override
    public void save(DomainRelay relay) {
        relays.put(relay.domain(), relay);
    }

    @Override
    public boolean remove(DomainName domain) {
        return relays.remove(domain) != null;
    }
}
