package io.smtpy.store.cassandra;

import static io.smtpy.rules.quarantine.QuarantineRepositoryContract.EXAMPLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;

import io.smtpy.core.store.AlreadyExistsException;
import io.smtpy.rules.quarantine.QuarantineRepository;
import io.smtpy.rules.quarantine.QuarantineRepositoryContract;
import io.smtpy.rules.quarantine.QuarantinedMail;

class CassandraQuarantineRepositoryTest implements QuarantineRepositoryContract {
    @RegisterExtension
    static final CassandraStoreExtension CASSANDRA = new CassandraStoreExtension(CassandraQuarantineRepository.TABLES);

    @Override
    public QuarantineRepository testee() {
        return new CassandraQuarantineRepository(CASSANDRA.store());
    }

    @Test
    void aMessageShouldBeStoredInChunksOfAtMost64KiBAndReadBackInOrder() {
        QuarantinedMail mail = QuarantineRepositoryContract.mail(EXAMPLE, T0, "a@b.example", "chunks");
        byte[] message = new byte[3 * 64 * 1024 + 5];
        new Random(42).nextBytes(message);

        testee().put(mail, message);

        assertThat(testee().message(EXAMPLE, mail.id())).hasValueSatisfying(bytes -> assertThat(bytes).isEqualTo(message));
        assertThat(chunkSizes()).containsExactly(65_536, 65_536, 65_536, 5);
    }

    @Test
    void aMessageOf25MiBShouldBeKept() {
        QuarantinedMail mail = QuarantineRepositoryContract.mail(EXAMPLE, T0, "a@b.example", "large");
        byte[] large = new byte[25 * 1024 * 1024];
        large[large.length - 1] = 42;

        testee().put(mail, large);

        assertThat(testee().message(EXAMPLE, mail.id())).hasValueSatisfying(bytes -> assertThat(bytes).isEqualTo(large));
        // Flushed here, with time to spare: the extension drops the keyspace within the driver's 5 s.
        CASSANDRA.store().truncate(CassandraQuarantineRepository.TABLES);
    }

    @Test
    void metadataAndBytesShouldBeDeletedTogether() {
        QuarantinedMail mail = QuarantineRepositoryContract.mail(EXAMPLE, T0, "a@b.example", "s");
        testee().put(mail, MESSAGE);

        testee().delete(EXAMPLE, mail.id());

        for (String table : CassandraQuarantineRepository.TABLES.tables()) {
            if (!table.equals("quarantine_expiry_days")) {
                assertThat(count(table)).as(table).isZero();
            }
        }
    }

    @Test
    void aRefusedPutShouldLeaveTheStoredMailAndItsBytes() {
        QuarantinedMail mail = QuarantineRepositoryContract.mail(EXAMPLE, T0, "a@b.example", "s");
        testee().put(mail, MESSAGE);

        assertThatThrownBy(() -> testee().put(mail, new byte[100_000])).isInstanceOf(AlreadyExistsException.class);

        assertThat(testee().message(EXAMPLE, mail.id())).hasValueSatisfying(bytes -> assertThat(bytes).isEqualTo(MESSAGE));
        assertThat(chunkSizes()).containsExactly(MESSAGE.length);
    }

    @Test
    void everyRowShouldOutliveTheExpiryByTheGraceInCassandra() {
        QuarantinedMail mail = QuarantineRepositoryContract.mail(EXAMPLE, T0, "a@b.example", "s");
        testee().put(mail, MESSAGE);

        for (String column : List.of("quarantine.chunks", "quarantine_by_received.sender", "quarantine_by_expiry.received_at",
            "quarantine_chunks.bytes")) {
            String[] tableAndColumn = column.split("\\.");
            Row row = CASSANDRA.store().session().execute("SELECT ttl(" + tableAndColumn[1] + ") AS ttl FROM " + tableAndColumn[0]).one();
            assertThat(row.getInt("ttl")).as(column).isGreaterThan((int) CassandraQuarantineRepository.TTL_GRACE.getSeconds() - 60);
        }
    }

    private static List<Integer> chunkSizes() {
        List<Integer> sizes = new ArrayList<>();
        for (Row row : CASSANDRA.store().session().execute("SELECT chunk, bytes FROM quarantine_chunks")) {
            sizes.add(row.getByteBuffer("bytes").remaining());
        }
        return sizes;
    }

    private static long count(String table) {
        return CASSANDRA.store().session().execute(SimpleStatement.newInstance("SELECT count(*) FROM " + table)).one().getLong(0);
    }
}
