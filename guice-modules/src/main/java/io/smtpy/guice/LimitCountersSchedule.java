package io.smtpy.guice;

import java.time.Clock;
import java.time.Duration;

import javax.annotation.PreDestroy;
import javax.inject.Inject;

import io.smtpy.limits.LimitCounters;

/**
 * Drops the limit counters of ended windows ({@link LimitCounters#sweep}) every hour, on one node of the cluster when
 * the counters are shared ({@link ClusterJobs}, job {@value #JOB}), on each node when they are its own. Nothing reads an
 * ended window; this keeps the counters' memory or table from growing.
 */
final class LimitCountersSchedule {
    static final String JOB = "limit-counters-sweep";
    private static final Duration EVERY = Duration.ofHours(1);

    private final PeriodicTask task;

    @Inject
    LimitCountersSchedule(LimitCounters counters, Clock clock, ClusterJobs jobs) {
        this.task = jobs.schedule(JOB, StorageConcern.LIMITS, Duration.ofMinutes(5), EVERY, () -> counters.sweep(clock.instant()));
    }

    @PreDestroy
    void stop() {
        task.close();
    }
}
