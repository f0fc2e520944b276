package io.smtpy.sending.relay;

import java.util.Optional;

import io.smtpy.core.model.DomainName;

/**
 * Where domains' relays are kept, one per domain. The mail path does not read it per message: {@link DomainRelays}
 * keeps what it read in memory until the domain's relay changes.
 */
public interface DomainRelayRepository {
    Optional<DomainRelay> find(DomainName domain);

    /** Stores the domain's relay, replacing the one it had. */
    void save(DomainRelay relay);

    /** @return whether the domain had one */
    boolean remove(DomainName domain);
}
