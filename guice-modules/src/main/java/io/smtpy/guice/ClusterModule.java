package io.smtpy.guice;

import java.time.Duration;
import java.util.Set;
import java.util.function.Consumer;

import javax.annotation.PreDestroy;
import javax.inject.Inject;
import javax.inject.Provider;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.utils.PropertiesProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Scopes;
import com.google.inject.Singleton;
import com.google.inject.TypeLiteral;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.ProvidesIntoSet;

import io.smtpy.core.cluster.Change;
import io.smtpy.core.cluster.ChangeFeed;
import io.smtpy.core.cluster.FeedFollower;
import io.smtpy.core.cluster.SharedIndex;
import io.smtpy.core.cluster.StoreHealth;
import io.smtpy.core.cluster.Topic;
import io.smtpy.core.directory.AliasDirectory;
import io.smtpy.core.model.DomainName;

/**
 * Several nodes on one store: what each node keeps in memory from the store follows the changes made through any node.
 * Every such index or cache is a {@link SharedIndex}, which the module of its concern adds to the set of them
 * ({@link ProvidesIntoSet}; this module adds the alias directory's). {@link ClusterSync} publishes on the store's
 * {@link ChangeFeed} each key an index says this node changed, polls the feed ({@code cluster.pollMillis}, default 250)
 * and hands each change to the index of its topic, which reads that key again; and it reads every index again now and
 * then ({@code cluster.reconcileMinutes}, default 5) to catch what the feed missed ({@link FeedFollower}). On a store
 * only one node uses (memory, embedded) the feed is {@link ChangeFeed#SINGLE_NODE} and nothing runs. A poll that fails
 * marks the shared store unavailable ({@link StoreHealth}: RCPT answers {@code 451 4.3.0}); the first poll that
 * succeeds again reads every index again (what changed meanwhile) before it marks the store available.
 */
public class ClusterModule extends AbstractModule {
    @Override
    protected void configure() {
        Multibinder.newSetBinder(binder(), new TypeLiteral<SharedIndex<?>>() { });
        bind(ClusterSync.class).asEagerSingleton();
        bind(StoreHealth.class).in(Scopes.SINGLETON);
    }

    /** The alias directory's domains, under {@link Change#DOMAIN}. */
    @ProvidesIntoSet
    SharedIndex<?> aliasIndex(AliasDirectory directory) {
        return new SharedIndex<DomainName>() {
            private final Topic<DomainName> topic = Topic.ofDomains(Change.DOMAIN);

            @Override
            public Topic<DomainName> topic() {
                return topic;
            }

            @Override
            public void onChange(Consumer<DomainName> listener) {
                directory.onChange(listener);
            }

            @Override
            public void reload(DomainName domain) {
                directory.reload(domain);
            }

            @Override
            public void reloadAll() {
                directory.reloadAll();
            }
        };
    }

    @Provides
    @Singleton
    ChangeFeed changeFeed(StorageFlavour storage) {
        return storage.changeFeed();
    }

    /** Which node runs a background job: the leases of the store the nodes share ({@link ClusterJobs}). */
    @Provides
    @Singleton
    io.smtpy.core.cluster.JobLeases jobLeases(StorageFlavour storage) {
        return storage.jobLeases();
    }

    /** The settings of {@link ClusterSync}: how often it polls the feed and how often it reloads everything. */
    static final class Timing {
        final Duration poll;
        final Duration reconcile;

        Timing(Duration poll, Duration reconcile) {
            this.poll = poll;
            this.reconcile = reconcile;
        }

        static Timing from(Configuration properties) {
            return new Timing(Duration.ofMillis(SmtpyConfiguration.positive(properties, "cluster.pollMillis", 250)),
                Duration.ofMinutes(SmtpyConfiguration.positive(properties, "cluster.reconcileMinutes", 5)));
        }
    }

    @Provides
    @Singleton
    Timing timing(PropertiesProvider properties) throws ConfigurationException {
        return Timing.from(SmtpyConfiguration.rawProperties(properties));
    }

    /** Publishes this node's changes and follows the other nodes'. */
    static final class ClusterSync {
        private static final Logger LOGGER = LoggerFactory.getLogger(ClusterSync.class);

        private final PeriodicTask follow;
        private final PeriodicTask reconcile;

        @Inject
        ClusterSync(ChangeFeed feed, Provider<Set<SharedIndex<?>>> indexes, Timing timing, StoreHealth health) {
            if (feed == ChangeFeed.SINGLE_NODE) {
                this.follow = null;
                this.reconcile = null;
                return;
            }
            FeedFollower follower = new FeedFollower(feed, indexes.get(), health);
            this.follow = new PeriodicTask("smtpy-cluster-follow", timing.poll, timing.poll, follower::follow);
            this.reconcile = new PeriodicTask("smtpy-cluster-reconcile", timing.reconcile, timing.reconcile, () -> {
                if (follower.reloadAll()) {
                    LOGGER.debug("cluster reconcile: everything read again");
                }
            });
            LOGGER.info("following the cluster's changes every {} ms, reconciling every {}", timing.poll.toMillis(),
                timing.reconcile);
        }

        @PreDestroy
        void stop() {
            if (follow != null) {
                follow.close();
                reconcile.close();
            }
        }
    }
}
