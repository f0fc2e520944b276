package io.smtpy.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.smtpy.core.model.DomainName;

/**
 * What every {@link TaskLedger} must do. A backend test implements {@link #ledger(Duration)} (a fresh ledger of one
 * store per test, keeping records {@code kept} after their last write) and {@link #elapse} (a movable clock moves, a
 * real store is waited for). Stores may count time in whole seconds (a TTL may end up to a second early): the expiry
 * test leaves that second of slack and more.
 */
public interface TaskLedgerContract {
    Instant SUBMITTED = Instant.parse("2026-03-01T12:00:00.123456789Z");
    String IMPORT_DETAILS = "{\"type\":\"smtpy-alias-import\",\"domain\":\"acme.example\",\"linesRead\":1000,"
        + "\"errors\":[{\"line\":3,\"field\":\"destinations\",\"message\":\"'x' is not a valid mail address\"}]}";

    TaskLedger ledger(Duration kept);

    /** Lets {@code duration} pass for the ledger. */
    void elapse(Duration duration);

    default TaskLedger ledger() {
        return ledger(TaskLedger.KEPT);
    }

    static TaskRecord.Builder waiting(String id) {
        return TaskRecord.builder(id, "smtpy-alias-import", "acc_acme")
            .domain(Optional.of(DomainName.of("acme.example")))
            .status(TaskRecord.Status.WAITING)
            .node("node-a.example")
            .submittedAt(SUBMITTED)
            .heartbeatAt(SUBMITTED);
    }

    static String newId() {
        return UUID.randomUUID().toString();
    }

    @Test
    default void aRecordedTaskShouldBeFoundWithEveryField() {
        TaskLedger ledger = ledger();
        TaskRecord record = waiting(newId()).status(TaskRecord.Status.COMPLETED)
            .startedAt(Optional.of(SUBMITTED.plusMillis(10)))
            .finishedAt(Optional.of(SUBMITTED.plusSeconds(2)))
            .heartbeatAt(SUBMITTED.plusSeconds(2))
            .details(Optional.of(IMPORT_DETAILS))
            .build();

        ledger.record(record);

        assertThat(ledger.find(record.id())).contains(record);
    }

    @Test
    default void aTaskNeverRecordedShouldNotBeFound() {
        TaskLedger ledger = ledger();
        ledger.record(waiting(newId()).build());

        assertThat(ledger.find(newId())).isEmpty();
    }

    @Test
    default void recordingATaskAgainShouldReplaceItsRecordWhole() {
        TaskLedger ledger = ledger();
        String id = newId();
        ledger.record(waiting(id).status(TaskRecord.Status.IN_PROGRESS).startedAt(Optional.of(SUBMITTED))
            .details(Optional.of(IMPORT_DETAILS)).build());
        TaskRecord cancelledBeforeStarting = waiting(id).domain(Optional.empty()).status(TaskRecord.Status.CANCELLED)
            .finishedAt(Optional.of(SUBMITTED.plusSeconds(1))).heartbeatAt(SUBMITTED.plusSeconds(1)).build();

        ledger.record(cancelledBeforeStarting);

        assertThat(ledger.find(id)).contains(cancelledBeforeStarting);
    }

    @Test
    default void theRecordsOfTwoTasksShouldBeIndependent() {
        TaskLedger ledger = ledger();
        TaskRecord first = waiting(newId()).build();
        TaskRecord second = waiting(newId()).node("node-b.example").build();

        ledger.record(first);
        ledger.record(second);

        assertThat(ledger.find(first.id())).contains(first);
        assertThat(ledger.find(second.id())).contains(second);
    }

    /** Past the keeping time of the first write (4 s), within that of the second; then past both. */
    @Test
    default void aRecordShouldLastItsKeepingTimeFromItsLastWrite() {
        TaskLedger ledger = ledger(Duration.ofSeconds(4));
        TaskRecord record = waiting(newId()).build();
        ledger.record(record);
        elapse(Duration.ofMillis(2500));

        ledger.record(record);
        elapse(Duration.ofSeconds(2));
        Optional<TaskRecord> keptByTheSecondWrite = ledger.find(record.id());
        elapse(Duration.ofMillis(2500));

        assertThat(keptByTheSecondWrite).contains(record);
        assertThat(ledger.find(record.id())).isEmpty();
    }
}
