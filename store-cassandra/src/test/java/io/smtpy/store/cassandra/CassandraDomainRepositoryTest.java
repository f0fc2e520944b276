package io.smtpy.store.cassandra;

import org.junit.jupiter.api.extension.RegisterExtension;

import io.smtpy.core.store.DomainRepository;
import io.smtpy.core.store.DomainRepositoryContract;

class CassandraDomainRepositoryTest implements DomainRepositoryContract {
    @RegisterExtension
    static final CassandraStoreExtension CASSANDRA = new CassandraStoreExtension(CassandraDomainRepository.TABLES);

    @Override
    public DomainRepository testee() {
        return new CassandraDomainRepository(CASSANDRA.store());
    }
}
