package io.smtpy.webadmin.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.james.task.Hostname;
import org.apache.james.task.MemoryTaskManager;
import org.apache.james.task.TaskExecutionDetails;
import org.apache.james.task.TaskId;
import org.apache.james.task.TaskManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.smtpy.access.AccessId;
import io.smtpy.core.cluster.MemoryTaskLedger;
import io.smtpy.core.cluster.TaskLedger;
import io.smtpy.core.cluster.TaskRecord;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.testing.MovableClock;

/** A node's records of the tasks its routes start: written at once, at each heartbeat, and once final, then left. */
class TaskRecordsTest {
    private static final AccessId ACME = AccessId.of("acc_acme");
    private static final Optional<DomainName> DOMAIN = Optional.of(DomainName.of("acme.example"));

    private final MovableClock clock = new MovableClock(Instant.parse("2026-03-01T12:00:00Z"));
    private final MemoryTaskManager taskManager = new MemoryTaskManager(new Hostname("node-a.example"));
    private final AtomicBoolean storeDown = new AtomicBoolean();
    private final MemoryTaskLedger stored = new MemoryTaskLedger(clock);
    /** The shared store, which refuses writes while {@link #storeDown}. */
    private final TaskLedger ledger = new TaskLedger() {
        @Override
        public void record(TaskRecord record) {
            if (storeDown.get()) {
                throw new IllegalStateException("the store is down");
            }
            stored.record(record);
        }

        @Override
        public Optional<TaskRecord> find(String taskId) {
            return stored.find(taskId);
        }
    };
    private final TaskRecords records = new TaskRecords(ledger, taskManager, clock, false);

    @AfterEach
    void stop() {
        taskManager.stop();
    }

    private TaskId start(GatedTask task) {
        TaskId id = taskManager.submit(task);
        records.started(id, ACME, DOMAIN);
        return id;
    }

    private TaskRecord recorded(TaskId id) {
        return stored.find(id.asString()).orElseThrow(() -> new AssertionError("no record of " + id.asString()));
    }

    private TaskExecutionDetails finished(TaskId id) throws Exception {
        return taskManager.await(id, Duration.ofSeconds(30));
    }

    @Test
    void aStartedTaskShouldBeRecordedAtOnceForItsAccountAndDomainOnItsNode() {
        GatedTask task = GatedTask.completing(clock);
        TaskId id = start(task);

        TaskRecord record = recorded(id);
        task.open();

        assertThat(record.account()).isEqualTo(ACME.asString());
        assertThat(record.domain()).isEqualTo(DOMAIN);
        assertThat(record.type()).isEqualTo(DkimRotationTask.TYPE.asString());
        assertThat(record.node()).isEqualTo("node-a.example");
        assertThat(record.status()).isIn(TaskRecord.Status.WAITING, TaskRecord.Status.IN_PROGRESS);
        assertThat(record.heartbeatAt()).isEqualTo(clock.instant());
        assertThat(record.details()).hasValueSatisfying(json -> assertThat(json).contains("\"domain\":\"acme.example\""));
    }

    @Test
    void eachHeartbeatShouldWriteTheProgressOfARunningTaskAndTheTime() throws Exception {
        GatedTask task = GatedTask.completing(clock);
        TaskId id = start(task);
        task.awaitRunning();
        task.step("s1._domainkey.acme.example PENDING -> ACTIVE");
        clock.moveBy(Duration.ofSeconds(1));

        records.refresh();
        TaskRecord record = recorded(id);
        task.open();

        assertThat(record.status()).isEqualTo(TaskRecord.Status.IN_PROGRESS);
        assertThat(record.startedAt()).isPresent();
        assertThat(record.heartbeatAt()).isEqualTo(clock.instant());
        assertThat(record.details()).hasValueSatisfying(json -> assertThat(json).contains("PENDING -> ACTIVE"));
    }

    @Test
    void anEndedTaskShouldBeRecordedAsItsTaskManagerEndedItThenNoLongerWritten() throws Exception {
        GatedTask task = GatedTask.completing(clock);
        TaskId id = start(task);
        task.step("done");
        task.open();
        TaskExecutionDetails ended = finished(id);

        records.refresh();
        TaskRecord record = recorded(id);
        clock.moveBy(Duration.ofMinutes(1));
        records.refresh();

        assertThat(record.status()).isEqualTo(TaskRecord.Status.COMPLETED);
        assertThat(record.submittedAt()).isEqualTo(ended.getSubmittedDate().toInstant());
        assertThat(record.startedAt()).contains(ended.getStartedDate().orElseThrow().toInstant());
        assertThat(record.finishedAt()).contains(ended.getCompletedDate().orElseThrow().toInstant());
        assertThat(recorded(id)).as("no heartbeat after the end").isEqualTo(record);
        assertThat(records.find(id.asString())).contains(record);
    }

    @Test
    void aTaskThatThrowsShouldBeRecordedFailed() throws Exception {
        GatedTask task = GatedTask.failing(clock);
        TaskId id = start(task);
        task.open();
        finished(id);

        records.refresh();

        assertThat(recorded(id).status()).isEqualTo(TaskRecord.Status.FAILED);
        assertThat(recorded(id).finishedAt()).isPresent();
    }

    @Test
    void aTaskCancelledWhileWaitingShouldBeRecordedCancelledThoughItNeverRan() throws Exception {
        GatedTask first = GatedTask.completing(clock);
        start(first);
        first.awaitRunning();
        TaskId waiting = start(GatedTask.completing(clock));

        taskManager.cancel(waiting);
        first.open();
        await().atMost(Duration.ofSeconds(30)).until(() -> taskManager.getExecutionDetails(waiting).getStatus() == TaskManager.Status.CANCELLED);
        records.refresh();

        assertThat(recorded(waiting).status()).isEqualTo(TaskRecord.Status.CANCELLED);
        assertThat(recorded(waiting).startedAt()).isEmpty();
    }

    @Test
    void aWriteTheStoreRefusesShouldBeTriedAgainAtTheNextHeartbeatAndTheTaskStillKnownHereMeanwhile() {
        storeDown.set(true);
        GatedTask task = GatedTask.completing(clock);
        TaskId id = start(task);

        assertThat(stored.find(id.asString())).isEmpty();
        assertThat(records.find(id.asString())).hasValueSatisfying(record -> assertThat(record.account()).isEqualTo(ACME.asString()));
        storeDown.set(false);
        records.refresh();
        task.open();

        assertThat(stored.find(id.asString())).isPresent();
    }

    @Test
    void aTaskWhoseNodeFellSilentShouldBeFoundFailedAtItsLastHeartbeat() {
        TaskRecord running = TaskRecord.builder(TaskId.generateTaskId().asString(), DkimRotationTask.TYPE.asString(), ACME.asString())
            .domain(DOMAIN).status(TaskRecord.Status.IN_PROGRESS).node("node-b.example")
            .submittedAt(clock.instant()).startedAt(Optional.of(clock.instant())).heartbeatAt(clock.instant()).build();
        stored.record(running);

        clock.moveBy(TaskLedger.SILENCE.plusSeconds(1));
        TaskRecord seen = records.find(running.id()).orElseThrow();
        TaskExecutionDetails shown = records.executionDetails(seen);

        assertThat(seen.status()).isEqualTo(TaskRecord.Status.FAILED);
        assertThat(shown.getStatus()).isEqualTo(TaskManager.Status.FAILED);
        assertThat(shown.getFailedDate().orElseThrow().toInstant()).isEqualTo(running.heartbeatAt());
        assertThat(shown.getRanNode()).contains(new Hostname("node-b.example"));
    }
}
