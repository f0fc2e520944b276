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

    /** @return whether a domain was deleted */
    boolean delete(DomainName name);
}
