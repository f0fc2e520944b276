package io.smtpy.store.cassandra;

import java.time.Duration;

import org.junit.jupiter.api.extension.RegisterExtension;

import io.smtpy.core.cluster.TaskLedger;
import io.smtpy.core.cluster.TaskLedgerContract;

class CassandraTaskLedgerTest implements TaskLedgerContract {
    @RegisterExtension
    static final CassandraStoreExtension CASSANDRA = new CassandraStoreExtension(CassandraTaskLedger.TABLES);

    @Override
    public TaskLedger ledger(Duration kept) {
        return new CassandraTaskLedger(CASSANDRA.store(), kept);
    }

    @Override
    public void elapse(Duration duration) {
        CassandraStoreExtension.elapse(duration);
    }
}
