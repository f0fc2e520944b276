package io.smtpy.access.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.smtpy.access.AccessId;
import io.smtpy.access.ApiKey;

/** API keys, revoked ones included. */
public interface ApiKeyRepository {
    /** @throws io.smtpy.core.store.AlreadyExistsException when the id is taken */
    void create(ApiKey key);

    Optional<ApiKey> get(AccessId id);

    /** The account's keys, oldest first. */
    List<ApiKey> ofAccount(AccessId account);

    /** @throws io.smtpy.core.store.NotFoundException when there is no such key */
    void update(ApiKey key);

    /*
     * The three changes a key sees while in use are made field by field, never as a read-modify-write of the whole
     * record: a last-use write racing a revocation must not bring the key back to life.
     */

    /** Sets the key's last use (time and source address) and nothing else; nothing when there is no such key. */
    void recordUse(AccessId id, Instant at, String from);

    /** Revokes the key, unless it is revoked already; false when there is no such key or it was revoked. */
    boolean revoke(AccessId id, Instant at);

    /** A new secret hash, for a key that is not revoked; false when there is no such key or it is revoked. */
    boolean replaceSecret(AccessId id, String secretHash);
}
