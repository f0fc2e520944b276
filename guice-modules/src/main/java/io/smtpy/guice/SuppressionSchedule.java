package io.smtpy.guice;

import java.time.Duration;

import javax.annotation.PreDestroy;
import javax.inject.Inject;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.smtpy.suppression.Suppressions;

/**
 * Ends the suppressions whose time is up ({@link Suppressions#expire()}, an {@code unsuppressed} event each) every
 * minute, on one node of the cluster ({@link ClusterJobs}, job {@value #JOB}). The mail path already ignores an ended
 * suppression; this is what removes it and tells the owner.
 */
final class SuppressionSchedule {
    static final String JOB = "suppression-expiry";
    private static final Logger LOGGER = LoggerFactory.getLogger(SuppressionSchedule.class);
    private static final Duration EVERY = Duration.ofMinutes(1);

    private final PeriodicTask task;

    @Inject
    SuppressionSchedule(Suppressions suppressions, ClusterJobs jobs) {
        this.task = jobs.schedule(JOB, StorageConcern.SUPPRESSION, EVERY, EVERY, () -> {
            int ended = suppressions.expire();
            if (ended > 0) {
                LOGGER.info("{} suppression(s) ended at their time", ended);
            }
        });
    }

    @PreDestroy
    void stop() {
        task.close();
    }
}
