package io.smtpy.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.smtpy.sending.tracking.TrackingSettings;
import io.smtpy.sending.tracking.TrackingSettingsRepository;
import io.smtpy.sending.tracking.TrackingSettingsRepositoryContract;

class EmbeddedTrackingSettingsRepositoryTest implements TrackingSettingsRepositoryContract {
    @RegisterExtension
    final EmbeddedStoreExtension embedded = new EmbeddedStoreExtension();

    @Override
    public TrackingSettingsRepository testee() {
        return embedded.store().trackingSettings();
    }

    @Test
    void settingsShouldSurviveReopeningTheStore() {
        testee().put(DOMAIN, TrackingSettings.of(true, false));

        assertThat(embedded.reopen().trackingSettings().find(DOMAIN)).contains(TrackingSettings.of(true, false));
    }
}
