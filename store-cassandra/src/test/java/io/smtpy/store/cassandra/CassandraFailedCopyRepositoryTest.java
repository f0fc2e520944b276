package io.smtpy.store.cassandra;

import static io.smtpy.bounces.copies.FailedCopyRepositoryContract.EXAMPLE;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;

import io.smtpy.bounces.copies.FailedCopy;
import io.smtpy.bounces.copies.FailedCopyRepository;
import io.smtpy.bounces.copies.FailedCopyRepositoryContract;

class CassandraFailedCopyRepositoryTest implements FailedCopyRepositoryContract {
    @RegisterExtension
    static final CassandraStoreExtension CASSANDRA = new CassandraStoreExtension(CassandraFailedCopyRepository.TABLES);

    @Override
    public FailedCopyRepository testee() {
        return new CassandraFailedCopyRepository(CASSANDRA.store());
    }

    @Test
    void aCopyShouldBeStoredInChunksOfAtMost64KiBAndReadBackInOrder() {
        byte[] message = new byte[2 * 64 * 1024 + 1];
        new Random(7).nextBytes(message);
        FailedCopy copy = new FailedCopy(EXAMPLE, "journey-1", Optional.empty(), Optional.empty(), "", List.of("gone@dest.example"),
            message, T0, T0.plus(Duration.ofDays(5)));

        testee().keep(copy);

        assertThat(testee().find(EXAMPLE, "journey-1")).contains(copy);
        assertThat(chunkSizes()).containsExactly(65_536, 65_536, 1);
    }

    @Test
    void replacingACopyShouldDeleteTheBytesAndPurgeRowOfTheOldOne() {
        testee().keep(FailedCopyRepositoryContract.copy(EXAMPLE, "journey-1", "first", T0));
        FailedCopy last = FailedCopyRepositoryContract.copy(EXAMPLE, "journey-1", "second", T0.plusSeconds(60));

        testee().keep(last);

        assertThat(chunkSizes()).containsExactly(last.size());
        assertThat(count("failed_copies_by_end")).isEqualTo(1);
    }

    @Test
    void purgeShouldDeleteTheBytesAndPurgeRowsWithTheCopy() {
        testee().keep(FailedCopyRepositoryContract.copy(EXAMPLE, "journey-1", "x", T0));

        assertThat(testee().purgeExpired(T0.plus(Duration.ofDays(5)), Set.of())).isEqualTo(1);

        assertThat(count("failed_copies")).isZero();
        assertThat(count("failed_copy_chunks")).isZero();
        assertThat(count("failed_copies_by_end")).isZero();
    }

    private static List<Integer> chunkSizes() {
        List<Integer> sizes = new ArrayList<>();
        for (Row row : CASSANDRA.store().session().execute("SELECT chunk, bytes FROM failed_copy_chunks")) {
            sizes.add(row.getByteBuffer("bytes").remaining());
        }
        return sizes;
    }

    private static long count(String table) {
        return CASSANDRA.store().session().execute(SimpleStatement.newInstance("SELECT count(*) FROM " + table)).one().getLong(0);
    }
}
