package io.smtpy.core.mailpath;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LoopLimitsTest {
    private final LoopLimits limits = LoopLimits.of(5, 25);

    @Test
    void theMaxForwardsthTraceFieldShouldBeALoop() {
        assertThat(limits.exceededBy(4, 0)).isFalse();
        assertThat(limits.exceededBy(5, 0)).isTrue();
    }

    @Test
    void moreThanMaxReceivedLinesShouldBeALoop() {
        assertThat(limits.exceededBy(0, 25)).isFalse();
        assertThat(limits.exceededBy(0, 26)).isTrue();
    }

    @Test
    void limitsShouldBePositive() {
        assertThatThrownBy(() -> LoopLimits.of(0, 25)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LoopLimits.of(5, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theDefaultShouldStayBelowJamesRelayLimitOf30() {
        assertThat(LoopLimits.DEFAULT.maxForwards()).isEqualTo(5);
        assertThat(LoopLimits.DEFAULT.maxReceived()).isEqualTo(25);
    }
}
