package io.smtpy.store.cassandra;

import java.time.Duration;

import org.junit.jupiter.api.extension.RegisterExtension;

import io.smtpy.core.cluster.JobLeases;
import io.smtpy.core.cluster.JobLeasesContract;

class CassandraJobLeasesTest implements JobLeasesContract {
    @RegisterExtension
    static final CassandraStoreExtension CASSANDRA = new CassandraStoreExtension(CassandraJobLeases.TABLES);

    /** Each node its own instance on the one store, as each node has its own. */
    @Override
    public JobLeases node() {
        return new CassandraJobLeases(CASSANDRA.store());
    }

    @Override
    public void elapse(Duration duration) {
        CassandraStoreExtension.elapse(duration);
    }
}
