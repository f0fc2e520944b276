package io.smtpy.core.store;

import java.util.List;
import java.util.Optional;

import io.smtpy.core.model.Domain;
import io.smtpy.core.model.DomainName;

/**
 * Storage port for domains and their domain-wide settings (catch-all, regex aliases).
 * Implementations: memory (tests), embedded (SQLite), and later Cassandra. Every implementation passes
 * {@code DomainRepositoryContract}.
 */
public interface DomainRepository {

    Optional<Domain> find(DomainName name);

    /** Every domain, sorted by name. */
    List<Domain> list();

    /**
     * Stores a new domain. Of concurrent creates of one name, exactly one succeeds.
     *
     * @throws AlreadyExistsException when a domain of that name exists
     */
    void create(Domain domain);

    /**
     * Replaces a stored domain.
     *
     * @throws NotFoundException when no domain of that name exists
     */
    void update(Domain domain);

    /**
     * Replaces a stored domain only if it is still the version the change was made from: of two nodes changing one
     * domain's settings at once, one wins and the other is told to read it again.
     *
     * @param expectedUpdatedAt the {@code updatedAt} of the domain as read before the change
     * @throws NotFoundException when no domain of that name exists
     * @throws ConcurrentChangeException when the stored domain's {@code updatedAt} is another (nothing written)
     */
    void update(Domain domain, java.time.Instant expectedUpdatedAt);

    /** @return whether a domain was deleted */
    boolean delete(DomainName name);
}
