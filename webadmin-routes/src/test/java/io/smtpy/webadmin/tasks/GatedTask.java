package io.smtpy.webadmin.tasks;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.james.task.Task;
import org.apache.james.task.TaskExecutionDetails;
import org.apache.james.task.TaskType;

/**
 * A task of the tests that runs until its gate opens, then completes (or fails, when told to); its details (those of a
 * DKIM rotation, which James's JSON knows) list the steps it was told of, its progress.
 */
public final class GatedTask implements Task {
    private final CountDownLatch gate = new CountDownLatch(1);
    private final CountDownLatch running = new CountDownLatch(1);
    private final List<String> steps = new CopyOnWriteArrayList<>();
    private final Clock clock;
    private final boolean fails;

    private GatedTask(Clock clock, boolean fails) {
        this.clock = clock;
        this.fails = fails;
    }

    public static GatedTask completing(Clock clock) {
        return new GatedTask(clock, false);
    }

    public static GatedTask failing(Clock clock) {
        return new GatedTask(clock, true);
    }

    /** Progress the details show from now on. */
    public void step(String step) {
        steps.add(step);
    }

    public void open() {
        gate.countDown();
    }

    /** Waits until the task runs. */
    public void awaitRunning() throws InterruptedException {
        if (!running.await(30, TimeUnit.SECONDS)) {
            throw new AssertionError("the task did not start");
        }
    }

    @Override
    public Result run() throws InterruptedException {
        running.countDown();
        if (!gate.await(60, TimeUnit.SECONDS)) {
            throw new AssertionError("the test never opened the gate");
        }
        if (fails) {
            throw new IllegalStateException("failing as told");
        }
        return Result.COMPLETED;
    }

    @Override
    public TaskType type() {
        return DkimRotationTask.TYPE;
    }

    @Override
    public Optional<TaskExecutionDetails.AdditionalInformation> details() {
        return Optional.of(new DkimRotationTask.Details("acme.example", steps, clock.instant()));
    }
}
