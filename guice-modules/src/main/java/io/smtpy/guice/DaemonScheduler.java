package io.smtpy.guice;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/** A single-thread scheduler on a named daemon thread: a schedule of its own must never keep the JVM from stopping. */
final class DaemonScheduler {
    private DaemonScheduler() {
    }

    static ScheduledExecutorService named(String threadName) {
        return Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, threadName);
            thread.setDaemon(true);
            return thread;
        });
    }
}
