package io.smtpy.store.cassandra;

import org.junit.jupiter.api.extension.RegisterExtension;

import io.smtpy.notifications.NotificationPreferenceRepository;
import io.smtpy.notifications.NotificationPreferenceRepositoryContract;

class CassandraNotificationPreferenceRepositoryTest implements NotificationPreferenceRepositoryContract {
    @RegisterExtension
    static final CassandraStoreExtension CASSANDRA = new CassandraStoreExtension(CassandraNotificationPreferenceRepository.TABLES);

    @Override
    public NotificationPreferenceRepository testee() {
        return new CassandraNotificationPreferenceRepository(CASSANDRA.store());
    }
}
