package io.smtpy.store.cassandra;

import org.junit.jupiter.api.extension.RegisterExtension;

import io.smtpy.access.store.AccountRepository;
import io.smtpy.access.store.AccountRepositoryContract;

class CassandraAccountRepositoryTest implements AccountRepositoryContract {
    @RegisterExtension
    static final CassandraStoreExtension CASSANDRA = new CassandraStoreExtension(CassandraAccountRepository.TABLES);

    @Override
    public AccountRepository testee() {
        return new CassandraAccountRepository(CASSANDRA.store());
    }
}
