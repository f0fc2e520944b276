package io.smtpy.guice;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A task run on a daemon thread of its own, first after {@code first}, then {@code every} after each run ends; a run that
 * throws is logged and the next one goes ahead. Work of this node alone (flushing its counters, following the change
 * feed) uses it directly; a job on shared data is one {@link ClusterJobs#schedule}, which runs it on one node.
 */
final class PeriodicTask implements AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(PeriodicTask.class);

    private final ScheduledExecutorService scheduler;

    PeriodicTask(String threadName, Duration first, Duration every, Runnable task) {
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, threadName);
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOGGER.error("{} failed; trying again in {}", threadName, every, e);
            }
        }, first.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
