package io.smtpy.guice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.smtpy.core.cluster.JobLeases;
import io.smtpy.core.cluster.MemoryJobLeases;
import io.smtpy.core.testing.MovableClock;

/** Two "nodes" of one JVM sharing {@link MemoryJobLeases} for the shared concerns; events kept by each node alone. */
class ClusterJobsTest {
    private static final Duration HOUR = Duration.ofHours(1);

    private final MovableClock clock = new MovableClock(Instant.parse("2024-05-01T10:00:00Z"));
    private final MemoryJobLeases shared = new MemoryJobLeases(clock);
    private final ClusterJobs nodeA = node("node-a");
    private final ClusterJobs nodeB = node("node-b");
    private final AtomicInteger runs = new AtomicInteger();
    private final AtomicInteger asked = new AtomicInteger();

    private ClusterJobs node(String name) {
        JobLeases counted = new JobLeases() {
            @Override
            public boolean tryAcquire(String job, String holder, Duration hold) {
                asked.incrementAndGet();
                return shared.tryAcquire(job, holder, hold);
            }

            @Override
            public void release(String job, String holder) {
                shared.release(job, holder);
            }
        };
        return new ClusterJobs(concern -> concern == StorageConcern.EVENTS ? JobLeases.SINGLE_NODE : counted, name);
    }

    private Runnable purge(ClusterJobs node) {
        return node.leased("quarantine-expiry", StorageConcern.RULES, HOUR, runs::incrementAndGet);
    }

    @Test
    void ofTwoNodesRunningAJobOnlyOneShouldRunIt() {
        purge(nodeA).run();
        purge(nodeB).run();

        assertThat(runs).hasValue(1);
    }

    @Test
    void theJobShouldRunOncePerPeriod() {
        purge(nodeA).run();
        purge(nodeB).run();

        clock.moveBy(HOUR);
        purge(nodeB).run();
        purge(nodeA).run();

        assertThat(runs).hasValue(2);
    }

    @Test
    void whenTheNodeThatRanItDiesAnotherShouldRunItOnceItsPeriodIsOver() {
        purge(nodeA).run();

        clock.moveBy(Duration.ofMinutes(59));
        purge(nodeB).run();
        assertThat(runs).hasValue(1);

        clock.moveBy(Duration.ofMinutes(1));
        purge(nodeB).run();
        assertThat(runs).hasValue(2);
    }

    @Test
    void aRunThatFailedShouldLetAnotherNodeRunItAtOnce() {
        Runnable failing = nodeA.leased("quarantine-expiry", StorageConcern.RULES, HOUR, () -> {
            throw new IllegalStateException("store down");
        });

        assertThatThrownBy(failing::run).hasMessage("store down");
        purge(nodeB).run();

        assertThat(runs).hasValue(1);
    }

    @Test
    void twoJobsShouldEachRunOnce() {
        purge(nodeA).run();
        nodeB.leased("suppression-expiry", StorageConcern.SUPPRESSION, HOUR, runs::incrementAndGet).run();

        assertThat(runs).hasValue(2);
    }

    @Test
    void aJobOnDataEachNodeKeepsAloneShouldRunOnEveryNode() {
        nodeA.leased("event-retention", StorageConcern.EVENTS, HOUR, runs::incrementAndGet).run();
        nodeB.leased("event-retention", StorageConcern.EVENTS, HOUR, runs::incrementAndGet).run();

        assertThat(runs).hasValue(2);
    }

    @Test
    void aScheduledJobShouldRunOnOneOfTwoNodes() {
        try (PeriodicTask a = nodeA.schedule("dns-check", StorageConcern.DOMAINS, Duration.ZERO, HOUR, runs::incrementAndGet);
             PeriodicTask b = nodeB.schedule("dns-check", StorageConcern.DOMAINS, Duration.ZERO, HOUR, runs::incrementAndGet)) {
            await().atMost(Duration.ofSeconds(5)).until(() -> asked.get() == 2);
        }

        assertThat(runs).hasValue(1);
    }
}
