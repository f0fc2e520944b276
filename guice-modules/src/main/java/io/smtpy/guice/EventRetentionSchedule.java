package io.smtpy.guice;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.annotation.PreDestroy;
import javax.inject.Inject;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.smtpy.core.events.EventRetentionPurge;

/** Runs the {@link EventRetentionPurge} every hour, the first time a few minutes after start. */
final class EventRetentionSchedule {
    private static final Logger LOGGER = LoggerFactory.getLogger(EventRetentionSchedule.class);
    private static final Duration FIRST_AFTER = Duration.ofMinutes(5);
    private static final Duration EVERY = Duration.ofHours(1);

    private final ScheduledExecutorService scheduler;

    @Inject
    EventRetentionSchedule(EventRetentionPurge purge) {
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "smtpy-event-retention");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                long purged = purge.run();
                if (purged > 0) {
                    LOGGER.info("Event retention purged {} mail events past their domains' retention", purged);
                }
            } catch (RuntimeException e) {
                LOGGER.error("Event retention purge failed; trying again in {}", EVERY, e);
            }
        }, FIRST_AFTER.toMillis(), EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        scheduler.shutdownNow();
    }
}
