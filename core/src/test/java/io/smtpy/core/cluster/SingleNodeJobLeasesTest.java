package io.smtpy.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class SingleNodeJobLeasesTest {
    @Test
    void aServerAloneShouldAlwaysBeGrantedTheLease() {
        JobLeases.SINGLE_NODE.tryAcquire("event-retention", "node-a", Duration.ofHours(1));

        assertThat(JobLeases.SINGLE_NODE.tryAcquire("event-retention", "node-b", Duration.ofHours(1))).isTrue();
    }

    @Test
    void aHoldOfNoTimeShouldBeRefusedThereToo() {
        assertThatThrownBy(() -> JobLeases.SINGLE_NODE.tryAcquire("event-retention", "node-a", Duration.ofSeconds(-1)))
            .isInstanceOf(IllegalArgumentException.class);
    }
}
