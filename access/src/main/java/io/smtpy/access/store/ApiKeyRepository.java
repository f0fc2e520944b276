package io.smtpy.access.store;

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
}
