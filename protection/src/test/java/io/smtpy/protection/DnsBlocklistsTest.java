package io.smtpy.protection;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.smtpy.core.dns.FakeDnsLookup;
import io.smtpy.core.testing.MovableClock;

class DnsBlocklistsTest {
    private final MovableClock clock = new MovableClock(Instant.parse("2026-03-01T12:00:00Z"));
    private final FakeDnsLookup dns = new FakeDnsLookup();

    private DnsBlocklists blocklists(String... zones) {
        return new DnsBlocklists(dns, ProtectionSettings.builder().dnsblZones(List.of(zones)).maxTrackedClients(3).build(), clock);
    }

    private static InetAddress ip(String literal) throws Exception {
        return InetAddress.getByName(literal);
    }

    @Test
    void ipv4ShouldBeAskedWithItsOctetsReversed() throws Exception {
        assertThat(DnsBlocklists.reversed(ip("192.0.2.99"))).isEqualTo("99.2.0.192");
    }

    @Test
    void ipv6ShouldBeAskedWithItsNibblesReversed() throws Exception {
        assertThat(DnsBlocklists.reversed(ip("2001:db8:1:2::ab")))
            .isEqualTo("b.a.0.0.0.0.0.0.0.0.0.0.0.0.0.0.2.0.0.0.1.0.0.0.8.b.d.0.1.0.0.2");
    }

    @Test
    void addressAnsweredIn127ShouldBeListedWithTheZonesReason() throws Exception {
        dns.address("2.0.0.127.zen.example", ip("127.0.0.2")).txt("2.0.0.127.zen.example", "listed: see https://zen.example/q");

        Optional<BlocklistListing> listing = blocklists("zen.example").check(ip("127.0.0.2"));

        assertThat(listing).contains(new BlocklistListing("zen.example", Optional.of("listed: see https://zen.example/q")));
    }

    @Test
    void listingWithoutTxtShouldHaveNoReason() throws Exception {
        dns.address("2.0.0.127.zen.example", ip("127.0.0.4"));

        assertThat(blocklists("zen.example").check(ip("127.0.0.2"))).contains(new BlocklistListing("zen.example", Optional.empty()));
    }

    @Test
    void nxdomainShouldBeNotListed() throws Exception {
        DnsBlocklists blocklists = blocklists("zen.example");

        assertThat(blocklists.check(ip("192.0.2.1"))).isEmpty();
        assertThat(dns.queries()).containsExactly("A 1.2.0.192.zen.example");
        assertThat(blocklists.errors()).isZero();
    }

    @Test
    void answerOutside127ShouldBeNotListed() throws Exception {
        dns.address("1.2.0.192.zen.example", ip("192.0.2.200"));

        assertThat(blocklists("zen.example").check(ip("192.0.2.1"))).isEmpty();
    }

    @Test
    void brokenBlocklistShouldBeNotListedAndCountedAndTheNextZoneAsked() throws Exception {
        dns.failing("2.0.0.127.broken.example").address("2.0.0.127.zen.example", ip("127.0.0.2"));
        DnsBlocklists blocklists = blocklists("broken.example", "zen.example");

        assertThat(blocklists.check(ip("127.0.0.2")).map(BlocklistListing::zone)).contains("zen.example");
        assertThat(blocklists.errors()).isEqualTo(1);
        assertThat(blocklists.hits()).isEqualTo(Map.of("broken.example", 0L, "zen.example", 1L));
    }

    @Test
    void blocklistRefusingToAnswerShouldBeAnErrorNotAListing() throws Exception {
        dns.address("2.0.0.127.zen.example", ip("127.255.255.254"));
        DnsBlocklists blocklists = blocklists("zen.example");

        assertThat(blocklists.check(ip("127.0.0.2"))).isEmpty();
        assertThat(blocklists.errors()).isEqualTo(1);
    }

    @Test
    void firstListingZoneShouldWinAndLaterZonesNotBeAsked() throws Exception {
        dns.address("2.0.0.127.a.example", ip("127.0.0.2")).address("2.0.0.127.b.example", ip("127.0.0.2"));

        assertThat(blocklists("a.example", "b.example").check(ip("127.0.0.2")).map(BlocklistListing::zone)).contains("a.example");
        assertThat(dns.queries()).doesNotContain("A 2.0.0.127.b.example");
    }

    @Test
    void answerShouldBeCachedPerAddressForFiveMinutes() throws Exception {
        DnsBlocklists blocklists = blocklists("zen.example");
        blocklists.check(ip("192.0.2.1"));
        dns.address("1.2.0.192.zen.example", ip("127.0.0.2"));

        clock.moveBy(DnsBlocklists.CACHE_TIME.minusSeconds(1));
        assertThat(blocklists.check(ip("192.0.2.1"))).isEmpty();
        clock.moveBy(Duration.ofSeconds(1));
        assertThat(blocklists.check(ip("192.0.2.1"))).isPresent();
        assertThat(dns.queries()).hasSize(3);
    }

    @Test
    void cacheShouldKeepAtMostTheTrackedClientsBound() throws Exception {
        DnsBlocklists blocklists = blocklists("zen.example");
        for (int i = 1; i <= 4; i++) {
            blocklists.check(ip("192.0.2." + i));
        }

        blocklists.check(ip("192.0.2.1"));

        assertThat(dns.queries()).hasSize(5);
    }

    @Test
    void noZoneShouldAskNothing() throws Exception {
        assertThat(blocklists().check(ip("127.0.0.2"))).isEmpty();
        assertThat(dns.queries()).isEmpty();
    }
}
