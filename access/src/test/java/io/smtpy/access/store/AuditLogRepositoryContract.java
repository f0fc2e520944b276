package io.smtpy.access.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

import io.smtpy.access.AccessId;
import io.smtpy.access.AuditEntry;
import io.smtpy.access.AuditRecord;

/**
 * What every {@link AuditLogRepository} must do. A backend test implements this interface and {@link #testee()}.
 *
 * <p>An entry's hash covers {@code at.toString()}, so a backend must give every field back exactly as appended,
 * instants included: one that truncated instants would make every stored entry fail verification. The tests use
 * whole milliseconds; the embedded store keeps nanoseconds.
 */
public interface AuditLogRepositoryContract {
    Instant T0 = Instant.parse("2026-01-01T00:00:00.123Z");
    AccessId ACME = AccessId.of("acc_acme");
    AccessId BETA = AccessId.of("acc_beta");

    AuditLogRepository testee();

    static AuditRecord record(AccessId account, Instant at, String actor, String action, String target) {
        return new AuditRecord(account, at, actor, Optional.empty(), action, target, Optional.empty(), Optional.empty(),
            "req-" + action, "192.0.2.1", "curl/8", "success");
    }

    static AuditRecord record(Instant at, String action) {
        return record(ACME, at, "mem_jane", action, "alias:sales@a.example");
    }

    private List<AuditEntry> all(AccessId account) {
        List<AuditEntry> entries = new ArrayList<>();
        testee().forEach(account, entries::add);
        return entries;
    }

    private static AuditQuery query() {
        return AuditQuery.all(ACME);
    }

    private static List<Long> sequences(List<AuditEntry> entries) {
        return entries.stream().map(AuditEntry::sequence).collect(Collectors.toList());
    }

    /** Three entries a minute apart; actors jane, john, jane; actions create, update, delete; targets x, y, x. */
    private void appendThree() {
        testee().append(record(ACME, T0, "mem_jane", "alias.create", "alias:x"));
        testee().append(record(ACME, T0.plusSeconds(60), "mem_john", "alias.update", "alias:y"));
        testee().append(record(ACME, T0.plusSeconds(120), "mem_jane", "alias.delete", "alias:x"));
    }

    @Test
    default void entriesShouldBeNumberedOneTwoThree() {
        assertThat(testee().append(record(T0, "a")).sequence()).isEqualTo(1);
        assertThat(testee().append(record(T0, "b")).sequence()).isEqualTo(2);
        assertThat(testee().append(record(T0, "c")).sequence()).isEqualTo(3);

        assertThat(sequences(all(ACME))).containsExactly(1L, 2L, 3L);
    }

    @Test
    default void entriesShouldBeChainedFromGenesis() {
        AuditEntry first = testee().append(record(T0, "a"));
        AuditEntry second = testee().append(record(T0.plusSeconds(1), "b"));
        AuditEntry third = testee().append(record(T0.plusSeconds(2), "c"));

        assertThat(first.previousHash()).isEqualTo(AuditLogRepository.GENESIS);
        assertThat(second.previousHash()).isEqualTo(first.hash());
        assertThat(third.previousHash()).isEqualTo(second.hash());
        assertThat(List.of(first, second, third)).allSatisfy(entry -> assertThat(entry.hash()).isEqualTo(entry.expectedHash()));
    }

    @Test
    default void storedEntriesShouldBeWhatAppendReturned() {
        AuditEntry first = testee().append(record(T0, "a"));
        AuditEntry second = testee().append(record(T0.plusSeconds(1), "b"));

        List<AuditEntry> stored = all(ACME);

        assertThat(stored).containsExactly(first, second);
        assertThat(stored).allSatisfy(entry -> assertThat(entry.hash()).isEqualTo(entry.expectedHash()));
        assertThat(stored.get(1).previousHash()).isEqualTo(stored.get(0).hash());
    }

    @Test
    default void everyFieldShouldRoundTrip() {
        AuditRecord record = new AuditRecord(ACME, T0.plusMillis(456), "operator", Optional.of("acc_acme"), "key.revoke",
            "key:key_abc", Optional.of("{\"name\":\"ci\",\"revokedAt\":null}"), Optional.of("{\"name\":\"ci\",\"note\":\"«é»\"}"),
            "req-42", "2001:db8::1", "Mozilla/5.0", "denied");
        AuditEntry appended = testee().append(record);

        AuditEntry stored = testee().list(query()).get(0);

        assertThat(stored).isEqualTo(appended);
        assertThat(stored.account()).isEqualTo(ACME);
        assertThat(stored.sequence()).isEqualTo(1);
        assertThat(stored.at()).isEqualTo(T0.plusMillis(456));
        assertThat(stored.actor()).isEqualTo("operator");
        assertThat(stored.onBehalfOf()).contains("acc_acme");
        assertThat(stored.action()).isEqualTo("key.revoke");
        assertThat(stored.target()).isEqualTo("key:key_abc");
        assertThat(stored.before()).contains("{\"name\":\"ci\",\"revokedAt\":null}");
        assertThat(stored.after()).contains("{\"name\":\"ci\",\"note\":\"«é»\"}");
        assertThat(stored.requestId()).isEqualTo("req-42");
        assertThat(stored.source()).isEqualTo("2001:db8::1");
        assertThat(stored.userAgent()).isEqualTo("Mozilla/5.0");
        assertThat(stored.outcome()).isEqualTo("denied");
        assertThat(stored.previousHash()).isEqualTo(AuditLogRepository.GENESIS);
        assertThat(stored.hash()).isEqualTo(appended.hash()).isEqualTo(stored.expectedHash());
    }

    @Test
    default void absentOptionalFieldsShouldStayAbsent() {
        testee().append(record(T0, "a"));

        AuditEntry stored = testee().list(query()).get(0);

        assertThat(stored.onBehalfOf()).isEmpty();
        assertThat(stored.before()).isEmpty();
        assertThat(stored.after()).isEmpty();
        assertThat(stored.hash()).isEqualTo(stored.expectedHash());
    }

    @Test
    default void emptyTextShouldStayDistinctFromAbsent() {
        testee().append(new AuditRecord(ACME, T0, "mem_jane", Optional.of(""), "a", "t", Optional.of(""), Optional.of(""),
            "", "", "", ""));

        AuditEntry stored = testee().list(query()).get(0);

        assertThat(stored.onBehalfOf()).contains("");
        assertThat(stored.before()).contains("");
        assertThat(stored.after()).contains("");
        assertThat(stored.hash()).isEqualTo(stored.expectedHash());
    }

    @Test
    default void listShouldBeNewestFirst() {
        appendThree();

        assertThat(sequences(testee().list(query()))).containsExactly(3L, 2L, 1L);
    }

    @Test
    default void listOfAnAccountWithoutEntriesShouldBeEmpty() {
        assertThat(testee().list(query())).isEmpty();
    }

    @Test
    default void listShouldFilterByActor() {
        appendThree();

        assertThat(sequences(testee().list(query().withActor("mem_jane")))).containsExactly(3L, 1L);
        assertThat(testee().list(query().withActor("mem_none"))).isEmpty();
    }

    @Test
    default void listShouldFilterByAction() {
        appendThree();

        assertThat(sequences(testee().list(query().withAction("alias.update")))).containsExactly(2L);
    }

    @Test
    default void listShouldFilterByTarget() {
        appendThree();

        AuditQuery byTarget = new AuditQuery(ACME, Optional.empty(), Optional.empty(), Optional.of("alias:x"),
            Optional.empty(), Optional.empty(), Optional.empty(), AuditQuery.DEFAULT_LIMIT);

        assertThat(sequences(testee().list(byTarget))).containsExactly(3L, 1L);
    }

    @Test
    default void listShouldTakeFromInclusive() {
        appendThree();

        AuditQuery fromSecond = new AuditQuery(ACME, Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.of(T0.plusSeconds(60)), Optional.empty(), Optional.empty(), AuditQuery.DEFAULT_LIMIT);

        assertThat(sequences(testee().list(fromSecond))).containsExactly(3L, 2L);
    }

    @Test
    default void listShouldTakeToExclusive() {
        appendThree();

        AuditQuery toSecond = new AuditQuery(ACME, Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.of(T0.plusSeconds(60)), Optional.empty(), AuditQuery.DEFAULT_LIMIT);

        assertThat(sequences(testee().list(toSecond))).containsExactly(1L);
    }

    @Test
    default void listShouldCombineFilters() {
        appendThree();

        AuditQuery combined = new AuditQuery(ACME, Optional.of("mem_jane"), Optional.of("alias.delete"), Optional.of("alias:x"),
            Optional.of(T0.plusMillis(1)), Optional.of(T0.plusSeconds(121)), Optional.empty(), AuditQuery.DEFAULT_LIMIT);

        assertThat(sequences(testee().list(combined))).containsExactly(3L);
    }

    @Test
    default void listShouldContinueBelowTheCursor() {
        for (int i = 0; i < 5; i++) {
            testee().append(record(T0.plusSeconds(i), "a"));
        }

        assertThat(sequences(testee().list(query().withBefore(4)))).containsExactly(3L, 2L, 1L);
        assertThat(testee().list(query().withBefore(1))).isEmpty();
    }

    @Test
    default void listShouldStopAtTheLimit() {
        for (int i = 0; i < 5; i++) {
            testee().append(record(T0.plusSeconds(i), "a"));
        }

        assertThat(sequences(testee().list(query().withLimit(2)))).containsExactly(5L, 4L);
        assertThat(sequences(testee().list(query().withLimit(2).withBefore(4)))).containsExactly(3L, 2L);
    }

    @Test
    default void limitShouldCountOnlyMatchingEntries() {
        appendThree();
        testee().append(record(ACME, T0.plusSeconds(180), "mem_john", "alias.update", "alias:z"));

        assertThat(sequences(testee().list(query().withActor("mem_jane").withLimit(1)))).containsExactly(3L);
        assertThat(sequences(testee().list(query().withActor("mem_jane").withLimit(5)))).containsExactly(3L, 1L);
    }

    @Test
    default void accountsShouldHaveSeparateChains() {
        AuditEntry acme1 = testee().append(record(ACME, T0, "mem_jane", "a", "t"));
        AuditEntry beta1 = testee().append(record(BETA, T0, "mem_jane", "a", "t"));
        AuditEntry acme2 = testee().append(record(ACME, T0, "mem_jane", "b", "t"));
        AuditEntry beta2 = testee().append(record(BETA, T0, "mem_jane", "b", "t"));

        assertThat(beta1.sequence()).isEqualTo(1);
        assertThat(beta1.previousHash()).isEqualTo(AuditLogRepository.GENESIS);
        assertThat(beta2.sequence()).isEqualTo(2);
        assertThat(beta2.previousHash()).isEqualTo(beta1.hash());
        assertThat(acme2.previousHash()).isEqualTo(acme1.hash());
        assertThat(testee().list(AuditQuery.all(BETA))).containsExactly(beta2, beta1);
        assertThat(all(ACME)).containsExactly(acme1, acme2);
    }

    @Test
    default void forEachShouldGiveEveryEntryOldestFirst() {
        for (int i = 0; i < 250; i++) {
            testee().append(record(T0.plusSeconds(i), "a"));
        }
        testee().append(record(BETA, T0, "mem_jane", "a", "t"));

        List<AuditEntry> entries = all(ACME);

        assertThat(sequences(entries)).isEqualTo(LongStream.rangeClosed(1, 250).boxed().collect(Collectors.toList()));
        assertThat(entries).allSatisfy(entry -> assertThat(entry.account()).isEqualTo(ACME));
    }

    @Test
    default void forEachOfAnAccountWithoutEntriesShouldGiveNothing() {
        testee().append(record(BETA, T0, "mem_jane", "a", "t"));

        assertThat(all(ACME)).isEmpty();
    }

    @Test
    default void purgeBeforeShouldRemoveOlderEntriesOfThatAccountOnly() {
        appendThree();
        testee().append(record(BETA, T0, "mem_jane", "a", "t"));

        assertThat(testee().purgeBefore(ACME, T0.plusSeconds(60))).isEqualTo(1);

        assertThat(sequences(all(ACME))).containsExactly(2L, 3L);
        assertThat(sequences(testee().list(query()))).containsExactly(3L, 2L);
        assertThat(all(BETA)).hasSize(1);
        assertThat(testee().purgeBefore(ACME, T0.plusSeconds(60))).isZero();
    }

    @Test
    default void numberingAndChainingShouldGoOnAfterAPurge() {
        appendThree();
        AuditEntry last = testee().list(query()).get(0);

        testee().purgeBefore(ACME, T0.plusSeconds(120));
        AuditEntry next = testee().append(record(T0.plusSeconds(180), "d"));

        assertThat(next.sequence()).isEqualTo(4);
        assertThat(next.previousHash()).isEqualTo(last.hash());
        assertThat(sequences(all(ACME))).containsExactly(3L, 4L);
        // The oldest kept entry still names its removed predecessor's hash: the anchor of verification.
        assertThat(all(ACME).get(0).previousHash()).isNotEqualTo(AuditLogRepository.GENESIS);
    }

    @Test
    default void numberingAndChainingShouldGoOnAfterAPurgeOfEveryEntry() {
        appendThree();
        AuditEntry last = testee().list(query()).get(0);

        assertThat(testee().purgeBefore(ACME, T0.plusSeconds(3_600))).isEqualTo(3);
        assertThat(all(ACME)).isEmpty();
        AuditEntry next = testee().append(record(T0.plusSeconds(3_700), "d"));

        assertThat(next.sequence()).isEqualTo(4);
        assertThat(next.previousHash()).isEqualTo(last.hash());
        assertThat(all(ACME)).containsExactly(next);
    }

    @Test
    default void concurrentAppendsShouldMakeOneGapFreeValidChain() throws Exception {
        int threads = 4;
        int perThread = 25;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        for (int t = 0; t < threads; t++) {
            String actor = "mem_thread" + t;
            pool.submit(() -> {
                try {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        testee().append(record(ACME, T0.plusMillis(i), actor, "a", "t" + i));
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
                return null;
            });
        }
        start.countDown();
        pool.shutdown();
        assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        assertThat(failures).isEmpty();

        List<AuditEntry> chain = all(ACME);
        assertThat(sequences(chain)).isEqualTo(LongStream.rangeClosed(1, threads * perThread).boxed().collect(Collectors.toList()));
        String previous = AuditLogRepository.GENESIS;
        for (AuditEntry entry : chain) {
            assertThat(entry.previousHash()).as("previous hash of #%d", entry.sequence()).isEqualTo(previous);
            assertThat(entry.hash()).as("hash of #%d", entry.sequence()).isEqualTo(entry.expectedHash());
            previous = entry.hash();
        }
    }

    @Test
    default void lastHashShouldFollowAppendsAndSurviveAPurgeOfEveryEntry() {
        assertThat(testee().lastHash(ACME)).isEmpty();
        testee().append(record(T0, "alias.create"));
        AuditEntry last = testee().append(record(T0.plusSeconds(1), "alias.update"));
        assertThat(testee().lastHash(ACME)).contains(last.hash());
        testee().purgeBefore(ACME, T0.plusSeconds(10));
        assertThat(testee().lastHash(ACME)).contains(last.hash());
    }
}
