package io.smtpy.guice;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Scopes;
import com.google.inject.Singleton;
import com.google.inject.multibindings.ProvidesIntoSet;

import io.smtpy.core.cluster.SharedIndex;
import io.smtpy.limits.LimitAlerts;
import io.smtpy.limits.LimitCounters;
import io.smtpy.limits.LimitPolicy;
import io.smtpy.limits.LimitSettings;
import io.smtpy.limits.LimitSettingsRepository;
import io.smtpy.notifications.NotificationType;
import io.smtpy.notifications.OwnerAlerts;

/**
 * Limits per domain, alias and credential: the chosen storage flavour's {@link LimitSettingsRepository}, the
 * {@link LimitSettings} kept in memory for the mail path, the node's one {@link LimitCounters} (every SMTP session of
 * the node counts in it; memory only, a restart forgets the counts), and {@link LimitPolicy}, which
 * {@code SmtpyLimitsHook} asks on port 25 and the submission path calls for outbound mail. Alerts of sets with
 * {@code notify} go to the owners as {@link NotificationType#LIMIT} ({@link OwnerAlerts}). {@code LimitRoutes} serves
 * {@code /smtpy/domains/{domain}/limits}.
 */
public class LimitsModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(LimitSettings.class).in(Scopes.SINGLETON);
        bind(LimitCounters.class).in(Scopes.SINGLETON);
        bind(LimitPolicy.class).in(Scopes.SINGLETON);
    }

    /** The limit sets each node keeps in memory follow the other nodes' changes ({@link ClusterModule}). */
    @ProvidesIntoSet
    SharedIndex<?> limitsIndex(LimitSettings limits) {
        return limits.sharedIndex();
    }

    @Provides
    LimitSettingsRepository limitSettings(StorageFlavour storage) {
        return storage.limitSettings();
    }

    @Provides
    @Singleton
    LimitAlerts limitAlerts(OwnerAlerts alerts) {
        return (domain, about, subject, text) -> alerts.raise(NotificationType.LIMIT, domain, about, subject, text);
    }
}
