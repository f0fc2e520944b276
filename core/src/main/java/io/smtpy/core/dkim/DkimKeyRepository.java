package io.smtpy.core.dkim;

import java.util.List;
import java.util.Optional;

import io.smtpy.core.model.DomainName;
import io.smtpy.core.store.AlreadyExistsException;
import io.smtpy.core.store.NotFoundException;

/**
 * Storage port for DKIM keys, keyed by domain and selector. Keys are never deleted here: a retired key stays as
 * the record of what signed when. Implementations: memory (tests, {@code storage=memory}); every implementation
 * passes {@code DkimKeyRepositoryContract}.
 */
public interface DkimKeyRepository {

    /**
     * Stores a new key. Of concurrent creates of one domain and selector, exactly one succeeds.
     *
     * @throws AlreadyExistsException when the domain has a key with that selector
     */
    void create(DkimKey key);

    /**
     * Replaces a stored key (same domain and selector).
     *
     * @throws NotFoundException when no such key is stored
     */
    void update(DkimKey key);

    /** Every key of the domain, in every state, oldest first (by creation, then selector). */
    List<DkimKey> list(DomainName domain);

    Optional<DkimKey> find(DomainName domain, DkimSelector selector);
}
