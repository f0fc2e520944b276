package io.smtpy.store.cassandra;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.datastax.oss.driver.api.core.uuid.Uuids;

import io.smtpy.core.cluster.Change;
import io.smtpy.core.cluster.ChangeFeed;
import io.smtpy.core.cluster.ChangeFeedContract;

class CassandraChangeFeedTest implements ChangeFeedContract {
    @RegisterExtension
    static final CassandraStoreExtension CASSANDRA = new CassandraStoreExtension(CassandraChangeFeed.TABLES);

    @Override
    public ChangeFeed node() {
        return new CassandraChangeFeed(CASSANDRA.store(), Clock.systemUTC());
    }

    @Test
    void aChangeWrittenLateShouldStillBeSeenOnce() throws InterruptedException {
        ChangeFeed b = node();
        Thread.sleep(3000);
        b.poll();
        // Another node's write that lands now with a time two seconds old (its clock behind, or a slow write).
        UUID late = Uuids.startOf(System.currentTimeMillis() - 2000);
        CassandraStore store = CASSANDRA.store();
        store.execute(store.prepare("INSERT INTO changes (bucket, at, topic, key) VALUES (?, ?, ?, ?)")
            .bind(Uuids.unixTimestamp(late) / 60_000, late, Change.DOMAIN, "late.example"), "writing");

        assertThat(b.poll()).containsExactly(new Change(Change.DOMAIN, "late.example"));
        assertThat(b.poll()).isEmpty();
    }
}
