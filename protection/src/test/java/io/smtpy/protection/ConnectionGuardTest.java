package io.smtpy.protection;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.smtpy.core.dns.FakeDnsLookup;
import io.smtpy.core.model.Cidr;
import io.smtpy.core.smtp.SmtpStatus;
import io.smtpy.core.testing.MovableClock;

class ConnectionGuardTest {
    private static final Instant START = Instant.parse("2026-03-01T12:00:00Z");
    private final MovableClock clock = new MovableClock(START);
    private final FakeDnsLookup dns = new FakeDnsLookup();
    private final ConnectionGuard guard = ConnectionGuard.of(ProtectionSettings.builder()
        .dnsblZones(List.of("zen.example"))
        .trustedNetworks(List.of(Cidr.parse("198.51.100.0/24", "trustedNetworks")))
        .slowAfter(3).refuseAfter(6).delayStep(Duration.ofMillis(500)).maxDelay(Duration.ofMillis(1200))
        .build(), dns, clock);

    private static InetAddress ip(String literal) throws Exception {
        return InetAddress.getByName(literal);
    }

    private void unknown(InetAddress client, int times) {
        for (int i = 0; i < times; i++) {
            guard.unknownRecipient(client);
        }
    }

    @Test
    void listedClientShouldBeRefusedWith554NamingTheZone() throws Exception {
        dns.address("2.0.0.127.zen.example", ip("127.0.0.2"));

        GuardDecision decision = guard.atConnect(ip("127.0.0.2"));

        assertThat(decision.kind()).isEqualTo(GuardDecision.Kind.REFUSE);
        assertThat(decision.status()).contains(SmtpStatus.of(554, "5.7.1", "client address listed by zen.example"));
        assertThat(decision.disconnect()).isFalse();
        assertThat(guard.counters().dnsblHits()).isEqualTo(Map.of("zen.example", 1L));
        assertThat(guard.counters().dnsblRefusals()).isEqualTo(1);
    }

    @Test
    void unlistedClientShouldBeAllowed() throws Exception {
        assertThat(guard.atConnect(ip("127.0.0.1"))).isEqualTo(GuardDecision.allow());
    }

    @Test
    void trustedClientShouldNotBeLookedUpEvenWhenListed() throws Exception {
        dns.address("7.100.51.198.zen.example", ip("127.0.0.2"));

        assertThat(guard.atConnect(ip("198.51.100.7"))).isEqualTo(GuardDecision.allow());
        assertThat(dns.queries()).isEmpty();
    }

    @Test
    void clientShouldBeAnsweredAtOnceBelowTheSlowThreshold() throws Exception {
        unknown(ip("192.0.2.1"), 2);

        assertThat(guard.atRcpt(ip("192.0.2.1"))).isEqualTo(GuardDecision.allow());
    }

    @Test
    void probingClientShouldWaitOneStepMorePerUnknownRecipientUpToTheCap() throws Exception {
        InetAddress client = ip("192.0.2.1");
        unknown(client, 3);
        assertThat(guard.atRcpt(client)).isEqualTo(GuardDecision.delay(Duration.ofMillis(500)));
        unknown(client, 1);
        assertThat(guard.atRcpt(client)).isEqualTo(GuardDecision.delay(Duration.ofMillis(1000)));
        unknown(client, 1);
        assertThat(guard.atRcpt(client)).isEqualTo(GuardDecision.delay(Duration.ofMillis(1200)));
        assertThat(guard.counters().probesSlowed()).isEqualTo(3);
    }

    @Test
    void clientReachingTheRefuseThresholdShouldGet421AndDisconnectUntilItsTimeIsOver() throws Exception {
        InetAddress client = ip("192.0.2.1");
        unknown(client, 6);

        GuardDecision decision = guard.atRcpt(client);

        assertThat(decision.kind()).isEqualTo(GuardDecision.Kind.REFUSE);
        assertThat(decision.status()).contains(ConnectionGuard.PROBING);
        assertThat(decision.status().orElseThrow().toString())
            .isEqualTo("421 4.7.0 too many unknown recipients from your address, try again later");
        assertThat(decision.disconnect()).isTrue();
        assertThat(guard.refusedClients()).containsExactly(new RefusedClient(client, START.plus(Duration.ofMinutes(30))));
        assertThat(guard.counters().clientsRefused()).isEqualTo(1);
        assertThat(guard.counters().refusedClientReplies()).isEqualTo(1);
        clock.moveBy(Duration.ofMinutes(30));
        assertThat(guard.atRcpt(client)).isEqualTo(GuardDecision.allow());
    }

    @Test
    void releasedClientShouldBeAllowedAgainAtOnce() throws Exception {
        InetAddress client = ip("192.0.2.1");
        unknown(client, 6);

        assertThat(guard.release(client)).isTrue();

        assertThat(guard.atRcpt(client)).isEqualTo(GuardDecision.allow());
        assertThat(guard.refusedClients()).isEmpty();
    }

    @Test
    void trustedClientShouldNeverBeSlowedOrRefused() throws Exception {
        InetAddress relay = ip("198.51.100.7");
        unknown(relay, 50);

        assertThat(guard.atRcpt(relay)).isEqualTo(GuardDecision.allow());
        assertThat(guard.refusedClients()).isEmpty();
    }

    @Test
    void otherClientsShouldNotBeAffectedByAProber() throws Exception {
        unknown(ip("192.0.2.1"), 6);

        assertThat(guard.atRcpt(ip("192.0.2.2"))).isEqualTo(GuardDecision.allow());
    }
}
