package io.smtpy.core.cluster;

import java.time.Duration;
import java.time.Instant;

import io.smtpy.core.testing.MovableClock;

class MemoryJobLeasesTest implements JobLeasesContract {
    private final MovableClock clock = new MovableClock(Instant.parse("2024-05-01T10:00:00Z"));
    private final MemoryJobLeases leases = new MemoryJobLeases(clock);

    @Override
    public JobLeases node() {
        return leases;
    }

    @Override
    public void elapse(Duration duration) {
        clock.moveBy(duration);
    }
}
