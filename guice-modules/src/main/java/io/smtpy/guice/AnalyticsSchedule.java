package io.smtpy.guice;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.annotation.PreDestroy;
import javax.inject.Inject;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.smtpy.analytics.Rollups;
import io.smtpy.core.directory.AliasDirectory;

/**
 * Writes the analytics roll-ups counted in memory every {@link #FLUSH_EVERY} and at stop; a failed write keeps them
 * in memory for the next one (each node its own counts). Every hour removes stored roll-ups past
 * {@link Rollups#RETENTION} (400 days), on one node of the cluster ({@link ClusterJobs}, job {@value #EXPIRY_JOB}).
 * Forgets a domain's roll-ups with the domain.
 */
final class AnalyticsSchedule {
    static final String EXPIRY_JOB = "analytics-expiry";
    private static final Logger LOGGER = LoggerFactory.getLogger(AnalyticsSchedule.class);
    static final Duration FLUSH_EVERY = Duration.ofSeconds(30);
    private static final Duration EXPIRE_EVERY = Duration.ofHours(1);

    private final Rollups rollups;
    private final ScheduledExecutorService scheduler;
    private final PeriodicTask expiry;

    @Inject
    AnalyticsSchedule(Rollups rollups, AliasDirectory directory, Clock clock, ClusterJobs jobs) {
        this.rollups = rollups;
        directory.onDomainDeleted(rollups::deleteDomain);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "smtpy-analytics-flush");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(this::flush, FLUSH_EVERY.toMillis(), FLUSH_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        this.expiry = jobs.schedule(EXPIRY_JOB, StorageConcern.ANALYTICS, Duration.ofMinutes(7), EXPIRE_EVERY, () -> {
            int removed = rollups.expire(clock.instant());
            if (removed > 0) {
                LOGGER.info("Analytics housekeeping removed {} hourly roll-ups older than {}", removed, Rollups.RETENTION);
            }
        });
    }

    private void flush() {
        try {
            rollups.flush();
        } catch (RuntimeException e) {
            LOGGER.error("Could not write the analytics roll-ups; they stay in memory and are tried again in {}", FLUSH_EVERY, e);
        }
    }

    @PreDestroy
    void stop() {
        expiry.close();
        scheduler.shutdownNow();
        flush();
    }
}
