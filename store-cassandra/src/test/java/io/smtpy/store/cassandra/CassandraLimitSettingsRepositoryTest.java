package io.smtpy.store.cassandra;

import org.junit.jupiter.api.extension.RegisterExtension;

import io.smtpy.limits.LimitSettingsRepository;
import io.smtpy.limits.LimitSettingsRepositoryContract;

class CassandraLimitSettingsRepositoryTest implements LimitSettingsRepositoryContract {
    @RegisterExtension
    static final CassandraStoreExtension CASSANDRA = new CassandraStoreExtension(CassandraLimitSettingsRepository.TABLES);

    @Override
    public LimitSettingsRepository testee() {
        return new CassandraLimitSettingsRepository(CASSANDRA.store());
    }
}
