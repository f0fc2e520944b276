package io.smtpy.limits;

import static io.smtpy.limits.LimitCountersContract.demand;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

class MemoryLimitCountersTest implements LimitCountersContract {
    private final MemoryLimitCounters counters = new MemoryLimitCounters();

    /** One node's counters: every "node" of the contract is this one. */
    @Override
    public LimitCounters node() {
        return counters;
    }

    @Test
    void countersShouldStayBoundedAndSweepEndedWindows() {
        MemoryLimitCounters small = new MemoryLimitCounters(3);
        for (int i = 0; i < 3; i++) {
            CounterKey key = CounterKey.toRecipientDomain(SALES, "d" + i + ".example");
            small.acquire(List.of(demand(key, 1)), NOW);
        }
        CounterKey fourth = CounterKey.toRecipientDomain(SALES, "d3.example");

        assertThat(small.acquire(List.of(demand(fourth, 1)), NOW).granted()).as("full: allowed uncounted").isTrue();
        assertThat(small.size()).isEqualTo(3);

        Instant nextHour = NOW.plus(Duration.ofHours(1));
        small.acquire(List.of(demand(fourth, 1)), nextHour);
        assertThat(small.size()).isEqualTo(1);
        assertThat(small.acquire(List.of(demand(fourth, 1)), nextHour).granted()).isFalse();
    }

    @Test
    void sweepShouldDropTheCountersOfEndedWindows() {
        counters.acquire(List.of(demand(HOURLY, 5), demand(DAILY, 5)), NOW);

        counters.sweep(NOW.plus(Duration.ofHours(1)));

        assertThat(counters.size()).isEqualTo(1);
        assertThat(LimitCountersContract.count(counters, DAILY, NOW)).isEqualTo(1);
    }
}
