package io.smtpy.guice;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.annotation.PreDestroy;
import javax.inject.Inject;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.smtpy.suppression.Suppressions;

/**
 * Ends the suppressions whose time is up ({@link Suppressions#expire()}, an {@code unsuppressed} event each) every
 * minute. The mail path already ignores an ended suppression; this is what removes it and tells the owner.
 */
final class SuppressionSchedule {
    private static final Logger LOGGER = LoggerFactory.getLogger(SuppressionSchedule.class);
    private static final Duration EVERY = Duration.ofMinutes(1);

    private final ScheduledExecutorService scheduler;

    @Inject
    SuppressionSchedule(Suppressions suppressions) {
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "smtpy-suppression-expiry");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                int ended = suppressions.expire();
                if (ended > 0) {
                    LOGGER.info("{} suppression(s) ended at their time", ended);
                }
            } catch (RuntimeException e) {
                LOGGER.error("Ending suppressions failed; trying again in {}", EVERY, e);
            }
        }, EVERY.toMillis(), EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        scheduler.shutdownNow();
    }
}
