package io.smtpy.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.smtpy.core.dns.DnsLookupException;
import io.smtpy.core.testing.MovableClock;
import io.smtpy.dns.testing.Dnsmasq;
import io.smtpy.dns.testing.LossyUdpRelay;

/**
 * The mail path's cache against a real dnsmasq, restarted with changed records to show what the cache keeps and
 * what it asks again; a relay in front of it counts the queries that reach DNS. Time moves on a clock.
 */
class CachedAnswersTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final Duration TTL = Duration.ofMinutes(10);
    private static final String KEY = "s1._domainkey.sender.test";

    private final MovableClock clock = new MovableClock(Instant.parse("2024-05-01T10:00:00Z"));
    private Dnsmasq dnsmasq;
    private LossyUdpRelay relay;
    private DnsJavaLookup cached;
    private DnsJavaLookup uncached;

    @BeforeEach
    void start() throws Exception {
        dnsmasq = Dnsmasq.start(zone("--txt-record=" + KEY + ",v=DKIM1; p=old",
            "--txt-record=_dmarc.sender.test,v=DMARC1; p=none"), KEY);
        relay = LossyUdpRelay.inFrontOf(dnsmasq.port());
        cached = new DnsJavaLookup(new CachedAnswers(StubResolver.of("127.0.0.1", relay.port()), 100, clock), TIMEOUT);
        uncached = DnsJavaLookup.of("127.0.0.1", dnsmasq.port(), TIMEOUT);
    }

    @AfterEach
    void stop() {
        relay.close();
        dnsmasq.close();
    }

    private static List<String> zone(String... records) {
        List<String> options = new ArrayList<>(Dnsmasq.zoneWithTtl(TTL));
        options.addAll(List.of(records));
        return options;
    }

    private void republish(String... records) throws Exception {
        dnsmasq = dnsmasq.restartWith(zone(records), "_dmarc.sender.test");
    }

    @Test
    void changedRecordShouldNotBeSeenThroughTheCacheBeforeItsTtlEndsButAtOnceUncached() throws Exception {
        assertThat(cached.txt(KEY)).containsExactly("v=DKIM1; p=old");

        republish("--txt-record=" + KEY + ",v=DKIM1; p=new", "--txt-record=_dmarc.sender.test,v=DMARC1; p=none");
        clock.moveBy(TTL.minusSeconds(1));

        assertThat(cached.txt(KEY)).containsExactly("v=DKIM1; p=old");
        assertThat(uncached.txt(KEY)).containsExactly("v=DKIM1; p=new");
        assertThat(relay.received()).isEqualTo(1);
    }

    @Test
    void answerShouldBeAskedAgainOnceItsTtlHasPassed() throws Exception {
        cached.txt(KEY);
        republish("--txt-record=" + KEY + ",v=DKIM1; p=new", "--txt-record=_dmarc.sender.test,v=DMARC1; p=none");

        clock.moveBy(TTL);

        assertThat(cached.txt(KEY)).containsExactly("v=DKIM1; p=new");
        assertThat(relay.received()).isEqualTo(2);
    }

    @Test
    void longTtlShouldBeCappedAtTheCachesMaximum() throws Exception {
        CachedAnswers shortLived = new CachedAnswers(StubResolver.of("127.0.0.1", relay.port()), 100,
            Duration.ofMinutes(1), Duration.ofMinutes(1), clock);
        DnsJavaLookup lookup = new DnsJavaLookup(shortLived, TIMEOUT);
        lookup.txt(KEY);
        republish("--txt-record=" + KEY + ",v=DKIM1; p=new", "--txt-record=_dmarc.sender.test,v=DMARC1; p=none");

        clock.moveBy(Duration.ofSeconds(59));
        assertThat(lookup.txt(KEY)).containsExactly("v=DKIM1; p=old");
        clock.moveBy(Duration.ofSeconds(1));
        assertThat(lookup.txt(KEY)).containsExactly("v=DKIM1; p=new");
    }

    @Test
    void nxdomainShouldBeKeptForTheNegativeTtlCappedAtFiveMinutes() throws Exception {
        String absent = "_dmarc.newcomer.test";
        assertThat(cached.txt(absent)).isEmpty();
        republish("--txt-record=" + absent + ",v=DMARC1; p=reject", "--txt-record=_dmarc.sender.test,v=DMARC1; p=none");

        // The SOA says 10 minutes; the cache keeps negative answers at most 5.
        clock.moveBy(CachedAnswers.DEFAULT_MAX_NEGATIVE_TTL.minusSeconds(1));
        assertThat(cached.txt(absent)).isEmpty();
        assertThat(uncached.txt(absent)).containsExactly("v=DMARC1; p=reject");

        clock.moveBy(Duration.ofSeconds(1));
        assertThat(cached.txt(absent)).containsExactly("v=DMARC1; p=reject");
    }

    @Test
    void nodataShouldBeKeptLikeNxdomain() throws Exception {
        assertThat(cached.mx("sender.test")).isEmpty();
        assertThat(cached.mx("sender.test")).isEmpty();

        assertThat(relay.received()).isEqualTo(1);
    }

    @Test
    void negativeAnswerWithoutSoaShouldBeKeptBriefly() throws Exception {
        // Without the zone options dnsmasq gives no SOA, as some resolvers do for every NXDOMAIN.
        dnsmasq = dnsmasq.restartWith(List.of("--txt-record=_dmarc.sender.test,v=DMARC1; p=none"), "_dmarc.sender.test");
        assertThat(cached.txt(KEY)).isEmpty();
        dnsmasq = dnsmasq.restartWith(List.of("--txt-record=" + KEY + ",v=DKIM1; p=new"), KEY);

        assertThat(cached.txt(KEY)).as("kept").isEmpty();
        clock.moveBy(DnsAnswer.NEGATIVE_TTL_WITHOUT_SOA);
        assertThat(cached.txt(KEY)).as("30 s later").containsExactly("v=DKIM1; p=new");
    }

    @Test
    void zeroTtlShouldNotBeKept() throws Exception {
        dnsmasq = dnsmasq.restartWith(List.of("--txt-record=" + KEY + ",v=DKIM1; p=zero"), KEY);

        cached.txt(KEY);
        cached.txt(KEY);

        assertThat(relay.received()).isEqualTo(2);
    }

    @Test
    void refusalShouldNotBeKept() {
        assertThatThrownBy(() -> cached.txt("example.org")).isInstanceOf(DnsLookupException.class);
        assertThatThrownBy(() -> cached.txt("example.org")).isInstanceOf(DnsLookupException.class);

        assertThat(relay.received()).isEqualTo(2);
    }

    @Test
    void timeoutShouldNotBeKept() throws Exception {
        DnsJavaLookup quick = new DnsJavaLookup(new CachedAnswers(StubResolver.of("127.0.0.1", relay.port()), 100, clock),
            Duration.ofMillis(300));
        relay.dropAll(true);
        assertThatThrownBy(() -> quick.txt(KEY)).isInstanceOf(DnsLookupException.class);

        relay.dropAll(false);

        assertThat(quick.txt(KEY)).containsExactly("v=DKIM1; p=old");
    }

    @Test
    void leastRecentlyUsedAnswerShouldMakeRoomBeyondTheBound() throws Exception {
        CachedAnswers small = new CachedAnswers(StubResolver.of("127.0.0.1", relay.port()), 2, clock);
        DnsJavaLookup lookup = new DnsJavaLookup(small, TIMEOUT);
        lookup.txt(KEY);
        lookup.txt("_dmarc.sender.test");
        lookup.txt(KEY);
        lookup.mx("sender.test");

        assertThat(small.size()).isEqualTo(2);
        int before = relay.received();
        lookup.txt(KEY);
        assertThat(relay.received()).isEqualTo(before);
        lookup.txt("_dmarc.sender.test");
        assertThat(relay.received()).isEqualTo(before + 1);
    }

    @Test
    void namesShouldBeCachedWhateverTheirCase() throws Exception {
        cached.txt(KEY);

        assertThat(cached.txt(KEY.toUpperCase(Locale.ROOT))).containsExactly("v=DKIM1; p=old");
        assertThat(relay.received()).isEqualTo(1);
    }

    @Test
    void concurrentIdenticalMissesShouldBeAskedOnce() throws Exception {
        // The first query is lost, so the resend answers after 250 ms: every caller arrives while it is in flight.
        relay.dropNext(1);
        int callers = 8;
        ExecutorService threads = Executors.newFixedThreadPool(callers);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<List<String>>> answers = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                answers.add(threads.submit(() -> {
                    go.await();
                    return cached.txt(KEY);
                }));
            }
            go.countDown();
            for (Future<List<String>> answer : answers) {
                assertThat(answer.get()).containsExactly("v=DKIM1; p=old");
            }
        } finally {
            threads.shutdownNow();
        }

        assertThat(relay.received()).isEqualTo(2);
    }
}
