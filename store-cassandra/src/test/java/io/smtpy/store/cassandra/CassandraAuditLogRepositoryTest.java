package io.smtpy.store.cassandra;

import static io.smtpy.access.store.AuditLogRepositoryContract.ACME;
import static io.smtpy.access.store.AuditLogRepositoryContract.T0;
import static io.smtpy.access.store.AuditLogRepositoryContract.record;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.datastax.oss.driver.api.core.cql.SimpleStatement;

import io.smtpy.access.AuditEntry;
import io.smtpy.access.store.AuditLogRepository;
import io.smtpy.access.store.AuditLogRepositoryContract;
import io.smtpy.access.store.AuditQuery;
import io.smtpy.store.embedded.StoredInstant;

class CassandraAuditLogRepositoryTest implements AuditLogRepositoryContract {
    @RegisterExtension
    static final CassandraStoreExtension CASSANDRA = new CassandraStoreExtension(CassandraAuditLogRepository.TABLES);

    private static final Duration DAY = Duration.ofDays(1);

    @Override
    public AuditLogRepository testee() {
        return new CassandraAuditLogRepository(CASSANDRA.store());
    }

    @Test
    void nanosecondInstantsShouldKeepTheChainValid() {
        AuditEntry appended = testee().append(record(Instant.parse("2026-01-01T00:00:00.123456789Z"), "a"));

        AuditEntry stored = testee().list(AuditQuery.all(ACME)).get(0);

        assertThat(stored.at()).isEqualTo(appended.at());
        assertThat(stored.hash()).isEqualTo(stored.expectedHash());
    }

    @Test
    void listShouldGoNewestFirstAcrossDaysWithTheCursorAndTheTimeRange() {
        appendOnDays(0, 0, 1, 3, 3, 3);

        assertThat(sequences(testee().list(AuditQuery.all(ACME)))).containsExactly(6L, 5L, 4L, 3L, 2L, 1L);
        assertThat(sequences(testee().list(AuditQuery.all(ACME).withLimit(2).withBefore(5)))).containsExactly(4L, 3L);
        assertThat(sequences(testee().list(AuditQuery.all(ACME).withBefore(4)))).containsExactly(3L, 2L, 1L);
        AuditQuery secondDayOn = new AuditQuery(ACME, Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.of(T0.plus(DAY)), Optional.of(T0.plus(DAY.multipliedBy(3))), Optional.empty(), AuditQuery.DEFAULT_LIMIT);
        assertThat(sequences(testee().list(secondDayOn))).containsExactly(3L);
    }

    @Test
    void anEntryWhoseClockIsBehindShouldFollowItsPredecessorAndStillBePurged() {
        testee().append(record(T0.plus(DAY), "later clock"));
        testee().append(record(T0.plusSeconds(1), "earlier clock"));

        assertThat(sequences(testee().list(AuditQuery.all(ACME)))).containsExactly(2L, 1L);
        assertThat(sequences(all())).containsExactly(1L, 2L);
        assertThat(testee().purgeBefore(ACME, T0.plusSeconds(2))).isEqualTo(1);
        assertThat(sequences(all())).containsExactly(1L);
    }

    @Test
    void purgeShouldDropWholeDaysAndKeepTheChainGoing() {
        appendOnDays(0, 0, 1, 2);
        AuditEntry last = testee().list(AuditQuery.all(ACME)).get(0);

        assertThat(testee().purgeBefore(ACME, T0.plus(DAY).plusSeconds(30))).isEqualTo(3);

        assertThat(sequences(all())).containsExactly(4L);
        AuditEntry next = testee().append(record(T0.plus(DAY.multipliedBy(3)), "next"));
        assertThat(next.sequence()).isEqualTo(5);
        assertThat(next.previousHash()).isEqualTo(last.hash());
        assertThat(sequences(all())).containsExactly(4L, 5L);
    }

    @Test
    void anEntryLostBetweenTheHeadAndTheLogShouldBeReadFromTheHeadAndWrittenByTheNextAppend() {
        AuditEntry first = testee().append(record(T0, "a"));
        // What a node dying after moving the head, before writing the entry, leaves behind.
        AuditEntry second = record(T0.plusSeconds(1), "b").chained(2, first.hash());
        Instant now = Instant.now();
        assertThat(CASSANDRA.store().session().execute(SimpleStatement.newInstance("UPDATE audit_chain_heads"
            + " SET sequence = 2, at = ?, actor = ?, action = ?, target = ?, request_id = ?, source = ?, user_agent = ?,"
            + " outcome = ?, previous_hash = ?, hash = ?, written_at = ?, append_id = uuid(), purged = false"
            + " WHERE account = ? IF sequence = 1", StoredInstant.format(second.at()), second.actor(), second.action(),
            second.target(), second.requestId(), second.source(), second.userAgent(), second.outcome(),
            second.previousHash(), second.hash(), now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000,
            ACME.asString())).wasApplied()).isTrue();

        assertThat(testee().list(AuditQuery.all(ACME))).containsExactly(second, first);
        assertThat(all()).containsExactly(first, second);
        assertThat(testee().lastHash(ACME)).contains(second.hash());

        AuditEntry third = testee().append(record(T0.plusSeconds(2), "c"));
        assertThat(third.previousHash()).isEqualTo(second.hash());
        assertThat(CASSANDRA.store().session().execute(SimpleStatement.newInstance(
            "SELECT sequence FROM audit_log WHERE account = ? AND bucket = ?", ACME.asString(), "2026-01-01")).all())
            .extracting(row -> row.getLong("sequence")).containsExactly(3L, 2L, 1L);
        assertThat(all()).containsExactly(first, second, third);
    }

    @Test
    void aPurgedNewestEntryShouldNotBeWrittenAgain() {
        testee().append(record(T0, "a"));
        testee().purgeBefore(ACME, T0.plusSeconds(1));

        testee().append(record(T0.plusSeconds(2), "b"));

        assertThat(sequences(all())).containsExactly(2L);
        assertThat(sequences(testee().list(AuditQuery.all(ACME)))).containsExactly(2L);
    }

    /** One entry per given day offset from T0, in order. */
    private void appendOnDays(int... days) {
        int i = 0;
        for (int day : days) {
            testee().append(record(T0.plus(DAY.multipliedBy(day)).plusSeconds(i++), "a"));
        }
    }

    private List<AuditEntry> all() {
        List<AuditEntry> entries = new ArrayList<>();
        testee().forEach(ACME, entries::add);
        return entries;
    }

    private static List<Long> sequences(List<AuditEntry> entries) {
        return entries.stream().map(AuditEntry::sequence).collect(Collectors.toList());
    }
}
