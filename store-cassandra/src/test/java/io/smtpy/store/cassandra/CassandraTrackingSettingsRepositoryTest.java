package io.smtpy.store.cassandra;

import org.junit.jupiter.api.extension.RegisterExtension;

import io.smtpy.sending.tracking.TrackingSettingsRepository;
import io.smtpy.sending.tracking.TrackingSettingsRepositoryContract;

class CassandraTrackingSettingsRepositoryTest implements TrackingSettingsRepositoryContract {
    @RegisterExtension
    static final CassandraStoreExtension CASSANDRA = new CassandraStoreExtension(CassandraTrackingSettingsRepository.TABLES);

    @Override
    public TrackingSettingsRepository testee() {
        return new CassandraTrackingSettingsRepository(CASSANDRA.store());
    }
}
