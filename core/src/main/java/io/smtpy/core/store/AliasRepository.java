package io.smtpy.core.store;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import io.smtpy.core.model.Alias;
import io.smtpy.core.model.AliasAddress;
import io.smtpy.core.model.DomainName;

/**
 * Storage port for aliases. Implementations: memory (tests), embedded (SQLite), and later Cassandra.
 * Every implementation passes {@code AliasRepositoryContract}.
 */
public interface AliasRepository {

    Optional<Alias> find(AliasAddress address);

    /**
     * Stores a new alias. Of concurrent creates of one address, exactly one succeeds.
     *
     * @throws AlreadyExistsException when an alias of that address exists
     */
    void create(Alias alias);

    /**
     * Replaces a stored alias.
     *
     * @throws NotFoundException when no alias of that address exists
     */
    void update(Alias alias);

    /**
     * Replaces a stored alias only if it is still the version the change was made from: of two nodes changing one
     * alias at once, one wins and the other is told to read it again (a PATCH never loses another's change).
     *
     * @param expectedUpdatedAt the {@code updatedAt} of the alias as read before the change
     * @throws NotFoundException when no alias of that address exists
     * @throws ConcurrentChangeException when the stored alias's {@code updatedAt} is another (nothing written)
     */
    void update(Alias alias, java.time.Instant expectedUpdatedAt);

    /** @return whether an alias was deleted */
    boolean delete(AliasAddress address);

    /**
     * Creates or replaces every alias given, all or none: after a failure nothing of the batch is stored.
     */
    void saveAll(Collection<Alias> aliases);

    /** One page of a domain's aliases that pass the query's filters, sorted by local part. */
    AliasPage list(AliasQuery query);

    /** Every alias of a domain, sorted by local part. */
    List<Alias> all(DomainName domain);

    /** @return how many aliases were deleted */
    int deleteAll(DomainName domain);
}
