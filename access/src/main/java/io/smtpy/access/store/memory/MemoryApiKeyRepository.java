package io.smtpy.access.store.memory;

import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import io.smtpy.access.AccessId;
import io.smtpy.access.ApiKey;
import io.smtpy.access.store.ApiKeyRepository;
import io.smtpy.core.store.AlreadyExistsException;
import io.smtpy.core.store.NotFoundException;

public final class MemoryApiKeyRepository implements ApiKeyRepository {
    private final Map<AccessId, ApiKey> keys = new LinkedHashMap<>();

    @Override
    public synchronized void create(ApiKey key) {
        if (keys.putIfAbsent(key.id(), key) != null) {
            throw new AlreadyExistsException("key " + key.id() + " already exists");
        }
    }

    @Override
    public synchronized Optional<ApiKey> get(AccessId id) {
        return Optional.ofNullable(keys.get(id));
    }

    @Override
    public synchronized List<ApiKey> ofAccount(AccessId account) {
        return keys.values().stream()
            .filter(key -> key.account().equals(account))
            .sorted(Comparator.comparing(ApiKey::createdAt).thenComparing(ApiKey::id))
            .collect(Collectors.toList());
    }

    @Override
    public synchronized void update(ApiKey key) {
        if (keys.replace(key.id(), key) == null) {
            throw new NotFoundException("key " + key.id() + " does not exist");
        }
    }

    @Override
    public synchronized void recordUse(AccessId id, Instant at, String from) {
        keys.computeIfPresent(id, (ignored, key) -> key.usedAt(at, from));
    }

    @Override
    public synchronized boolean revoke(AccessId id, Instant at) {
        ApiKey key = keys.get(id);
        if (key == null || key.revokedAt().isPresent()) {
            return false;
        }
        keys.put(id, key.revoked(at));
        return true;
    }

    @Override
    public synchronized boolean replaceSecret(AccessId id, String secretHash) {
        ApiKey key = keys.get(id);
        if (key == null || key.revokedAt().isPresent()) {
            return false;
        }
        keys.put(id, key.withSecretHash(secretHash));
        return true;
    }
}
