package io.smtpy.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.smtpy.core.model.InvalidFieldException;

class TaskRecordTest {
    private final TaskRecord inProgress = TaskLedgerContract.waiting("t1").status(TaskRecord.Status.IN_PROGRESS)
        .startedAt(Optional.of(TaskLedgerContract.SUBMITTED)).heartbeatAt(TaskLedgerContract.SUBMITTED.plusSeconds(5))
        .details(Optional.of("{\"type\":\"smtpy-alias-import\",\"linesRead\":2000}")).build();

    @Test
    void anUnfinishedTaskWhoseNodeFellSilentShouldBeSeenFailedAtItsLastHeartbeatWithItsLastDetails() {
        TaskRecord seen = inProgress.asSeenAt(inProgress.heartbeatAt().plus(TaskLedger.SILENCE).plusMillis(1), TaskLedger.SILENCE);

        assertThat(seen.status()).isEqualTo(TaskRecord.Status.FAILED);
        assertThat(seen.finishedAt()).contains(inProgress.heartbeatAt());
        assertThat(seen.details()).isEqualTo(inProgress.details());
        assertThat(seen.startedAt()).isEqualTo(inProgress.startedAt());
    }

    @Test
    void anUnfinishedTaskHeardFromWithinTheSilenceShouldBeSeenAsItIs() {
        assertThat(inProgress.asSeenAt(inProgress.heartbeatAt().plus(TaskLedger.SILENCE), TaskLedger.SILENCE)).isEqualTo(inProgress);
    }

    @Test
    void aFinishedTaskShouldBeSeenAsItIsHoweverOld() {
        TaskRecord completed = inProgress.toBuilder().status(TaskRecord.Status.COMPLETED)
            .finishedAt(Optional.of(inProgress.heartbeatAt())).build();

        assertThat(completed.asSeenAt(completed.heartbeatAt().plus(Duration.ofDays(6)), TaskLedger.SILENCE)).isEqualTo(completed);
    }

    @Test
    void aFinishedTaskWithoutAnEndTimeShouldBeRefused() {
        assertThatThrownBy(() -> inProgress.toBuilder().status(TaskRecord.Status.COMPLETED).build())
            .isInstanceOf(InvalidFieldException.class).hasMessageContaining("end time");
    }

    @Test
    void aTaskInProgressWithoutAStartTimeShouldBeRefused() {
        assertThatThrownBy(() -> inProgress.toBuilder().startedAt(Optional.empty()).build())
            .isInstanceOf(InvalidFieldException.class).hasMessageContaining("start time");
    }

    @Test
    void statusesShouldReadBackFromJamesValues() {
        for (TaskRecord.Status status : TaskRecord.Status.values()) {
            assertThat(TaskRecord.Status.of(status.value())).isEqualTo(status);
        }
        assertThat(TaskRecord.Status.CANCELLED.value()).isEqualTo("canceled");
        assertThatThrownBy(() -> TaskRecord.Status.of("done")).isInstanceOf(IllegalArgumentException.class);
    }
}
