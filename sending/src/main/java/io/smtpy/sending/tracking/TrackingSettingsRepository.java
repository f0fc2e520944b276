package io.smtpy.sending.tracking;

import java.util.Optional;

import io.smtpy.core.model.DomainName;

/**
 * Storage port of the domains' {@link TrackingSettings}: a domain without a row tracks nothing. Every backend runs
 * {@code TrackingSettingsRepositoryContract} (test-jar).
 */
public interface TrackingSettingsRepository {
    /** The domain's settings; empty when the owner never set them (tracking off). */
    Optional<TrackingSettings> find(DomainName domain);

    /** Sets, or replaces, the domain's settings. */
    void put(DomainName domain, TrackingSettings settings);

    /** Forgets the domain's settings (the domain was deleted); false when it had none. */
    boolean remove(DomainName domain);
}
