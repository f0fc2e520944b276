package io.smtpy.rules.lists;

import java.util.List;
import java.util.Optional;

import io.smtpy.core.model.DomainName;

/**
 * Storage port for list entries. An entry is identified by its {@link ListEntryId} (unique in the installation);
 * a scope holds at most one entry of each (type, value). Validation and limits are {@link SenderLists}'s job; mail
 * is never decided from here but from {@link SenderLists}'s in-memory index, which reads {@link #all()} once.
 *
 * <p>Implementations: memory ({@link MemoryListRepository}), embedded (SQLite, {@code store-embedded}); every one
 * passes {@code ListRepositoryContract}.
 */
public interface ListRepository {

    /**
     * @throws io.smtpy.core.store.AlreadyExistsException when the id is taken, or the scope already holds an entry of
     *     this type and value
     */
    void add(ListEntry entry);

    /**
     * Adds every entry or none (one transaction where the backend has them).
     *
     * @throws io.smtpy.core.store.AlreadyExistsException as {@link #add}, for any of them (then none is added)
     */
    void addAll(List<ListEntry> entries);

    /** The scope's entries, oldest first (in the order added). */
    List<ListEntry> list(ListScope scope);

    /** Every entry of every scope; the scopes in no particular order, each scope's entries in the order added. */
    List<ListEntry> all();

    Optional<ListEntry> find(ListScope scope, ListEntryId id);

    /** @return whether the scope held the entry */
    boolean delete(ListScope scope, ListEntryId id);

    /** Deletes the entries of the domain's scope and of all its aliases' scopes. */
    void deleteDomain(DomainName domain);

    /**
     * For each of the hits, adds its count to the entry's hits and moves the entry's last hit to its {@code lastHitAt}
     * unless it is later already; skips entries that are gone. One transaction where the backend has them: a flush
     * writes the hits of many entries at once.
     */
    void recordHits(List<ListHits> hits);
}
