package io.smtpy.sending.tracking;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.smtpy.core.model.DomainName;

/** {@link TrackingSettingsRepository} in a map: tests and the memory storage flavour. */
public final class MemoryTrackingSettingsRepository implements TrackingSettingsRepository {
    private final Map<DomainName, TrackingSettings> settings = new ConcurrentHashMap<>();

    @Override
    public Optional<TrackingSettings> find(DomainName domain) {
        return Optional.ofNullable(settings.get(domain));
    }

    @Override
    public void put(DomainName domain, TrackingSettings value) {
        settings.put(domain, value);
    }

    @Override
    public boolean remove(DomainName domain) {
        return settings.remove(domain) != null;
    }
}
