package io.smtpy.store.cassandra;

import org.junit.jupiter.api.extension.RegisterExtension;

import io.smtpy.sending.reverse.ReverseAliasRepository;
import io.smtpy.sending.reverse.ReverseAliasRepositoryContract;

class CassandraReverseAliasRepositoryTest implements ReverseAliasRepositoryContract {
    @RegisterExtension
    static final CassandraStoreExtension CASSANDRA = new CassandraStoreExtension(CassandraReverseAliasRepository.TABLES);

    @Override
    public ReverseAliasRepository testee() {
        return new CassandraReverseAliasRepository(CASSANDRA.store());
    }
}
