package io.smtpy.sending.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

class RelayRetryScheduleTest {
    private final RelayRetrySchedule schedule =
        new RelayRetrySchedule(List.of(Duration.ofMinutes(1), Duration.ofMinutes(5)), 3);

    @Test
    void eachRetryShouldWaitItsDelayThenTheLastOne() {
        assertThat(schedule.next(1)).contains(Duration.ofMinutes(1));
        assertThat(schedule.next(2)).contains(Duration.ofMinutes(5));
        assertThat(schedule.next(3)).contains(Duration.ofMinutes(5));
    }

    @Test
    void aCopyThatHadAllItsRetriesShouldGetNoMore() {
        assertThat(schedule.next(4)).isEmpty();
        assertThat(new RelayRetrySchedule(List.of(Duration.ofMinutes(1)), 0).next(1)).isEmpty();
    }

    @Test
    void aScheduleWithoutDelaysShouldBeRefused() {
        assertThatThrownBy(() -> new RelayRetrySchedule(List.of(), 3)).isInstanceOf(IllegalArgumentException.class);
    }
}
