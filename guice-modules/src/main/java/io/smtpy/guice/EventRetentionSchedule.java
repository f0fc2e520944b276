package io.smtpy.guice;

import java.time.Duration;

import javax.annotation.PreDestroy;
import javax.inject.Inject;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.smtpy.core.events.EventRetentionPurge;

/**
 * Runs the {@link EventRetentionPurge} every hour, the first time a few minutes after start ({@link ClusterJobs}, job
 * {@value #JOB}): once per cluster when the mail events are shared, on every node when each node keeps its own.
 */
final class EventRetentionSchedule {
    static final String JOB = "event-retention";
    private static final Logger LOGGER = LoggerFactory.getLogger(EventRetentionSchedule.class);
    private static final Duration FIRST_AFTER = Duration.ofMinutes(5);
    private static final Duration EVERY = Duration.ofHours(1);

    private final PeriodicTask task;

    @Inject
    EventRetentionSchedule(EventRetentionPurge purge, ClusterJobs jobs) {
        this.task = jobs.schedule(JOB, StorageConcern.EVENTS, FIRST_AFTER, EVERY, () -> {
            long purged = purge.run();
            if (purged > 0) {
                LOGGER.info("Event retention purged {} mail events past their domains' retention", purged);
            }
        });
    }

    @PreDestroy
    void stop() {
        task.close();
    }
}
