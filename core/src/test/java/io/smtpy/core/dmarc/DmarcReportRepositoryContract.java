package io.smtpy.core.dmarc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import com.google.common.net.InetAddresses;

import io.smtpy.core.model.DomainName;

/** What every {@link DmarcReportRepository} must do. A backend test implements this interface and {@link #testee()}. */
public interface DmarcReportRepositoryContract {
    Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    DomainName EXAMPLE = DomainName.of("example.com");
    DomainName OTHER = DomainName.of("other.org");

    DmarcReportRepository testee();

    /** A one-record report whose period begins at {@code begin} and lasts a day. */
    static AggregateReport report(String id, Instant begin) {
        return AggregateReport.builder("reporter.example", ReportId.of(id), begin, begin.plus(Duration.ofDays(1)).minusSeconds(1),
                PolicyPublished.builder(EXAMPLE, Policy.NONE).build())
            .record(ReportRecord.builder(InetAddresses.forString("192.0.2.1"), 1)
                .evaluated(Disposition.NONE, DmarcResult.PASS, DmarcResult.PASS)
                .headerFrom("example.com")
                .build())
            .build();
    }

    /** Every field set, IPv6 and IPv4 sources, text that trips naive storage (quotes, SQL, JSON, beyond the BMP). */
    static AggregateReport richReport() throws Exception {
        PolicyPublished policy = PolicyPublished.builder(EXAMPLE, Policy.REJECT)
            .adkim(Alignment.STRICT).aspf(Alignment.RELAXED).sp(Policy.QUARANTINE).pct(50).np(Policy.REJECT)
            .testing(true).discoveryMethod("treewalk")
            .build();
        return AggregateReport.builder("Ré'porter \"Org\" \uD83D\uDCEC", ReportId.of("id'; DROP TABLE reports;--"),
                Instant.ofEpochSecond(1700006400), Instant.ofEpochSecond(1700092799), policy)
            .schema(ReportSchema.DMARC_2)
            .email("dmarc@reporter.example")
            .generator("{\"json\": true}")
            .record(ReportRecord.builder(InetAddress.getByName("2001:db8::1"), 4_000_000_000L)
                .evaluated(Disposition.QUARANTINE, DmarcResult.FAIL, DmarcResult.PASS)
                .headerFrom("example.com")
                .envelopeFrom("bounce.example.com")
                .dkim(new DkimAuthResult("example.com", AuthResult.FAIL, Optional.of("s1")))
                .dkim(new DkimAuthResult("esp.example", AuthResult.PASS, Optional.empty()))
                .spf(new SpfAuthResult("bounce.example.com", AuthResult.PASS))
                .spf(new SpfAuthResult("", AuthResult.UNKNOWN))
                .build())
            .record(ReportRecord.builder(InetAddress.getByName("198.51.100.7"), 0)
                .evaluated(Disposition.REJECT, DmarcResult.FAIL, DmarcResult.FAIL)
                .headerFrom("spoof.example")
                .build())
            .build();
    }

    @Test
    default void everyFieldShouldRoundTrip() throws Exception {
        AggregateReport rich = richReport();

        assertThat(testee().store(EXAMPLE, rich, T0.plusNanos(123_456_789))).isTrue();

        Optional<StoredDmarcReport> found = testee().find(EXAMPLE, rich.reportId());
        assertThat(found).contains(new StoredDmarcReport(EXAMPLE, T0.plusNanos(123_456_789), rich));
        assertThat(found.get().report().records().get(0).sourceIp()).isEqualTo(InetAddress.getByName("2001:db8::1"));
        assertThat(found.get().report().policyPublished().pct()).hasValue(50);
    }

    @Test
    default void aReportWithoutRecordAndOptionalsShouldRoundTrip() {
        AggregateReport bare = AggregateReport.builder("o", ReportId.of("bare"), T0, T0, PolicyPublished.builder(EXAMPLE, Policy.NONE).build())
            .build();

        testee().store(EXAMPLE, bare, T0);

        StoredDmarcReport found = testee().find(EXAMPLE, ReportId.of("bare")).orElseThrow();
        assertThat(found.report()).isEqualTo(bare);
        assertThat(found.report().records()).isEmpty();
        assertThat(found.report().email()).isEmpty();
        assertThat(found.report().policyPublished().pct()).isEmpty();
        assertThat(found.report().policyPublished().sp()).isEmpty();
    }

    @Test
    default void aReportIdAlreadyStoredForTheDomainShouldKeepTheFirst() {
        AggregateReport first = report("same", T0);
        AggregateReport resent = report("same", T0.plusSeconds(60));

        assertThat(testee().store(EXAMPLE, first, T0)).isTrue();
        assertThat(testee().store(EXAMPLE, resent, T0.plusSeconds(3600))).isFalse();

        assertThat(testee().find(EXAMPLE, ReportId.of("same"))).contains(new StoredDmarcReport(EXAMPLE, T0, first));
        assertThat(testee().list(EXAMPLE, 10, 0)).hasSize(1);
    }

    @Test
    default void theSameReportIdShouldBeStorableForTwoDomains() {
        assertThat(testee().store(EXAMPLE, report("same", T0), T0)).isTrue();
        assertThat(testee().store(OTHER, report("same", T0), T0)).isTrue();

        assertThat(testee().find(OTHER, ReportId.of("same"))).isPresent();
    }

    @Test
    default void findShouldBeEmptyForAnUnknownIdOrDomain() {
        testee().store(EXAMPLE, report("r1", T0), T0);

        assertThat(testee().find(EXAMPLE, ReportId.of("r2"))).isEmpty();
        assertThat(testee().find(OTHER, ReportId.of("r1"))).isEmpty();
    }

    @Test
    default void listShouldGiveTheNewestReceivedFirstWhateverTheOrderOfStoring() {
        testee().store(EXAMPLE, report("middle", T0), T0.plusSeconds(60));
        testee().store(EXAMPLE, report("oldest", T0), T0);
        testee().store(EXAMPLE, report("newest", T0), T0.plusSeconds(120));
        testee().store(EXAMPLE, report("justBeforeMiddle", T0), T0.plusSeconds(60).minusNanos(1));

        assertThat(ids(testee().list(EXAMPLE, 10, 0))).containsExactly("newest", "middle", "justBeforeMiddle", "oldest");
    }

    @Test
    default void ofReportsReceivedAtOneInstantTheLaterStoredShouldComeFirst() {
        testee().store(EXAMPLE, report("a", T0), T0);
        testee().store(EXAMPLE, report("b", T0), T0);
        testee().store(EXAMPLE, report("c", T0), T0);

        assertThat(ids(testee().list(EXAMPLE, 10, 0))).containsExactly("c", "b", "a");
    }

    @Test
    default void listShouldPageWithLimitAndOffset() {
        for (int i = 0; i < 25; i++) {
            testee().store(EXAMPLE, report("r" + i, T0), T0.plusSeconds(i));
        }

        assertThat(ids(testee().list(EXAMPLE, 3, 0))).containsExactly("r24", "r23", "r22");
        assertThat(ids(testee().list(EXAMPLE, 3, 3))).containsExactly("r21", "r20", "r19");
        assertThat(ids(testee().list(EXAMPLE, 10, 20))).containsExactly("r4", "r3", "r2", "r1", "r0");
        assertThat(testee().list(EXAMPLE, 10, 25)).isEmpty();
        assertThat(testee().list(EXAMPLE, DmarcReportRepository.MAX_LIMIT, 0)).hasSize(25);
    }

    @Test
    default void listShouldRefuseALimitOrOffsetOutOfBounds() {
        assertThatThrownBy(() -> testee().list(EXAMPLE, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> testee().list(EXAMPLE, DmarcReportRepository.MAX_LIMIT + 1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> testee().list(EXAMPLE, 10, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    default void betweenShouldSelectByPeriodBeginIncludingFromExcludingTo() {
        Instant day = T0;
        testee().store(EXAMPLE, report("before", day.minusSeconds(1)), T0.plusSeconds(500));
        testee().store(EXAMPLE, report("atFrom", day), T0.plusSeconds(10));
        testee().store(EXAMPLE, report("inside", day.plus(Duration.ofHours(12))), T0);
        testee().store(EXAMPLE, report("atTo", day.plus(Duration.ofDays(1))), T0);
        testee().store(OTHER, report("otherDomain", day), T0);

        assertThat(ids(testee().between(EXAMPLE, day, day.plus(Duration.ofDays(1))))).containsExactly("atFrom", "inside");
        assertThat(testee().between(EXAMPLE, day.plus(Duration.ofDays(5)), day.plus(Duration.ofDays(6)))).isEmpty();
    }

    @Test
    default void betweenShouldGiveTheOldestPeriodFirst() {
        testee().store(EXAMPLE, report("third", T0.plus(Duration.ofDays(2))), T0);
        testee().store(EXAMPLE, report("first", T0), T0.plusSeconds(1));
        testee().store(EXAMPLE, report("second", T0.plus(Duration.ofDays(1))), T0.plusSeconds(2));

        assertThat(ids(testee().between(EXAMPLE, T0, T0.plus(Duration.ofDays(3))))).containsExactly("first", "second", "third");
    }

    @Test
    default void domainsShouldBeKeptApart() {
        testee().store(EXAMPLE, report("e", T0), T0);
        testee().store(OTHER, report("o", T0), T0);

        assertThat(ids(testee().list(EXAMPLE, 10, 0))).containsExactly("e");
        assertThat(ids(testee().list(OTHER, 10, 0))).containsExactly("o");
        assertThat(testee().list(DomainName.of("third.example"), 10, 0)).isEmpty();
    }

    @Test
    default void concurrentStoresFromEightThreadsShouldKeepEachIdOnce() throws Exception {
        int threads = 8;
        int perThread = 50;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        ConcurrentLinkedQueue<Throwable> unexpected = new ConcurrentLinkedQueue<>();
        AtomicInteger accepted = new AtomicInteger();
        for (int t = 0; t < threads; t++) {
            pool.submit(() -> {
                try {
                    start.await();
                    // Every thread stores the same ids: each id must be accepted exactly once.
                    for (int i = 0; i < perThread; i++) {
                        if (testee().store(EXAMPLE, report("r" + i, T0), T0.plusMillis(i))) {
                            accepted.incrementAndGet();
                        }
                    }
                } catch (Throwable e) {
                    unexpected.add(e);
                }
                return null;
            });
        }
        start.countDown();
        pool.shutdown();
        assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();

        assertThat(unexpected).isEmpty();
        assertThat(accepted.get()).isEqualTo(perThread);
        assertThat(testee().list(EXAMPLE, DmarcReportRepository.MAX_LIMIT, 0)).hasSize(perThread);
    }

    private static List<String> ids(List<StoredDmarcReport> reports) {
        List<String> ids = new ArrayList<>();
        reports.forEach(stored -> ids.add(stored.report().reportId().asString()));
        return ids;
    }
}
