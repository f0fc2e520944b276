package io.smtpy.guice;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.inject.Inject;
import javax.inject.Named;

import org.apache.james.task.TaskManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.smtpy.core.dkim.DkimRotationRun;
import io.smtpy.webadmin.tasks.DkimRotationTask;

/**
 * Submits the DKIM rotation task over every domain to James's task manager at a fixed interval, so rotations show in
 * {@code /tasks} like any other task. The first run comes one minute after start (or the interval, when shorter):
 * keys of domains created while the server was down, and records published meanwhile, are taken up soon.
 */
final class DkimRotationSchedule {
    private static final Logger LOGGER = LoggerFactory.getLogger(DkimRotationSchedule.class);
    private static final Duration FIRST_RUN_AFTER = Duration.ofMinutes(1);

    @Inject
    DkimRotationSchedule(TaskManager taskManager, DkimRotationRun run, Clock clock,
                         @Named(DkimModule.ROTATION_CHECK_EVERY) Duration every) {
        if (every.isZero()) {
            return;
        }
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "smtpy-dkim-rotation-schedule");
            thread.setDaemon(true);
            return thread;
        });
        long first = Math.min(FIRST_RUN_AFTER.toMillis(), every.toMillis());
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                taskManager.submit(DkimRotationTask.everyDomain(run, clock));
            } catch (RuntimeException e) {
                LOGGER.error("Could not submit the DKIM rotation task; trying again at the next interval", e);
            }
        }, first, every.toMillis(), TimeUnit.MILLISECONDS);
        LOGGER.info("DKIM rotation task scheduled every {}", every);
    }
}
