package io.smtpy.sending.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.smtpy.core.model.DomainName;

/** What every {@link TrackingSettingsRepository} must do; published in the test-jar for the storage backends. */
public interface TrackingSettingsRepositoryContract {
    DomainName DOMAIN = DomainName.of("brand.example");
    DomainName OTHER = DomainName.of("other.example");

    TrackingSettingsRepository testee();

    @Test
    default void aDomainNeverSetShouldHaveNoSettings() {
        assertThat(testee().find(DOMAIN)).isEmpty();
    }

    @Test
    default void putShouldStoreAndReplaceTheDomainsSettings() {
        testee().put(DOMAIN, TrackingSettings.of(true, false));
        testee().put(OTHER, TrackingSettings.of(false, true));
        testee().put(DOMAIN, TrackingSettings.of(true, true));

        assertThat(testee().find(DOMAIN)).contains(TrackingSettings.of(true, true));
        assertThat(testee().find(OTHER)).contains(TrackingSettings.of(false, true));
    }

    @Test
    default void turnedOffSettingsShouldBeKeptAsOff() {
        testee().put(DOMAIN, TrackingSettings.of(true, true));
        testee().put(DOMAIN, TrackingSettings.OFF);

        assertThat(testee().find(DOMAIN)).contains(TrackingSettings.OFF);
    }

    @Test
    default void removeShouldForgetOnlyThatDomain() {
        testee().put(DOMAIN, TrackingSettings.of(true, true));
        testee().put(OTHER, TrackingSettings.of(true, false));

        assertThat(testee().remove(DOMAIN)).isTrue();
        assertThat(testee().remove(DOMAIN)).isFalse();
        assertThat(testee().find(DOMAIN)).isEmpty();
        assertThat(testee().find(OTHER)).contains(TrackingSettings.of(true, false));
    }
}
