package io.smtpy.store.cassandra;

import org.junit.jupiter.api.extension.RegisterExtension;

import io.smtpy.sending.SmtpCredentialRepository;
import io.smtpy.sending.SmtpCredentialRepositoryContract;

class CassandraSmtpCredentialRepositoryTest implements SmtpCredentialRepositoryContract {
    @RegisterExtension
    static final CassandraStoreExtension CASSANDRA = new CassandraStoreExtension(CassandraSmtpCredentialRepository.TABLES);

    @Override
    public SmtpCredentialRepository testee() {
        return new CassandraSmtpCredentialRepository(CASSANDRA.store());
    }
}
