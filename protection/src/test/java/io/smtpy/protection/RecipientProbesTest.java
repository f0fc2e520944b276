package io.smtpy.protection;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.smtpy.core.testing.MovableClock;

class RecipientProbesTest {
    private static final Instant START = Instant.parse("2026-03-01T12:00:00Z");
    private final MovableClock clock = new MovableClock(START);
    private final RecipientProbes probes = new RecipientProbes(ProtectionSettings.builder().slowAfter(2).refuseAfter(4)
        .window(Duration.ofMinutes(10)).refuseFor(Duration.ofMinutes(30)).maxTrackedClients(3).build(), clock);

    private static InetAddress ip(String literal) throws Exception {
        return InetAddress.getByName(literal);
    }

    @Test
    void unknownRecipientsShouldBeCountedPerClient() throws Exception {
        probes.unknownRecipient(ip("192.0.2.1"));
        probes.unknownRecipient(ip("192.0.2.1"));
        probes.unknownRecipient(ip("192.0.2.2"));

        assertThat(probes.recent(ip("192.0.2.1"))).isEqualTo(2);
        assertThat(probes.recent(ip("192.0.2.2"))).isEqualTo(1);
        assertThat(probes.recent(ip("192.0.2.3"))).isZero();
    }

    @Test
    void unknownRecipientsOlderThanTheWindowShouldNoLongerCount() throws Exception {
        probes.unknownRecipient(ip("192.0.2.1"));
        clock.moveBy(Duration.ofMinutes(6));
        probes.unknownRecipient(ip("192.0.2.1"));
        clock.moveBy(Duration.ofMinutes(4));

        assertThat(probes.recent(ip("192.0.2.1"))).isEqualTo(1);
    }

    @Test
    void reachingTheThresholdShouldRefuseTheClientForItsTime() throws Exception {
        InetAddress client = ip("192.0.2.1");
        assertThat(probes.unknownRecipient(client)).isFalse();
        assertThat(probes.unknownRecipient(client)).isFalse();
        assertThat(probes.unknownRecipient(client)).isFalse();

        assertThat(probes.unknownRecipient(client)).isTrue();

        assertThat(probes.refusedUntil(client)).contains(START.plus(Duration.ofMinutes(30)));
        assertThat(probes.refused()).containsExactly(new RefusedClient(client, START.plus(Duration.ofMinutes(30))));
        clock.moveBy(Duration.ofMinutes(30));
        assertThat(probes.refusedUntil(client)).isEmpty();
        assertThat(probes.refused()).isEmpty();
    }

    @Test
    void releaseShouldEndTheRefusalAndTheCount() throws Exception {
        InetAddress client = ip("192.0.2.1");
        for (int i = 0; i < 4; i++) {
            probes.unknownRecipient(client);
        }

        assertThat(probes.release(client)).isTrue();

        assertThat(probes.refusedUntil(client)).isEmpty();
        assertThat(probes.recent(client)).isZero();
        assertThat(probes.release(client)).isFalse();
    }

    @Test
    void trackedClientsShouldBeBoundedDroppingTheLeastRecentlySeen() throws Exception {
        for (int i = 1; i <= 5; i++) {
            probes.unknownRecipient(ip("192.0.2." + i));
        }

        assertThat(probes.tracked()).isEqualTo(3);
        assertThat(probes.recent(ip("192.0.2.1"))).isZero();
        assertThat(probes.recent(ip("192.0.2.5"))).isEqualTo(1);
    }
}
