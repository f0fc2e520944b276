package io.smtpy.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.smtpy.core.testing.MovableClock;

class MemoryTaskLedgerTest implements TaskLedgerContract {
    private final MovableClock clock = new MovableClock(Instant.parse("2026-03-01T12:00:00Z"));

    @Override
    public TaskLedger ledger(Duration kept) {
        return new MemoryTaskLedger(clock, kept);
    }

    @Override
    public void elapse(Duration duration) {
        clock.moveBy(duration);
    }

    @Test
    void beyondItsBoundTheLeastRecentlyWrittenRecordShouldGoFirst() {
        TaskLedger ledger = ledger();
        String first = TaskLedgerContract.newId();
        String second = TaskLedgerContract.newId();
        ledger.record(TaskLedgerContract.waiting(first).build());
        ledger.record(TaskLedgerContract.waiting(second).build());
        ledger.record(TaskLedgerContract.waiting(first).build());

        for (int i = 2; i < MemoryTaskLedger.MAX_RECORDS + 1; i++) {
            ledger.record(TaskLedgerContract.waiting(TaskLedgerContract.newId()).build());
        }

        assertThat(ledger.find(second)).isEmpty();
        assertThat(ledger.find(first)).isPresent();
    }
}
