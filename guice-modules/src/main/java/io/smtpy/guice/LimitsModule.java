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
 * Limits per domain, alias and credential: the chosen storage flavour's {@link LimitSettingsRepository} and
 * {@link LimitCounters} (of the {@code limits} concern), the {@link LimitSettings} kept in memory for the mail path, and
 * {@link LimitPolicy}, which {@code SmtpyLimitsHook} asks on port 25 and the submission path calls for outbound mail.
 * The counters are one per node: every SMTP session of the node counts in them. On a store of one node (memory,
 * embedded) they are the node's, in memory (a restart forgets the counts); on Cassandra they are shared by every node
 * of the keyspace, so a limit holds for the cluster ({@code CassandraLimitCounters}: when Cassandra does not answer,
 * mail under a limit is deferred with {@code 451 4.3.0}). {@link LimitCountersSchedule} drops the counters of ended
 * windows. Alerts of sets with {@code notify} go to the owners as {@link NotificationType#LIMIT} ({@link OwnerAlerts}).
 * {@code LimitRoutes} serves {@code /smtpy/domains/{domain}/limits}.
 */
public class LimitsModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(LimitSettings.class).in(Scopes.SINGLETON);
        bind(LimitPolicy.class).in(Scopes.SINGLETON);
        bind(LimitCountersSchedule.class).asEagerSingleton();
    }

    @Provides
    @Singleton
    LimitCounters limitCounters(StorageFlavour storage) {
        return storage.limitCounters();
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
