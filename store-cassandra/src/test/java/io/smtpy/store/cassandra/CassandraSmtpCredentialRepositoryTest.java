package io.smtpy.store.cassandra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.smtpy.core.model.DomainName;
import io.smtpy.core.store.AlreadyExistsException;
import io.smtpy.sending.SmtpCredential;
import io.smtpy.sending.SmtpCredentialRepository;
import io.smtpy.sending.SmtpCredentialRepositoryContract;

class CassandraSmtpCredentialRepositoryTest implements SmtpCredentialRepositoryContract {
    @RegisterExtension
    static final CassandraStoreExtension CASSANDRA = new CassandraStoreExtension(CassandraSmtpCredentialRepository.TABLES);

    @Override
    public SmtpCredentialRepository testee() {
        return new CassandraSmtpCredentialRepository(CASSANDRA.store());
    }

    @Test
    void ownersClaimingOneUserNameAtOnceShouldLeaveItToOne() throws Exception {
        int owners = 6;
        List<SmtpCredential> candidates = new ArrayList<>();
        for (int i = 0; i < owners; i++) {
            candidates.add(SmtpCredentialRepositoryContract.credential(DomainName.of("owner" + i + ".example"),
                i % 2 == 0 ? "shared@brand.example" : "SHARED@Brand.example", NOW));
        }
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(owners);
        List<Future<?>> results = new ArrayList<>();
        try {
            for (SmtpCredential candidate : candidates) {
                // A repository each, as on as many nodes.
                SmtpCredentialRepository node = new CassandraSmtpCredentialRepository(CASSANDRA.store());
                results.add(threads.submit(() -> {
                    start.await();
                    node.add(candidate);
                    return null;
                }));
            }
            start.countDown();
            List<SmtpCredential> added = new ArrayList<>();
            for (int i = 0; i < owners; i++) {
                try {
                    results.get(i).get(60, TimeUnit.SECONDS);
                    added.add(candidates.get(i));
                } catch (ExecutionException e) {
                    assertThat(e.getCause()).isInstanceOf(AlreadyExistsException.class);
                }
            }

            assertThat(added).hasSize(1);
            assertThat(testee().findByUsername("shared@brand.example")).contains(added.get(0));
            for (SmtpCredential candidate : candidates) {
                assertThat(testee().list(candidate.domain())).isEqualTo(candidate.equals(added.get(0))
                    ? List.of(candidate) : List.of());
            }
        } finally {
            threads.shutdownNow();
        }
    }
}
