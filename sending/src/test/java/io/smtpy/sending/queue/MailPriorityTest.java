package io.smtpy.sending.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.OptionalInt;

import org.junit.jupiter.api.Test;

import io.smtpy.core.model.DomainName;

class MailPriorityTest {
    @Test
    void aHighClassDomainsCopiesShouldGoInThePriorityLane() {
        DomainPriorities priorities = DomainPriorities.parse(" vip.example , other.example ");

        assertThat(priorities.of(DomainName.of("vip.example"))).isEqualTo(PriorityClass.HIGH);
        assertThat(priorities.of(DomainName.of("plain.example"))).isEqualTo(PriorityClass.NORMAL);
        assertThat(MailPriority.of(PriorityClass.HIGH, OptionalInt.empty(), true)).isEqualTo(MailPriority.HIGH_CLASS);
        assertThat(MailPriority.of(PriorityClass.NORMAL, OptionalInt.empty(), false)).isEqualTo(MailPriority.NORMAL);
        assertThat(MailPriority.lane(MailPriority.rank(MailPriority.HIGH_CLASS, false))).isEqualTo(MailPriority.Lane.PRIORITY);
    }

    @Test
    void mtPriorityShouldCountOnlyForASubmitterAllowedToUseIt() {
        assertThat(MailPriority.of(PriorityClass.NORMAL, OptionalInt.of(9), false)).isEqualTo(MailPriority.NORMAL);
        assertThat(MailPriority.of(PriorityClass.HIGH, OptionalInt.of(9), true)).isEqualTo(9);
        assertThat(MailPriority.of(PriorityClass.HIGH, OptionalInt.of(1), true)).isEqualTo(6);
        assertThat(MailPriority.of(PriorityClass.HIGH, OptionalInt.of(0), true)).isEqualTo(5);
        assertThat(MailPriority.of(PriorityClass.HIGH, OptionalInt.of(-1), true)).isEqualTo(4);
        assertThat(MailPriority.of(PriorityClass.HIGH, OptionalInt.of(-9), true)).isEqualTo(1);
    }

    @Test
    void aNullSenderShouldBeInTheNoticesLaneAboveEveryPriority() {
        assertThat(MailPriority.rank(MailPriority.NORMAL, true)).isGreaterThan(MailPriority.rank(MailPriority.HIGHEST, false));
        assertThat(MailPriority.lane(MailPriority.rank(0, true))).isEqualTo(MailPriority.Lane.NOTICE);
        assertThat(MailPriority.lane(MailPriority.rank(5, false))).isEqualTo(MailPriority.Lane.NORMAL);
        assertThat(MailPriority.lane(MailPriority.rank(2, false))).isEqualTo(MailPriority.Lane.LOW);
        assertThat(MailPriority.rank(42, false)).as("out of range is clamped").isEqualTo(MailPriority.HIGHEST);
    }

    @Test
    void mtPriorityValuesShouldBeASignAndOneDigit() {
        assertThat(MailPriority.parseMtPriority("3")).isEqualTo(3);
        assertThat(MailPriority.parseMtPriority("+3")).isEqualTo(3);
        assertThat(MailPriority.parseMtPriority("-9")).isEqualTo(-9);
        assertThatThrownBy(() -> MailPriority.parseMtPriority("10")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MailPriority.parseMtPriority("high")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MailPriority.parseMtPriority(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
