package io.smtpy.store.cassandra;

import org.junit.jupiter.api.extension.RegisterExtension;

import io.smtpy.sending.relay.DomainRelayRepository;
import io.smtpy.sending.relay.DomainRelayRepositoryContract;

class CassandraDomainRelayRepositoryTest implements DomainRelayRepositoryContract {
    @RegisterExtension
    static final CassandraStoreExtension CASSANDRA = new CassandraStoreExtension(CassandraDomainRelayRepository.TABLES);

    @Override
    public DomainRelayRepository testee() {
        return new CassandraDomainRelayRepository(CASSANDRA.store());
    }
}
