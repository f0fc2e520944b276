package io.smtpy.guice;

import java.time.Duration;
import java.util.List;

import javax.annotation.PreDestroy;
import javax.inject.Inject;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.utils.PropertiesProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Scopes;
import com.google.inject.Singleton;

import io.smtpy.core.cluster.Change;
import io.smtpy.core.cluster.ChangeFeed;
import io.smtpy.core.cluster.StoreHealth;
import io.smtpy.core.directory.AliasDirectory;
import io.smtpy.core.model.DomainName;

/**
 * Several nodes on one store: each node's alias index follows the changes made through any node. The directory
 * publishes each domain it changes on the store's {@link ChangeFeed}; {@link ClusterSync} polls the feed
 * ({@code cluster.pollMillis}, default 250) and reloads each domain named, and reloads every domain now and then
 * ({@code cluster.reconcileMinutes}, default 5) to catch what the feed missed. On a store only one node uses (memory,
 * embedded) the feed is {@link ChangeFeed#SINGLE_NODE} and nothing runs. A poll that fails marks the shared store
 * unavailable ({@link StoreHealth}: RCPT answers {@code 451 4.3.0}); the first poll that succeeds again reloads every
 * domain (what changed meanwhile) before it marks the store available.
 */
public class ClusterModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(ClusterSync.class).asEagerSingleton();
        bind(StoreHealth.class).in(Scopes.SINGLETON);
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

    /** Publishes this node's changes of domains and aliases, and follows the other nodes'. */
    static final class ClusterSync {
        private static final Logger LOGGER = LoggerFactory.getLogger(ClusterSync.class);

        private final PeriodicTask follow;
        private final PeriodicTask reconcile;

        @Inject
        ClusterSync(ChangeFeed feed, AliasDirectory directory, Timing timing, StoreHealth health) {
            if (feed == ChangeFeed.SINGLE_NODE) {
                this.follow = null;
                this.reconcile = null;
                return;
            }
            directory.onChange(domain -> feed.publish(new Change(Change.DOMAIN, domain.asString())));
            this.follow = new PeriodicTask("smtpy-cluster-follow", timing.poll, timing.poll, () -> {
                List<Change> changes;
                try {
                    changes = feed.poll();
                } catch (RuntimeException e) {
                    if (health.problem().isEmpty()) {
                        LOGGER.warn("the shared store does not answer: new mail is deferred (451) until it does", e);
                    }
                    health.markUnavailable("the shared store does not answer: " + e.getMessage());
                    return;
                }
                if (health.problem().isPresent()) {
                    LOGGER.info("the shared store answers again: reading every domain again, then accepting mail");
                    directory.reloadAll();
                    health.markAvailable();
                }
                for (Change change : changes) {
                    if (Change.DOMAIN.equals(change.topic())) {
                        directory.reload(DomainName.of(change.key()));
                    }
                }
            });
            this.reconcile = new PeriodicTask("smtpy-cluster-reconcile", timing.reconcile, timing.reconcile, () -> {
                int domains = directory.reloadAll();
                LOGGER.debug("cluster reconcile: {} domains read again", domains);
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
