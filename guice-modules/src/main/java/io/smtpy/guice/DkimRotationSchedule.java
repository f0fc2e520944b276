package io.smtpy.guice;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import javax.annotation.PreDestroy;
import javax.inject.Inject;
import javax.inject.Named;

import org.apache.james.task.TaskManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.smtpy.core.dkim.DkimRotationRun;
import io.smtpy.webadmin.tasks.DkimRotationTask;

/**
 * Submits the DKIM rotation task over every domain to James's task manager at a fixed interval, so rotations show in
 * {@code /tasks} like any other task; on one node of the cluster ({@link ClusterJobs}, job {@value #JOB}), whose
 * {@code /tasks} shows it. The first run comes one minute after start (or the interval, when shorter): keys of domains
 * created while the server was down, and records published meanwhile, are taken up soon.
 */
final class DkimRotationSchedule {
    static final String JOB = "dkim-rotation";
    private static final Logger LOGGER = LoggerFactory.getLogger(DkimRotationSchedule.class);
    private static final Duration FIRST_RUN_AFTER = Duration.ofMinutes(1);

    private final Optional<PeriodicTask> task;

    @Inject
    DkimRotationSchedule(TaskManager taskManager, DkimRotationRun run, Clock clock, ClusterJobs jobs,
                         @Named(DkimModule.ROTATION_CHECK_EVERY) Duration every) {
        if (every.isZero()) {
            this.task = Optional.empty();
            return;
        }
        Duration first = FIRST_RUN_AFTER.compareTo(every) < 0 ? FIRST_RUN_AFTER : every;
        this.task = Optional.of(jobs.schedule(JOB, StorageConcern.DKIM, first, every,
            () -> taskManager.submit(DkimRotationTask.everyDomain(run, clock))));
        LOGGER.info("DKIM rotation task scheduled every {}", every);
    }

    @PreDestroy
    void stop() {
        task.ifPresent(PeriodicTask::close);
    }
}
