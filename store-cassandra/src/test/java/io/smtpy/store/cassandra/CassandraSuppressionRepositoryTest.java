package io.smtpy.store.cassandra;

import org.junit.jupiter.api.extension.RegisterExtension;

import io.smtpy.suppression.SuppressionRepository;
import io.smtpy.suppression.SuppressionRepositoryContract;

class CassandraSuppressionRepositoryTest implements SuppressionRepositoryContract {
    @RegisterExtension
    static final CassandraStoreExtension CASSANDRA = new CassandraStoreExtension(CassandraSuppressionRepository.TABLES);

    @Override
    public SuppressionRepository testee() {
        return new CassandraSuppressionRepository(CASSANDRA.store());
    }
}
