package io.smtpy.rules.quarantine;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.smtpy.core.model.DomainName;

/**
 * Storage port for the quarantine: each mail's metadata ({@link QuarantinedMail}) and its bytes, kept and deleted
 * together, addressed by domain and id (an id of another domain is not found).
 *
 * <p>Implementations: memory ({@link MemoryQuarantineRepository}), embedded (SQLite, {@code store-embedded}); every
 * one passes {@code QuarantineRepositoryContract}.
 */
public interface QuarantineRepository {

    /**
     * Keeps the mail and its bytes.
     *
     * @throws io.smtpy.core.store.AlreadyExistsException when the domain already holds a mail with this id
     */
    void put(QuarantinedMail mail, byte[] message);

    Optional<QuarantinedMail> find(DomainName domain, QuarantineId id);

    /** The bytes of the mail, as received. */
    Optional<byte[]> message(DomainName domain, QuarantineId id);

    /**
     * The page of the query's domain that passes its filters ({@link QuarantineQuery#test}), newest received first
     * (of two received at one instant, the one put later first), and the number passing in all.
     */
    QuarantinePage list(QuarantineQuery query);

    /**
     * Replaces the metadata of a stored mail (its state changes); the bytes stay.
     *
     * @throws io.smtpy.core.store.NotFoundException when it is not stored
     */
    void update(QuarantinedMail mail);

    /** Deletes the metadata and the bytes; @return whether the mail was stored */
    boolean delete(DomainName domain, QuarantineId id);

    /** Up to {@code limit} mails of any domain and state whose {@code expiresAt} is at or before {@code now}, soonest expired first. */
    List<QuarantinedMail> expired(Instant now, int limit);

    /** Deletes every mail of the domain (the domain is being deleted). */
    void deleteDomain(DomainName domain);
}
