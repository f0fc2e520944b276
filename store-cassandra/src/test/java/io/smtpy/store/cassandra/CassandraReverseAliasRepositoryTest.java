package io.smtpy.store.cassandra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.smtpy.sending.reverse.ReverseAlias;
import io.smtpy.sending.reverse.ReverseAliasRepository;
import io.smtpy.sending.reverse.ReverseAliasRepositoryContract;

class CassandraReverseAliasRepositoryTest implements ReverseAliasRepositoryContract {
    @RegisterExtension
    static final CassandraStoreExtension CASSANDRA = new CassandraStoreExtension(CassandraReverseAliasRepository.TABLES);

    @Override
    public ReverseAliasRepository testee() {
        return new CassandraReverseAliasRepository(CASSANDRA.store());
    }

    @Test
    void concurrentCreatesOfOneReverseAliasShouldEndWithOne() throws Exception {
        int copies = 6;
        List<ReverseAlias> candidates = new ArrayList<>();
        for (int i = 0; i < copies; i++) {
            candidates.add(ReverseAliasRepositoryContract.reverse(DOMAIN, SALES,
                i % 2 == 0 ? "jane@customer.example" : "JANE@Customer.example", NOW.plusSeconds(i)));
        }
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(copies);
        List<Future<ReverseAlias>> results = new ArrayList<>();
        try {
            for (ReverseAlias candidate : candidates) {
                // A repository each, as on as many nodes.
                ReverseAliasRepository node = new CassandraReverseAliasRepository(CASSANDRA.store());
                results.add(threads.submit(() -> {
                    start.await();
                    return node.addOrGet(candidate);
                }));
            }
            start.countDown();
            List<ReverseAlias> answers = new ArrayList<>();
            for (Future<ReverseAlias> result : results) {
                answers.add(result.get(60, TimeUnit.SECONDS));
            }

            ReverseAlias winner = answers.get(0);
            assertThat(answers).allMatch(winner::equals);
            assertThat(candidates).contains(winner);
            assertThat(testee().list(DOMAIN, Optional.empty(), 10, 0)).containsExactly(winner);
            assertThat(testee().findByToken(winner.token())).contains(winner);
            candidates.stream().filter(candidate -> !candidate.equals(winner))
                .forEach(loser -> assertThat(testee().findByToken(loser.token())).isEmpty());
        } finally {
            threads.shutdownNow();
        }
    }
}
