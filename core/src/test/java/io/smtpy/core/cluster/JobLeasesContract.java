package io.smtpy.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * What every {@link JobLeases} must do. A backend test implements {@link #node()} (each call a node's view of the one
 * set of leases of the test, fresh per test) and {@link #elapse} (a movable clock moves, a real store is waited for).
 * Holds are whole seconds and the waits leave a second of slack, for stores that count time in seconds.
 */
public interface JobLeasesContract {
    String JOB = "event-retention";
    String OTHER_JOB = "dkim-rotation";
    Duration HOUR = Duration.ofHours(1);

    JobLeases node();

    /** Lets {@code duration} pass for the leases. */
    void elapse(Duration duration);

    @Test
    default void aFreeLeaseShouldBeGranted() {
        assertThat(node().tryAcquire(JOB, "node-a", HOUR)).isTrue();
    }

    @Test
    default void aLeaseHeldByOneNodeShouldBeRefusedToAnother() {
        JobLeases a = node();
        JobLeases b = node();
        a.tryAcquire(JOB, "node-a", HOUR);

        assertThat(b.tryAcquire(JOB, "node-b", HOUR)).isFalse();
    }

    @Test
    default void theHolderAskingAgainShouldKeepIt() {
        JobLeases a = node();
        a.tryAcquire(JOB, "node-a", HOUR);

        assertThat(a.tryAcquire(JOB, "node-a", HOUR)).isTrue();
        assertThat(node().tryAcquire(JOB, "node-b", HOUR)).isFalse();
    }

    @Test
    default void theLeasesOfTwoJobsShouldBeIndependent() {
        node().tryAcquire(JOB, "node-a", HOUR);

        assertThat(node().tryAcquire(OTHER_JOB, "node-b", HOUR)).isTrue();
    }

    @Test
    default void aLeaseShouldFreeItselfAfterItsHold() {
        JobLeases a = node();
        JobLeases b = node();
        a.tryAcquire(JOB, "node-a", Duration.ofSeconds(1));

        elapse(Duration.ofSeconds(2));

        assertThat(b.tryAcquire(JOB, "node-b", HOUR)).isTrue();
        assertThat(a.tryAcquire(JOB, "node-a", HOUR)).isFalse();
    }

    @Test
    default void takingItAgainShouldHoldItFromThenOn() {
        JobLeases a = node();
        a.tryAcquire(JOB, "node-a", Duration.ofSeconds(3));
        elapse(Duration.ofSeconds(2));

        a.tryAcquire(JOB, "node-a", Duration.ofSeconds(5));
        elapse(Duration.ofSeconds(2));

        assertThat(node().tryAcquire(JOB, "node-b", HOUR)).isFalse();
    }

    @Test
    default void aReleasedLeaseShouldBeFreeForAnotherNode() {
        JobLeases a = node();
        a.tryAcquire(JOB, "node-a", HOUR);

        a.release(JOB, "node-a");

        assertThat(node().tryAcquire(JOB, "node-b", HOUR)).isTrue();
    }

    @Test
    default void releasingAnotherNodesLeaseShouldLeaveItHeld() {
        JobLeases a = node();
        JobLeases b = node();
        a.tryAcquire(JOB, "node-a", HOUR);

        b.release(JOB, "node-b");

        assertThat(b.tryAcquire(JOB, "node-b", HOUR)).isFalse();
        assertThat(a.tryAcquire(JOB, "node-a", HOUR)).isTrue();
    }

    @Test
    default void releasingAFreeLeaseShouldDoNothing() {
        JobLeases a = node();

        a.release(JOB, "node-a");

        assertThat(a.tryAcquire(JOB, "node-a", HOUR)).isTrue();
    }

    @Test
    default void ofNodesRacingForAFreeLeaseOneShouldGetIt() throws Exception {
        int nodes = 6;
        List<JobLeases> views = new ArrayList<>();
        for (int i = 0; i < nodes; i++) {
            views.add(node());
        }
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(nodes);
        try {
            List<Future<Boolean>> granted = new ArrayList<>();
            for (int i = 0; i < nodes; i++) {
                JobLeases view = views.get(i);
                String holder = "node-" + i;
                Callable<Boolean> race = () -> {
                    start.await();
                    return view.tryAcquire(JOB, holder, HOUR);
                };
                granted.add(threads.submit(race));
            }
            start.countDown();
            int winners = 0;
            for (Future<Boolean> each : granted) {
                winners += each.get(60, TimeUnit.SECONDS) ? 1 : 0;
            }

            assertThat(winners).isEqualTo(1);
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    default void aHoldOfNoTimeShouldBeRefused() {
        assertThatThrownBy(() -> node().tryAcquire(JOB, "node-a", Duration.ZERO))
            .isInstanceOf(IllegalArgumentException.class);
    }
}
