package io.smtpy.guice;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Scopes;
import com.google.inject.multibindings.Multibinder;

import io.smtpy.analytics.Analytics;
import io.smtpy.analytics.RollupRepository;
import io.smtpy.analytics.Rollups;
import io.smtpy.core.events.MailEventListener;

/**
 * Analytics: {@link Rollups} follows every recorded mail event (bound into {@code MailEvents}' listeners) and keeps
 * hourly counts in memory; {@link AnalyticsSchedule} writes them to the chosen storage flavour's
 * {@link RollupRepository} every 30 s and at stop, and forgets a deleted domain's. {@link Analytics} serves
 * {@code GET /smtpy/domains/{domain}/analytics}.
 */
public class AnalyticsModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(Rollups.class).in(Scopes.SINGLETON);
        bind(Analytics.class).in(Scopes.SINGLETON);
        Multibinder.newSetBinder(binder(), MailEventListener.class).addBinding().to(Rollups.class);
        bind(AnalyticsSchedule.class).asEagerSingleton();
    }

    @Provides
    RollupRepository rollups(StorageFlavour storage) {
        return storage.rollups();
    }
}
