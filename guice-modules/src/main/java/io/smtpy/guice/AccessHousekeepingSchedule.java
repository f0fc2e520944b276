package io.smtpy.guice;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.inject.Inject;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.smtpy.access.service.AccessHousekeeping;

/** Runs {@link AccessHousekeeping} (audit retention, expired sessions, old failed attempts) every hour. */
final class AccessHousekeepingSchedule {
    private static final Logger LOGGER = LoggerFactory.getLogger(AccessHousekeepingSchedule.class);
    private static final Duration EVERY = Duration.ofHours(1);
    private static final Duration FIRST_RUN_AFTER = Duration.ofMinutes(2);

    @Inject
    AccessHousekeepingSchedule(AccessHousekeeping housekeeping) {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "smtpy-access-housekeeping");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                AccessHousekeeping.Outcome outcome = housekeeping.run();
                if (outcome.auditEntries() + outcome.sessions() + outcome.failedAttempts() > 0) {
                    LOGGER.info("Access housekeeping removed {} audit entries past retention, {} expired sessions, {} old failed attempts",
                        outcome.auditEntries(), outcome.sessions(), outcome.failedAttempts());
                }
            } catch (RuntimeException e) {
                LOGGER.error("Access housekeeping failed; trying again in {}", EVERY, e);
            }
        }, FIRST_RUN_AFTER.toMillis(), EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }
}
