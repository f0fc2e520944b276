package io.smtpy.guice;

import java.time.Duration;

import javax.annotation.PreDestroy;
import javax.inject.Inject;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.smtpy.access.service.AccessHousekeeping;

/**
 * Runs {@link AccessHousekeeping} (audit retention, expired sessions, old failed attempts) every hour, on one node of
 * the cluster ({@link ClusterJobs}, job {@value #JOB}).
 */
final class AccessHousekeepingSchedule {
    static final String JOB = "access-housekeeping";
    private static final Logger LOGGER = LoggerFactory.getLogger(AccessHousekeepingSchedule.class);
    private static final Duration EVERY = Duration.ofHours(1);
    private static final Duration FIRST_RUN_AFTER = Duration.ofMinutes(2);

    private final PeriodicTask task;

    @Inject
    AccessHousekeepingSchedule(AccessHousekeeping housekeeping, ClusterJobs jobs) {
        this.task = jobs.schedule(JOB, StorageConcern.ACCESS, FIRST_RUN_AFTER, EVERY, () -> {
            AccessHousekeeping.Outcome outcome = housekeeping.run();
            if (outcome.auditEntries() + outcome.sessions() + outcome.failedAttempts() > 0) {
                LOGGER.info("Access housekeeping removed {} audit entries past retention, {} expired sessions, {} old failed attempts",
                    outcome.auditEntries(), outcome.sessions(), outcome.failedAttempts());
            }
        });
    }

    @PreDestroy
    void stop() {
        task.close();
    }
}
