package io.smtpy.auth.spf;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.smtpy.auth.AuthStatus;
import io.smtpy.dns.CachedAnswers;
import io.smtpy.dns.StubResolver;
import io.smtpy.dns.testing.Dnsmasq;
import io.smtpy.dns.testing.LossyUdpRelay;

/** SPF checks against a real dnsmasq serving one {@code .test} domain per case. Fails when dnsmasq is missing. */
class SpfCheckTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final String CLIENT = "127.0.0.1";
    private static final String HELO = "client.example.test";

    private static Dnsmasq dnsmasq;
    private static SpfCheck spf;

    @BeforeAll
    static void startDnsmasq() throws Exception {
        List<String> records = new ArrayList<>(List.of(
            "--txt-record=pass.test,v=spf1 ip4:127.0.0.1 -all",
            "--txt-record=pass.test,google-site-verification=unrelated",
            "--txt-record=fail.test,v=spf1 ip4:192.0.2.1 -all",
            "--txt-record=ip6.test,v=spf1 ip6:::1 ip6:2001:db8::/32 -all",
            "--txt-record=softfail.test,v=spf1 ip4:192.0.2.1 ~all",
            "--txt-record=neutral.test,v=spf1 ip4:192.0.2.1 ?all",
            "--txt-record=nospf.test,some-verification=token",
            "--txt-record=twospf.test,v=spf1 ip4:127.0.0.1 -all",
            "--txt-record=twospf.test,v=spf1 ip4:192.0.2.1 -all",
            "--txt-record=syntax.test,v=spf1 ip4:not-an-address -all",
            "--txt-record=include.test,v=spf1 include:_spf.provider.test -all",
            "--txt-record=_spf.provider.test,v=spf1 ip4:192.0.2.7 include:_spf2.provider.test -all",
            "--txt-record=_spf2.provider.test,v=spf1 ip4:127.0.0.0/8 -all",
            "--txt-record=includemissing.test,v=spf1 include:_spf.nowhere.test -all",
            "--txt-record=loop.test,v=spf1 include:loop.test -all",
            "--txt-record=amech.test,v=spf1 a -all",
            "--host-record=amech.test,127.0.0.1",
            "--txt-record=anamed.test,v=spf1 a:mail.anamed.test -all",
            "--host-record=mail.anamed.test,127.0.0.1",
            "--txt-record=mxmech.test,v=spf1 mx -all",
            "--mx-host=mxmech.test,mx1.mxmech.test,10",
            "--host-record=mx1.mxmech.test,127.0.0.1",
            "--txt-record=mxother.test,v=spf1 mx -all",
            "--mx-host=mxother.test,mx1.mxother.test,10",
            "--host-record=mx1.mxother.test,192.0.2.9",
            "--txt-record=manymx.test,v=spf1 mx -all",
            "--txt-record=explained.test,v=spf1 -all exp=why.explained.test",
            "--txt-record=why.explained.test,%{i} may not send for %{d}",
            "--txt-record=helo.test,v=spf1 ip4:127.0.0.1 -all",
            "--txt-record=mail.helo.test,v=spf1 ip4:127.0.0.1 -all",
            "--txt-record=heloonly.test,v=spf1 -all",
            "--txt-record=big.test,v=spf1 " + String.join(",", Collections.nCopies(40, "a".repeat(250))),
            "--txt-record=manylookups.test,v=spf1 a:a1.test a:a2.test a:a3.test a:a4.test a:a5.test a:a6.test "
                + "a:a7.test a:a8.test a:a9.test a:a10.test a:a11.test -all",
            Dnsmasq.rawTxtRecord("binary.test", "v=spf1 ip4:127.0.0.1 \u00ff\u00fe -all"),
            "--dns-rr=brokenrdata.test,16,0BFF41"));
        for (int i = 0; i < 11; i++) {
            records.add("--mx-host=manymx.test,mx" + i + ".manymx.test," + (10 + i));
        }
        dnsmasq = Dnsmasq.start(records, "pass.test");
        spf = new SpfCheck(new InetSocketAddress(InetAddress.getLoopbackAddress(), dnsmasq.port()), TIMEOUT);
    }

    @AfterAll
    static void stopDnsmasq() {
        if (dnsmasq != null) {
            dnsmasq.close();
        }
    }


    private static SpfVerdict checkMailFrom(String domain) {
        return spf.check(CLIENT, HELO, Optional.of("sender@" + domain));
    }

    @Test
    void listedClientShouldPass() {
        SpfVerdict verdict = checkMailFrom("pass.test");

        assertThat(verdict.status()).isEqualTo(AuthStatus.PASS);
        assertThat(verdict.identity()).isEqualTo(SpfIdentity.MAILFROM);
        assertThat(verdict.domain()).isEqualTo("pass.test");
        assertThat(verdict.explanation()).isEmpty();
    }

    @Test
    void inetAddressOfTheClientShouldBeCheckedLikeItsText() throws Exception {
        SpfVerdict verdict = spf.check(InetAddress.getByName("127.0.0.1"), HELO, Optional.of("<sender@pass.test>"));

        assertThat(verdict.status()).isEqualTo(AuthStatus.PASS);
    }

    @Test
    void ipv6ClientShouldBeMatchedByIp6Mechanisms() throws Exception {
        SpfVerdict loopback = spf.check(InetAddress.getByName("::1"), HELO, Optional.of("sender@ip6.test"));
        SpfVerdict documentation = spf.check("2001:db8::25", HELO, Optional.of("sender@ip6.test"));
        SpfVerdict other = spf.check("2001:db9::25", HELO, Optional.of("sender@ip6.test"));

        assertThat(loopback.status()).isEqualTo(AuthStatus.PASS);
        assertThat(documentation.status()).isEqualTo(AuthStatus.PASS);
        assertThat(other.status()).isEqualTo(AuthStatus.FAIL);
    }

    @Test
    void unlistedClientUnderMinusAllShouldFailWithDefaultExplanation() {
        SpfVerdict verdict = checkMailFrom("fail.test");

        assertThat(verdict.status()).isEqualTo(AuthStatus.FAIL);
        assertThat(verdict.explanation()).contains("127.0.0.1 is not a designated sender of fail.test");
    }

    @Test
    void failShouldCarryTheDomainsOwnExplanation() {
        SpfVerdict verdict = checkMailFrom("explained.test");

        assertThat(verdict.status()).isEqualTo(AuthStatus.FAIL);
        assertThat(verdict.explanation()).contains("127.0.0.1 may not send for explained.test");
    }

    @Test
    void unlistedClientUnderTildeAllShouldSoftfail() {
        assertThat(checkMailFrom("softfail.test").status()).isEqualTo(AuthStatus.SOFTFAIL);
    }

    @Test
    void unlistedClientUnderQuestionMarkAllShouldBeNeutral() {
        assertThat(checkMailFrom("neutral.test").status()).isEqualTo(AuthStatus.NEUTRAL);
    }

    @Test
    void domainWithoutSpfRecordShouldBeNone() {
        SpfVerdict verdict = checkMailFrom("nospf.test");

        assertThat(verdict.status()).isEqualTo(AuthStatus.NONE);
        assertThat(verdict.reason()).isPresent();
    }

    @Test
    void domainThatDoesNotExistShouldBeNone() {
        assertThat(checkMailFrom("nxdomain.test").status()).isEqualTo(AuthStatus.NONE);
    }

    @Test
    void twoSpfRecordsShouldBePermerror() {
        SpfVerdict verdict = checkMailFrom("twospf.test");

        assertThat(verdict.status()).isEqualTo(AuthStatus.PERMERROR);
        assertThat(verdict.reason()).hasValueSatisfying(reason -> assertThat(reason).contains("More than 1 SPF record"));
    }

    @Test
    void syntaxErrorShouldBePermerrorNamingTheTerm() {
        SpfVerdict verdict = checkMailFrom("syntax.test");

        assertThat(verdict.status()).isEqualTo(AuthStatus.PERMERROR);
        assertThat(verdict.reason()).contains("Term [ip4:not-an-address] is not syntactically valid");
    }

    @Test
    void clientListedTwoIncludesDownShouldPass() {
        assertThat(checkMailFrom("include.test").status()).isEqualTo(AuthStatus.PASS);
    }

    @Test
    void includeOfADomainWithoutSpfShouldBePermerror() {
        assertThat(checkMailFrom("includemissing.test").status()).isEqualTo(AuthStatus.PERMERROR);
    }

    @Test
    void includeLoopShouldStopWithPermerror() {
        assertThat(checkMailFrom("loop.test").status()).isEqualTo(AuthStatus.PERMERROR);
    }

    @Test
    void aMechanismShouldMatchTheDomainsAddress() {
        assertThat(checkMailFrom("amech.test").status()).isEqualTo(AuthStatus.PASS);
    }

    @Test
    void aMechanismWithATargetShouldMatchThatHostsAddress() {
        assertThat(checkMailFrom("anamed.test").status()).isEqualTo(AuthStatus.PASS);
    }

    @Test
    void mxMechanismShouldMatchTheAddressOfAnMxHost() {
        assertThat(checkMailFrom("mxmech.test").status()).isEqualTo(AuthStatus.PASS);
    }

    @Test
    void mxMechanismShouldNotMatchOtherAddresses() {
        assertThat(checkMailFrom("mxother.test").status()).isEqualTo(AuthStatus.FAIL);
    }

    @Test
    void moreThanTenMxRecordsShouldBePermerror() {
        SpfVerdict verdict = checkMailFrom("manymx.test");

        assertThat(verdict.status()).isEqualTo(AuthStatus.PERMERROR);
        assertThat(verdict.reason()).hasValueSatisfying(reason -> assertThat(reason).contains("11 MX records"));
    }

    @Test
    void moreThanTenDnsMechanismsShouldBePermerror() {
        assertThat(checkMailFrom("manylookups.test").status()).isEqualTo(AuthStatus.PERMERROR);
    }

    @Test
    void nullSenderShouldCheckTheHeloIdentity() {
        SpfVerdict verdict = spf.check(CLIENT, "mail.helo.test", Optional.empty());

        assertThat(verdict.status()).isEqualTo(AuthStatus.PASS);
        assertThat(verdict.identity()).isEqualTo(SpfIdentity.HELO);
        assertThat(verdict.domain()).isEqualTo("mail.helo.test");
    }

    @Test
    void emptyAngleBracketsShouldBeTheNullSender() {
        SpfVerdict verdict = spf.check(CLIENT, "heloonly.test", Optional.of("<>"));

        assertThat(verdict.status()).isEqualTo(AuthStatus.FAIL);
        assertThat(verdict.identity()).isEqualTo(SpfIdentity.HELO);
    }

    @Test
    void nullSenderWithAnAddressLiteralHeloShouldBeNone() {
        SpfVerdict verdict = spf.check(CLIENT, "[127.0.0.1]", Optional.empty());

        assertThat(verdict.status()).isEqualTo(AuthStatus.NONE);
        assertThat(verdict.identity()).isEqualTo(SpfIdentity.HELO);
        assertThat(verdict.reason()).hasValueSatisfying(reason -> assertThat(reason).contains("[127.0.0.1]"));
    }

    @Test
    void nullSenderWithoutHeloShouldBeNone() {
        assertThat(spf.check(CLIENT, null, Optional.empty()).status()).isEqualTo(AuthStatus.NONE);
        assertThat(spf.check(CLIENT, "", Optional.empty()).status()).isEqualTo(AuthStatus.NONE);
    }

    @Test
    void garbageClientAddressShouldBePermerror() {
        SpfVerdict verdict = spf.check("not.an.ip", HELO, Optional.of("sender@pass.test"));

        assertThat(verdict.status()).isEqualTo(AuthStatus.PERMERROR);
        assertThat(verdict.reason()).hasValueSatisfying(reason -> assertThat(reason).contains("not an IP address"));
    }

    @Test
    void missingClientAddressShouldBePermerror() {
        assertThat(spf.check((InetAddress) null, HELO, Optional.of("sender@pass.test")).status())
            .isEqualTo(AuthStatus.PERMERROR);
    }

    @Test
    void mailFromWithoutDomainShouldBeNone() {
        assertThat(spf.check(CLIENT, HELO, Optional.of("postmaster")).status()).isEqualTo(AuthStatus.NONE);
        assertThat(spf.check(CLIENT, HELO, Optional.of("sender@")).status()).isEqualTo(AuthStatus.NONE);
    }

    @Test
    void singleLabelDomainShouldBeNone() {
        assertThat(spf.check(CLIENT, HELO, Optional.of("sender@localhost")).status()).isEqualTo(AuthStatus.NONE);
    }

    @Test
    void hugeNamesShouldBeNoneWithoutAnyLookup() {
        String huge = "a".repeat(100_000) + ".test";

        SpfVerdict fromHugeDomain = spf.check(CLIENT, HELO, Optional.of("sender@" + huge));
        SpfVerdict fromLongLabel = spf.check(CLIENT, HELO, Optional.of("sender@" + "a".repeat(64) + ".test"));
        SpfVerdict hugeHelo = spf.check(CLIENT, huge, Optional.empty());

        assertThat(fromHugeDomain.status()).isEqualTo(AuthStatus.NONE);
        assertThat(fromHugeDomain.reason().orElseThrow()).hasSizeLessThan(200);
        assertThat(fromLongLabel.status()).isEqualTo(AuthStatus.NONE);
        assertThat(hugeHelo.status()).isEqualTo(AuthStatus.NONE);
    }

    @Test
    void hugeHeloShouldNotDisturbTheMailFromCheck() {
        assertThat(spf.check(CLIENT, "x".repeat(100_000), Optional.of("sender@pass.test")).status())
            .isEqualTo(AuthStatus.PASS);
    }

    @Test
    void internationalisedDomainShouldBeCheckedAsItsALabels() {
        SpfVerdict verdict = spf.check(CLIENT, HELO, Optional.of("sender@bücher.test"));

        assertThat(verdict.domain()).isEqualTo("xn--bcher-kva.test");
        assertThat(verdict.status()).isEqualTo(AuthStatus.NONE);
    }

    @Test
    void tenKilobyteRecordShouldBeAnsweredOverTcpAndRejectedAsPermerror() {
        SpfVerdict verdict = checkMailFrom("big.test");

        assertThat(verdict.status()).isEqualTo(AuthStatus.PERMERROR);
        assertThat(verdict.reason().orElseThrow()).hasSizeLessThan(210).contains("is not syntactically valid");
    }

    @Test
    void nonUtf8RecordShouldBePermerror() {
        assertThat(checkMailFrom("binary.test").status()).isEqualTo(AuthStatus.PERMERROR);
    }

    @Test
    void unparsableAnswerShouldBeTemperror() {
        assertThat(checkMailFrom("brokenrdata.test").status()).isEqualTo(AuthStatus.TEMPERROR);
    }

    @Test
    void silentResolverShouldGiveTemperror() throws Exception {
        int closedPort;
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        SpfCheck unanswered = new SpfCheck(new InetSocketAddress(InetAddress.getLoopbackAddress(), closedPort),
            Duration.ofMillis(300));

        SpfVerdict verdict = unanswered.check(CLIENT, HELO, Optional.of("sender@pass.test"));

        assertThat(verdict.status()).isEqualTo(AuthStatus.TEMPERROR);
        assertThat(verdict.reason()).hasValueSatisfying(reason -> assertThat(reason).contains("pass.test"));
    }

    @Test
    void checkOverItsTimeBudgetShouldBeTemperror() {
        Clock slowClock = new StepClock(Duration.ofSeconds(8));
        SpfCheck budgeted = new SpfCheck(new InetSocketAddress(InetAddress.getLoopbackAddress(), dnsmasq.port()),
            TIMEOUT, Duration.ofSeconds(20), slowClock);

        SpfVerdict verdict = budgeted.check(CLIENT, HELO, Optional.of("sender@include.test"));

        assertThat(verdict.status()).isEqualTo(AuthStatus.TEMPERROR);
        assertThat(verdict.reason()).hasValueSatisfying(reason -> assertThat(reason).contains("longer than allowed"));
    }

    @Test
    void droppedQueryShouldBeResentSoTheCheckPassesLongBeforeTheTimeout() throws Exception {
        try (LossyUdpRelay relay = LossyUdpRelay.inFrontOf(dnsmasq.port())) {
            SpfCheck throughLossyResolver = new SpfCheck(new InetSocketAddress(InetAddress.getLoopbackAddress(), relay.port()),
                Duration.ofSeconds(3));
            relay.dropNext(1);

            long start = System.nanoTime();
            SpfVerdict verdict = throughLossyResolver.check(CLIENT, HELO, Optional.of("sender@include.test"));

            assertThat(verdict.status()).isEqualTo(AuthStatus.PASS);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
            assertThat(relay.dropped()).isEqualTo(1);
        }
    }

    @Test
    void checksThroughTheCacheShouldAskDnsOnceForTheSameDomain() throws Exception {
        try (Dnsmasq zone = Dnsmasq.start(withTtl("--txt-record=cached.test,v=spf1 include:_spf.cached.test -all",
                 "--txt-record=_spf.cached.test,v=spf1 a:mail.cached.test -all",
                 "--host-record=mail.cached.test,127.0.0.1"), "cached.test");
             LossyUdpRelay relay = LossyUdpRelay.inFrontOf(zone.port())) {
            CachedAnswers cache = new CachedAnswers(StubResolver.of("127.0.0.1", relay.port()), 100, Clock.systemUTC());
            SpfCheck cached = new SpfCheck(cache, TIMEOUT, SpfCheck.DEFAULT_CHECK_TIMEOUT, Clock.systemUTC());

            assertThat(cached.check(CLIENT, HELO, Optional.of("a@cached.test")).status()).isEqualTo(AuthStatus.PASS);
            int queries = relay.received();
            assertThat(cached.check(CLIENT, HELO, Optional.of("b@cached.test")).status()).isEqualTo(AuthStatus.PASS);
            assertThat(cached.check("192.0.2.1", HELO, Optional.of("c@cached.test")).status()).isEqualTo(AuthStatus.FAIL);

            assertThat(queries).isGreaterThanOrEqualTo(3);
            assertThat(relay.received()).isEqualTo(queries);
        }
    }

    private static List<String> withTtl(String... records) {
        List<String> options = new ArrayList<>(Dnsmasq.zoneWithTtl(Duration.ofMinutes(5)));
        options.addAll(List.of(records));
        return options;
    }

    /** A clock that moves {@code step} forward each time it is read, as if every DNS query were slow. */
    private static final class StepClock extends Clock {
        private final Duration step;
        private Instant now = Instant.parse("2024-01-01T00:00:00Z");

        StepClock(Duration step) {
            this.step = step;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            Instant current = now;
            now = now.plus(step);
            return current;
        }
    }
}
