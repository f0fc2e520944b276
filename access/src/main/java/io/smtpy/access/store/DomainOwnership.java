package io.smtpy.access.store;

import java.util.List;
import java.util.Optional;

import io.smtpy.access.AccessId;
import io.smtpy.core.model.DomainName;

/**
 * Which account owns each domain. A domain with no entry was created before accounts existed and belongs to
 * {@link io.smtpy.access.Account#DEFAULT_ID}.
 */
public interface DomainOwnership {
    Optional<AccessId> owner(DomainName domain);

    /** Sets (or moves) the domain's owner. */
    void assign(DomainName domain, AccessId account);

    /** Forgets the domain's owner (the domain was deleted). */
    void release(DomainName domain);

    /** The domains this account owns by an entry, in name order. */
    List<DomainName> domainsOf(AccessId account);
}
