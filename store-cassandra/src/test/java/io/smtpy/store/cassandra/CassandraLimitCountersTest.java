package io.smtpy.store.cassandra;

import static io.smtpy.limits.LimitCountersContract.count;
import static io.smtpy.limits.LimitCountersContract.demand;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.smtpy.limits.LimitCounters;
import io.smtpy.limits.LimitCountersContract;
import io.smtpy.limits.LimitCountersUnavailable;
import io.smtpy.limits.LimitDirection;

class CassandraLimitCountersTest implements LimitCountersContract {
    @RegisterExtension
    static final CassandraStoreExtension CASSANDRA = new CassandraStoreExtension(CassandraLimitCounters.TABLES);

    /**
     * Each node its own instance on the one keyspace, as each node has its own; a first sweep looking two days back
     * (not seven: fewer partitions to delete, and the windows of these tests are within it).
     */
    @Override
    public LimitCounters node() {
        return new CassandraLimitCounters(CASSANDRA.store(), 2);
    }

    @Test
    void sweepShouldDeleteTheWindowsThatStartedBeforeYesterday() {
        LimitCounters counters = node();
        Instant threeDaysAgo = NOW.minus(Duration.ofDays(3));
        Instant yesterday = NOW.minus(Duration.ofDays(1));
        for (Instant at : List.of(threeDaysAgo, yesterday, NOW)) {
            counters.acquire(List.of(demand(HOURLY, 5), demand(DAILY, 5)), at);
        }

        node().sweep(NOW);

        assertThat(counters.counts(SALES, LimitDirection.INBOUND, threeDaysAgo)).isEmpty();
        assertThat(counters.counts(WHOLE_DOMAIN, LimitDirection.INBOUND, threeDaysAgo)).isEmpty();
        assertThat(count(counters, HOURLY, yesterday)).isEqualTo(1);
        assertThat(count(counters, DAILY, yesterday)).isEqualTo(1);
        assertThat(count(counters, HOURLY, NOW)).isEqualTo(1);
    }

    @Test
    void aStoreThatDoesNotAnswerShouldRefuseToCountAtOnceAndNotThrowOnGivingBack() {
        LimitCounters.Taken counted = node().acquire(List.of(demand(HOURLY, 5)), NOW).taken().get(0);
        CassandraStore gone = CassandraStore.open(CassandraServer.shared().settings(CASSANDRA.store().keyspace()));
        LimitCounters counters = new CassandraLimitCounters(gone);
        gone.close();
        long started = System.nanoTime();

        assertThatThrownBy(() -> counters.acquire(List.of(demand(HOURLY, 5)), NOW))
            .isInstanceOf(LimitCountersUnavailable.class).hasMessageContaining("Cassandra failed counting");
        assertThatThrownBy(() -> counters.counts(SALES, LimitDirection.INBOUND, NOW))
            .isInstanceOf(LimitCountersUnavailable.class);
        counters.release(List.of(counted));
        assertThat(counters.firstRefusal(HOURLY, NOW)).as("when unsure, tell").isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
        assertThat(count(node(), HOURLY, NOW)).isEqualTo(1);
    }
}
