package io.smtpy.guice;

import java.time.Clock;
import java.util.Optional;

import javax.inject.Inject;

import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.utils.PropertiesProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.ProvidesIntoSet;

import io.smtpy.core.cluster.SharedIndex;
import io.smtpy.core.directory.AliasDirectory;
import io.smtpy.core.events.MailEventRepository;
import io.smtpy.core.events.MailEvents;
import io.smtpy.sending.tracking.Tracking;
import io.smtpy.sending.tracking.TrackingEvents;
import io.smtpy.sending.tracking.TrackingSettingsRepository;
import io.smtpy.sending.tracking.TrackingTokens;

/**
 * Open and click tracking of submitted mail: the storage flavour's {@link TrackingSettingsRepository}, one
 * {@link Tracking} (the domains' settings in memory, the links; the {@code SmtpyTracking} mailet and the routes share
 * it), and {@link TrackingEvents}. The tokens' key derives from the installation secret of the one-click links
 * ({@link RulesSecret}). Setting in {@code smtpy.properties}:
 * <pre>
 * tracking.baseUrl=https://t.example.com   # where WebAdmin's /smtpy/t/ routes are reachable from the Internet;
 *                                          # unset: nothing is tracked, whatever the domains ask
 * </pre>
 * A domain's settings are deleted with the domain.
 */
public class TrackingModule extends AbstractModule {
    private static final Logger LOGGER = LoggerFactory.getLogger(TrackingModule.class);

    @Override
    protected void configure() {
        bind(SettingsOfDeletedDomains.class).asEagerSingleton();
    }

    /** The tracking settings each node keeps in memory follow the other nodes' changes ({@link ClusterModule}). */
    @ProvidesIntoSet
    SharedIndex<?> trackingIndex(Tracking tracking) {
        return tracking.sharedIndex();
    }

    @Provides
    TrackingSettingsRepository trackingSettingsRepository(StorageFlavour storage) {
        return storage.trackingSettings();
    }

    @Provides
    @Singleton
    Tracking tracking(TrackingSettingsRepository repository, @RulesSecret byte[] secret, PropertiesProvider properties)
            throws ConfigurationException {
        Optional<String> baseUrl = RulesModule.url(properties, "tracking.baseUrl");
        if (baseUrl.isEmpty()) {
            LOGGER.info("No tracking.baseUrl: open and click tracking is off for every domain");
        }
        try {
            return new Tracking(repository, new TrackingTokens(secret), baseUrl);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("smtpy.properties: tracking.baseUrl: " + e.getMessage(), e);
        }
    }

    @Provides
    @Singleton
    TrackingEvents trackingEvents(MailEvents events, MailEventRepository repository, Clock clock) {
        return new TrackingEvents(events, repository, clock);
    }

    /** Forgets a domain's tracking settings with the domain. */
    static final class SettingsOfDeletedDomains {
        @Inject
        SettingsOfDeletedDomains(AliasDirectory directory, Tracking tracking) {
            directory.onDomainDeleted(tracking::forget);
        }
    }
}
