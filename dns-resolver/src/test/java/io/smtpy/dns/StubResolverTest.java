package io.smtpy.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.smtpy.core.dns.DnsLookupException;
import io.smtpy.dns.testing.Dnsmasq;
import io.smtpy.dns.testing.LossyUdpRelay;

/**
 * Resends against a real dnsmasq behind a relay that loses queries, as a resolver dropping UDP under load does.
 */
class StubResolverTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(3);
    private static Dnsmasq dnsmasq;
    private LossyUdpRelay relay;
    private DnsJavaLookup lookup;

    @BeforeAll
    static void startDnsmasq() throws Exception {
        dnsmasq = Dnsmasq.start(List.of("--txt-record=key.test,v=DKIM1; p=abc"), "key.test");
    }

    @AfterAll
    static void stopDnsmasq() {
        if (dnsmasq != null) {
            dnsmasq.close();
        }
    }

    @BeforeEach
    void startRelay() throws Exception {
        relay = LossyUdpRelay.inFrontOf(dnsmasq.port());
        lookup = DnsJavaLookup.of("127.0.0.1", relay.port(), TIMEOUT);
    }

    @AfterEach
    void stopRelay() {
        relay.close();
    }

    @Test
    void droppedQueryShouldBeAnsweredByTheResendLongBeforeTheTimeout() throws Exception {
        relay.dropNext(1);

        long start = System.nanoTime();
        List<String> records = lookup.txt("key.test");
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

        assertThat(records).containsExactly("v=DKIM1; p=abc");
        assertThat(elapsed).isGreaterThanOrEqualTo(StubResolver.FIRST_RESEND).isLessThan(Duration.ofSeconds(1));
        assertThat(relay.received()).isEqualTo(2);
    }

    @Test
    void resendShouldCarryANewQueryIdFromAnotherSocket() throws Exception {
        relay.dropNext(2);

        lookup.txt("key.test");

        assertThat(relay.received()).isEqualTo(3);
        assertThat(relay.queryIds()).hasSize(3);
        assertThat(relay.askerPorts()).hasSize(3);
    }

    @Test
    void threeDroppedQueriesShouldStillBeAnsweredWithinTheTimeout() throws Exception {
        relay.dropNext(3);

        long start = System.nanoTime();
        List<String> records = lookup.txt("key.test");

        assertThat(records).containsExactly("v=DKIM1; p=abc");
        // Resends at 0.25 s, 0.75 s and 1.75 s: the fourth query is answered.
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(1700), Duration.ofMillis(2900));
        assertThat(relay.received()).isEqualTo(4);
    }

    @Test
    void answeredQueryShouldNotBeSentAgain() throws Exception {
        lookup.txt("key.test");

        assertThat(relay.received()).isEqualTo(1);
    }

    @Test
    void silentResolverShouldBeAskedOnTheScheduleThenFailAtTheTimeout() {
        relay.dropAll(true);
        DnsJavaLookup shortTimeout = DnsJavaLookup.of("127.0.0.1", relay.port(), Duration.ofSeconds(1));

        long start = System.nanoTime();
        assertThatThrownBy(() -> shortTimeout.txt("key.test"))
            .isInstanceOf(DnsLookupException.class)
            .hasMessageContaining("no answer from 127.0.0.1:" + relay.port())
            .hasMessageContaining("none of 3 queries answered within 1000 ms");
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

        assertThat(elapsed).isBetween(Duration.ofMillis(950), Duration.ofMillis(1900));
        assertThat(relay.received()).isEqualTo(3);
    }

    @Test
    void refusalShouldBeReportedAtOnceWithoutResending() {
        long start = System.nanoTime();
        assertThatThrownBy(() -> lookup.txt("example.org"))
            .isInstanceOf(DnsLookupException.class)
            .hasMessageContaining("REFUSED");

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(StubResolver.FIRST_RESEND);
        assertThat(relay.received()).isEqualTo(1);
    }

    @Test
    void interruptedCallerShouldGetALookupFailureAndKeepItsInterrupt() {
        relay.dropAll(true);
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> lookup.txt("key.test"))
                .isInstanceOf(DnsLookupException.class)
                .hasMessageContaining("interrupted");
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }
}
