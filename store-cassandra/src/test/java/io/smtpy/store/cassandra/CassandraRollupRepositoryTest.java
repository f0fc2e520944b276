package io.smtpy.store.cassandra;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.smtpy.analytics.RollupRepository;
import io.smtpy.analytics.RollupRepositoryContract;

class CassandraRollupRepositoryTest implements RollupRepositoryContract {
    @RegisterExtension
    static final CassandraStoreExtension CASSANDRA = new CassandraStoreExtension(CassandraRollupRepository.TABLES);

    @Override
    public RollupRepository testee() {
        return new CassandraRollupRepository(CASSANDRA.store());
    }

    @Test
    void nodesAddingToOneHourAtOnceShouldLoseNoCount() throws Exception {
        int nodes = 4;
        int addsPerNode = 10;
        ExecutorService pool = Executors.newFixedThreadPool(nodes);
        CountDownLatch start = new CountDownLatch(1);
        ConcurrentLinkedQueue<Throwable> unexpected = new ConcurrentLinkedQueue<>();
        for (int n = 0; n < nodes; n++) {
            // A repository each, as each node has its own.
            RollupRepository node = testee();
            pool.submit(() -> {
                try {
                    start.await();
                    for (int i = 0; i < addsPerNode; i++) {
                        node.add(List.of(RollupRepositoryContract.rollup(EXAMPLE, "*", H0, 1)));
                    }
                } catch (Throwable e) {
                    unexpected.add(e);
                }
                return null;
            });
        }
        start.countDown();
        pool.shutdown();
        assertThat(pool.awaitTermination(120, TimeUnit.SECONDS)).isTrue();

        assertThat(unexpected).isEmpty();
        assertThat(testee().find(EXAMPLE, "*", H0, H1)).containsExactly(
            RollupRepositoryContract.rollup(EXAMPLE, "*", H0, nodes * addsPerNode));
    }

    @Test
    void aSpanOverMonthsShouldReadEachMonthOldestFirst() {
        Instant lastHourOfNovember = Instant.parse("2026-11-30T23:00:00Z");
        Instant january = Instant.parse("2027-01-01T00:00:00Z");
        testee().add(List.of(RollupRepositoryContract.rollup(EXAMPLE, "*", january, 3),
            RollupRepositoryContract.rollup(EXAMPLE, "*", H0, 2),
            RollupRepositoryContract.rollup(EXAMPLE, "*", lastHourOfNovember, 1)));

        assertThat(testee().find(EXAMPLE, "*", lastHourOfNovember, january.plusSeconds(3600)))
            .extracting(rollup -> rollup.count("received")).containsExactly(1L, 2L, 3L);
        assertThat(testee().find(EXAMPLE, "*", lastHourOfNovember, january)).hasSize(2);
    }
}
