package io.smtpy.auth.dmarc;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.smtpy.auth.AuthStatus;
import io.smtpy.auth.DkimVerdict;
import io.smtpy.auth.DkimVerification;
import io.smtpy.auth.spf.SpfCheck;
import io.smtpy.auth.spf.SpfIdentity;
import io.smtpy.auth.spf.SpfVerdict;
import io.smtpy.core.dns.DnsLookup;
import io.smtpy.core.dns.DnsLookupException;
import io.smtpy.core.dns.FakeDnsLookup;
import io.smtpy.core.dns.MxRecord;
import io.smtpy.dns.DnsJavaLookup;
import io.smtpy.dns.testing.Dnsmasq;

/**
 * DMARC against a real dnsmasq: policy records and SPF records are served by it, SPF is checked for real, DKIM
 * results are given through a lambda {@link DkimVerification}. Fails when dnsmasq is missing.
 */
class DmarcEvaluationTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final String CLIENT = "127.0.0.1";
    private static final String SPF_PASS = "v=spf1 ip4:127.0.0.1 -all";
    private static final DkimVerification NO_SIGNATURES = message -> List.of();
    private static final IntSupplier NEVER_SAMPLED = () -> {
        throw new AssertionError("no sampling expected");
    };

    private static Dnsmasq dnsmasq;
    private static DnsJavaLookup dns;
    private static SpfCheck spf;

    @BeforeAll
    static void startDnsmasq() throws Exception {
        List<String> records = List.of(
            "--txt-record=aligned.test," + SPF_PASS,
            "--txt-record=mail.aligned.test," + SPF_PASS,
            "--txt-record=_dmarc.aligned.test,v=DMARC1; p=reject; rua=mailto:dmarc@aligned.test",
            "--txt-record=_dmarc.aligned.test,unrelated=text",
            "--txt-record=provider.test," + SPF_PASS,
            "--txt-record=_dmarc.dkim.test,v=DMARC1; p=reject",
            "--txt-record=_dmarc.relaxed.test,v=DMARC1; p=reject",
            "--txt-record=mail.relaxed.test," + SPF_PASS,
            "--txt-record=_dmarc.strict.test,v=DMARC1; p=reject; aspf=s; adkim=s",
            "--txt-record=mail.strict.test," + SPF_PASS,
            "--txt-record=_dmarc.org.test,v=DMARC1; p=none; sp=reject",
            "--txt-record=_dmarc.own.org.test,v=DMARC1; p=quarantine",
            "--txt-record=_dmarc.pct0.test,v=DMARC1; p=quarantine; pct=0",
            "--txt-record=_dmarc.pct0reject.test,v=DMARC1; p=reject; pct=0",
            "--txt-record=_dmarc.pct50.test,v=DMARC1; p=reject; pct=50",
            "--txt-record=_dmarc.tworecords.test,v=DMARC1; p=reject",
            "--txt-record=_dmarc.tworecords.test,v=DMARC1; p=none",
            "--txt-record=_dmarc.badp.test,v=DMARC1; p=block; rua=mailto:dmarc@badp.test",
            "--txt-record=_dmarc.badpnorua.test,v=DMARC1; p=block",
            "--txt-record=_dmarc.big.test,v=DMARC1; p=reject; x=" + String.join(",", Collections.nCopies(40, "y".repeat(250))),
            Dnsmasq.rawTxtRecord("_dmarc.binary.test", "v=DMARC1; p=reject; aspf=\u00ff\u00fe"));
        dnsmasq = Dnsmasq.start(records, "_dmarc.aligned.test");
        InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), dnsmasq.port());
        dns = new DnsJavaLookup(address, TIMEOUT);
        spf = new SpfCheck(address, TIMEOUT);
    }

    @AfterAll
    static void stopDnsmasq() {
        if (dnsmasq != null) {
            dnsmasq.close();
        }
    }


    private static byte[] message(String from) {
        return ("From: " + from + "\r\nTo: someone@forwarded.test\r\nSubject: hello\r\n\r\nHello.\r\n")
            .getBytes(StandardCharsets.UTF_8);
    }

    private static DkimVerdict dkim(AuthStatus status, String domain) {
        return new DkimVerdict(status, domain, "sel", "rsa-sha256",
            status == AuthStatus.PASS ? Optional.empty() : Optional.of("signature did not verify"));
    }

    private static DmarcVerdict evaluate(String from, String mailFrom, DkimVerification dkim) {
        return evaluate(from, mailFrom, dkim, NEVER_SAMPLED);
    }

    private static DmarcVerdict evaluate(String from, String mailFrom, DkimVerification dkim, IntSupplier sample) {
        byte[] message = message(from);
        SpfVerdict spfVerdict = spf.check(CLIENT, "client.test", Optional.of(mailFrom));
        return new DmarcEvaluation(dns, sample).evaluate(message, spfVerdict, dkim.verify(message));
    }

    @Test
    void alignedSpfPassShouldPass() {
        DmarcVerdict verdict = evaluate("Alice <alice@aligned.test>", "bounce@aligned.test", NO_SIGNATURES);

        assertThat(verdict.status()).isEqualTo(AuthStatus.PASS);
        assertThat(verdict.headerFrom()).contains("aligned.test");
        assertThat(verdict.policyDomain()).contains("aligned.test");
        assertThat(verdict.spfAligned()).isTrue();
        assertThat(verdict.dkimAligned()).isFalse();
        assertThat(verdict.requestedPolicy()).contains(DmarcPolicy.REJECT);
        assertThat(verdict.disposition()).isEqualTo(DmarcPolicy.NONE);
        assertThat(verdict.rejectRequested()).isFalse();
        assertThat(verdict.record().orElseThrow().aggregateReportUris()).containsExactly("mailto:dmarc@aligned.test");
    }

    @Test
    void alignedDkimPassShouldPassWhenSpfDoesNot() {
        DmarcVerdict verdict = evaluate("alice@dkim.test", "bounce@nowhere.test",
            message -> List.of(dkim(AuthStatus.FAIL, "other.test"), dkim(AuthStatus.PASS, "dkim.test")));

        assertThat(verdict.status()).isEqualTo(AuthStatus.PASS);
        assertThat(verdict.spfAligned()).isFalse();
        assertThat(verdict.dkimAligned()).isTrue();
        assertThat(verdict.alignedDkimDomain()).contains("dkim.test");
    }

    @Test
    void failingDkimSignatureOfTheFromDomainShouldNotAlign() {
        DmarcVerdict verdict = evaluate("alice@dkim.test", "bounce@nowhere.test",
            message -> List.of(dkim(AuthStatus.FAIL, "dkim.test")));

        assertThat(verdict.status()).isEqualTo(AuthStatus.FAIL);
        assertThat(verdict.rejectRequested()).isTrue();
    }

    @Test
    void passingDkimOfAnotherDomainShouldNotAlign() {
        DmarcVerdict verdict = evaluate("alice@dkim.test", "bounce@nowhere.test",
            message -> List.of(dkim(AuthStatus.PASS, "provider.test")));

        assertThat(verdict.status()).isEqualTo(AuthStatus.FAIL);
    }

    @Test
    void spfPassForAnUnalignedMailFromWithoutDkimShouldFail() {
        DmarcVerdict verdict = evaluate("alice@aligned.test", "bounce@provider.test", NO_SIGNATURES);

        assertThat(verdict.status()).isEqualTo(AuthStatus.FAIL);
        assertThat(verdict.spfAligned()).isFalse();
        assertThat(verdict.requestedPolicy()).contains(DmarcPolicy.REJECT);
        assertThat(verdict.disposition()).isEqualTo(DmarcPolicy.REJECT);
        assertThat(verdict.rejectRequested()).isTrue();
        assertThat(verdict.reason()).contains("no SPF or DKIM pass for a domain aligned with the From domain");
    }

    @Test
    void subdomainMailFromShouldAlignInRelaxedMode() {
        DmarcVerdict verdict = evaluate("alice@relaxed.test", "bounce@mail.relaxed.test", NO_SIGNATURES);

        assertThat(verdict.status()).isEqualTo(AuthStatus.PASS);
        assertThat(verdict.spfAligned()).isTrue();
    }

    @Test
    void subdomainMailFromShouldNotAlignInStrictMode() {
        DmarcVerdict verdict = evaluate("alice@strict.test", "bounce@mail.strict.test", NO_SIGNATURES);

        assertThat(verdict.status()).isEqualTo(AuthStatus.FAIL);
        assertThat(verdict.spfAligned()).isFalse();
    }

    @Test
    void subdomainDkimShouldAlignOnlyInRelaxedMode() {
        DkimVerification subdomainSignature = message -> List.of(dkim(AuthStatus.PASS, "mail.strict.test"));
        DkimVerification relaxedSignature = message -> List.of(dkim(AuthStatus.PASS, "mail.relaxed.test"));

        assertThat(evaluate("alice@strict.test", "bounce@nowhere.test", subdomainSignature).status()).isEqualTo(AuthStatus.FAIL);
        assertThat(evaluate("alice@relaxed.test", "bounce@nowhere.test", relaxedSignature).status()).isEqualTo(AuthStatus.PASS);
    }

    @Test
    void nullSenderShouldAlignThroughTheHeloIdentity() {
        byte[] message = message("alice@aligned.test");
        SpfVerdict helo = spf.check(CLIENT, "mail.aligned.test", Optional.empty());

        DmarcVerdict verdict = new DmarcEvaluation(dns, NEVER_SAMPLED).evaluate(message, helo, List.of());

        assertThat(helo.identity()).isEqualTo(SpfIdentity.HELO);
        assertThat(verdict.status()).isEqualTo(AuthStatus.PASS);
    }

    @Test
    void subdomainWithoutRecordShouldGetTheSubdomainPolicyOfItsOrganizationalDomain() {
        DmarcVerdict verdict = evaluate("alice@news.org.test", "bounce@provider.test", NO_SIGNATURES);

        assertThat(verdict.status()).isEqualTo(AuthStatus.FAIL);
        assertThat(verdict.headerFrom()).contains("news.org.test");
        assertThat(verdict.policyDomain()).contains("org.test");
        assertThat(verdict.requestedPolicy()).contains(DmarcPolicy.REJECT);
        assertThat(verdict.rejectRequested()).isTrue();
    }

    @Test
    void organizationalDomainItselfShouldGetItsPolicy() {
        DmarcVerdict verdict = evaluate("alice@org.test", "bounce@provider.test", NO_SIGNATURES);

        assertThat(verdict.status()).isEqualTo(AuthStatus.FAIL);
        assertThat(verdict.requestedPolicy()).contains(DmarcPolicy.NONE);
        assertThat(verdict.disposition()).isEqualTo(DmarcPolicy.NONE);
        assertThat(verdict.rejectRequested()).isFalse();
    }

    @Test
    void recordAtTheSubdomainItselfShouldApplyItsPolicy() {
        DmarcVerdict verdict = evaluate("alice@own.org.test", "bounce@provider.test", NO_SIGNATURES);

        assertThat(verdict.policyDomain()).contains("own.org.test");
        assertThat(verdict.requestedPolicy()).contains(DmarcPolicy.QUARANTINE);
        assertThat(verdict.disposition()).isEqualTo(DmarcPolicy.QUARANTINE);
    }

    @Test
    void failUnderPctZeroShouldBeSampledOutToNoDisposition() {
        DmarcVerdict verdict = evaluate("alice@pct0.test", "bounce@provider.test", NO_SIGNATURES, () -> 0);

        assertThat(verdict.status()).isEqualTo(AuthStatus.FAIL);
        assertThat(verdict.requestedPolicy()).contains(DmarcPolicy.QUARANTINE);
        assertThat(verdict.sampledOut()).isTrue();
        assertThat(verdict.disposition()).isEqualTo(DmarcPolicy.NONE);
    }

    @Test
    void sampledOutRejectShouldBeQuarantined() {
        DmarcVerdict verdict = evaluate("alice@pct0reject.test", "bounce@provider.test", NO_SIGNATURES, () -> 0);

        assertThat(verdict.sampledOut()).isTrue();
        assertThat(verdict.disposition()).isEqualTo(DmarcPolicy.QUARANTINE);
        assertThat(verdict.rejectRequested()).isFalse();
    }

    @Test
    void sampleBelowPctShouldApplyThePolicy() {
        DmarcVerdict verdict = evaluate("alice@pct50.test", "bounce@provider.test", NO_SIGNATURES, () -> 49);

        assertThat(verdict.sampledOut()).isFalse();
        assertThat(verdict.disposition()).isEqualTo(DmarcPolicy.REJECT);
        assertThat(verdict.rejectRequested()).isTrue();
    }

    @Test
    void sampleAtPctShouldBeSampledOut() {
        DmarcVerdict verdict = evaluate("alice@pct50.test", "bounce@provider.test", NO_SIGNATURES, () -> 50);

        assertThat(verdict.sampledOut()).isTrue();
        assertThat(verdict.disposition()).isEqualTo(DmarcPolicy.QUARANTINE);
    }

    @Test
    void passingMessageShouldNotBeSampled() {
        AtomicInteger samples = new AtomicInteger();

        DmarcVerdict verdict = evaluate("alice@pct50.test", "bounce@provider.test",
            message -> List.of(dkim(AuthStatus.PASS, "pct50.test")), samples::incrementAndGet);

        assertThat(verdict.status()).isEqualTo(AuthStatus.PASS);
        assertThat(samples).hasValue(0);
    }

    @Test
    void domainWithoutRecordShouldBeNone() {
        DmarcVerdict verdict = evaluate("alice@nodmarc.test", "bounce@nodmarc.test", NO_SIGNATURES);

        assertThat(verdict.status()).isEqualTo(AuthStatus.NONE);
        assertThat(verdict.headerFrom()).contains("nodmarc.test");
        assertThat(verdict.requestedPolicy()).isEmpty();
        assertThat(verdict.reason()).contains("no DMARC record at _dmarc.nodmarc.test");
    }

    @Test
    void subdomainWithoutRecordAnywhereShouldNameBothLookups() {
        DmarcVerdict verdict = evaluate("alice@a.nodmarc.test", "bounce@nodmarc.test", NO_SIGNATURES);

        assertThat(verdict.status()).isEqualTo(AuthStatus.NONE);
        assertThat(verdict.reason()).contains("no DMARC record at _dmarc.a.nodmarc.test or _dmarc.nodmarc.test");
    }

    @Test
    void twoRecordsShouldMeanNoPolicy() {
        DmarcVerdict verdict = evaluate("alice@tworecords.test", "bounce@provider.test", NO_SIGNATURES);

        assertThat(verdict.status()).isEqualTo(AuthStatus.NONE);
        assertThat(verdict.reason()).contains("2 DMARC records at _dmarc.tworecords.test");
        assertThat(verdict.rejectRequested()).isFalse();
    }

    @Test
    void invalidPolicyWithReportUriShouldBeReadAsNone() {
        DmarcVerdict verdict = evaluate("alice@badp.test", "bounce@provider.test", NO_SIGNATURES);

        assertThat(verdict.status()).isEqualTo(AuthStatus.FAIL);
        assertThat(verdict.requestedPolicy()).contains(DmarcPolicy.NONE);
        assertThat(verdict.record().orElseThrow().invalidPolicyReadAsNone()).isTrue();
        assertThat(verdict.rejectRequested()).isFalse();
    }

    @Test
    void invalidPolicyWithoutReportUriShouldBeNone() {
        DmarcVerdict verdict = evaluate("alice@badpnorua.test", "bounce@provider.test", NO_SIGNATURES);

        assertThat(verdict.status()).isEqualTo(AuthStatus.NONE);
        assertThat(verdict.reason()).contains("the DMARC record at _dmarc.badpnorua.test has no valid policy and no valid rua");
    }

    @Test
    void fromWithTwoAddressesShouldNotPassEvenWhenOneAligns() {
        DmarcVerdict verdict = evaluate("alice@aligned.test, boss@provider.test", "bounce@aligned.test", NO_SIGNATURES);

        assertThat(verdict.status()).isEqualTo(AuthStatus.PERMERROR);
        assertThat(verdict.authorProblem()).contains(AuthorProblem.SEVERAL_AUTHOR_DOMAINS);
        assertThat(verdict.headerFrom()).isEmpty();
        assertThat(verdict.reason()).contains("the From field names 2 mailboxes in 2 domains");
        assertThat(verdict.rejectRequested()).isFalse();
    }

    @Test
    void twoFromFieldsShouldBePermerror() {
        byte[] message = "From: alice@aligned.test\r\nFrom: boss@provider.test\r\n\r\nbody\r\n".getBytes(StandardCharsets.UTF_8);
        SpfVerdict spfPass = spf.check(CLIENT, "client.test", Optional.of("bounce@aligned.test"));

        DmarcVerdict verdict = new DmarcEvaluation(dns, NEVER_SAMPLED).evaluate(message, spfPass, List.of());

        assertThat(verdict.status()).isEqualTo(AuthStatus.PERMERROR);
        assertThat(verdict.authorProblem()).contains(AuthorProblem.SEVERAL_FROM_FIELDS);
    }

    @Test
    void messageWithoutFromShouldBeNone() {
        byte[] message = "To: someone@forwarded.test\r\n\r\nbody\r\n".getBytes(StandardCharsets.UTF_8);
        SpfVerdict spfPass = spf.check(CLIENT, "client.test", Optional.of("bounce@aligned.test"));

        DmarcVerdict verdict = new DmarcEvaluation(dns, NEVER_SAMPLED).evaluate(message, spfPass, List.of());

        assertThat(verdict.status()).isEqualTo(AuthStatus.NONE);
        assertThat(verdict.authorProblem()).contains(AuthorProblem.NO_FROM_FIELD);
    }

    @Test
    void tenKilobyteRecordShouldStillBeRead() {
        DmarcVerdict verdict = evaluate("alice@big.test", "bounce@provider.test", NO_SIGNATURES);

        assertThat(verdict.status()).isEqualTo(AuthStatus.FAIL);
        assertThat(verdict.requestedPolicy()).contains(DmarcPolicy.REJECT);
    }

    @Test
    void nonUtf8RecordShouldKeepItsValidTags() {
        DmarcVerdict verdict = evaluate("alice@binary.test", "bounce@provider.test", NO_SIGNATURES);

        assertThat(verdict.status()).isEqualTo(AuthStatus.FAIL);
        assertThat(verdict.requestedPolicy()).contains(DmarcPolicy.REJECT);
        assertThat(verdict.record().orElseThrow().spfAlignment()).isEqualTo(AlignmentMode.RELAXED);
    }

    @Test
    void unansweredLookupShouldBeTemperror() throws Exception {
        int closedPort;
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        DnsJavaLookup silent = new DnsJavaLookup(new InetSocketAddress(InetAddress.getLoopbackAddress(), closedPort),
            Duration.ofMillis(300));
        SpfVerdict spfPass = new SpfVerdict(AuthStatus.PASS, SpfIdentity.MAILFROM, "aligned.test", Optional.empty(), Optional.empty());

        DmarcVerdict verdict = new DmarcEvaluation(silent, NEVER_SAMPLED).evaluate(message("alice@aligned.test"), spfPass, List.of());

        assertThat(verdict.status()).isEqualTo(AuthStatus.TEMPERROR);
        assertThat(verdict.headerFrom()).contains("aligned.test");
        assertThat(verdict.reason().orElseThrow()).startsWith("DMARC record lookup failed");
    }

    @Test
    void dkimTemperrorForTheAlignedDomainShouldBeTemperrorNotARejection() {
        SpfVerdict spfFail = new SpfVerdict(AuthStatus.FAIL, SpfIdentity.MAILFROM, "elsewhere.test", Optional.empty(), Optional.empty());
        DkimVerdict keyTimedOut = new DkimVerdict(AuthStatus.TEMPERROR, "dkim.test", "s1", "rsa-sha256",
            Optional.of("key lookup failed"));

        DmarcVerdict verdict = new DmarcEvaluation(dns, NEVER_SAMPLED).evaluate(message("a@dkim.test"), spfFail, List.of(keyTimedOut));

        assertThat(verdict.status()).isEqualTo(AuthStatus.TEMPERROR);
        assertThat(verdict.requestedPolicy()).contains(DmarcPolicy.REJECT);
        assertThat(verdict.rejectRequested()).isFalse();
        assertThat(verdict.reason()).contains("DKIM of aligned dkim.test is temperror");
    }

    @Test
    void spfTemperrorForTheAlignedDomainShouldBeTemperrorNotARejection() {
        SpfVerdict spfTimedOut = new SpfVerdict(AuthStatus.TEMPERROR, SpfIdentity.MAILFROM, "mail.relaxed.test",
            Optional.empty(), Optional.of("TXT mail.relaxed.test.: no answer"));

        DmarcVerdict verdict = new DmarcEvaluation(dns, NEVER_SAMPLED).evaluate(message("a@relaxed.test"), spfTimedOut, List.of());

        assertThat(verdict.status()).isEqualTo(AuthStatus.TEMPERROR);
        assertThat(verdict.rejectRequested()).isFalse();
    }

    @Test
    void temperrorOfAnUnalignedDomainShouldNotSaveAFailingMessage() {
        SpfVerdict spfFail = new SpfVerdict(AuthStatus.FAIL, SpfIdentity.MAILFROM, "dkim.test", Optional.empty(), Optional.empty());
        DkimVerdict unrelated = new DkimVerdict(AuthStatus.TEMPERROR, "slow-dns.example", "s1", "rsa-sha256",
            Optional.of("key lookup failed"));

        DmarcVerdict verdict = new DmarcEvaluation(dns, NEVER_SAMPLED).evaluate(message("a@dkim.test"), spfFail, List.of(unrelated));

        assertThat(verdict.status()).isEqualTo(AuthStatus.FAIL);
        assertThat(verdict.rejectRequested()).isTrue();
    }

    @Test
    void servfailAtTheOrganizationalDomainShouldBeTemperror() {
        FakeDnsLookup fake = new FakeDnsLookup().failing("_dmarc.example.com");
        SpfVerdict spfNone = new SpfVerdict(AuthStatus.NONE, SpfIdentity.MAILFROM, "example.com", Optional.empty(), Optional.empty());

        DmarcVerdict verdict = new DmarcEvaluation(fake, NEVER_SAMPLED).evaluate(message("a@news.example.com"), spfNone, List.of());

        assertThat(verdict.status()).isEqualTo(AuthStatus.TEMPERROR);
        assertThat(fake.queries()).containsExactly("TXT _dmarc.news.example.com", "TXT _dmarc.example.com");
    }

    @Test
    void recordAtTheFromDomainShouldStopDiscovery() {
        FakeDnsLookup fake = new FakeDnsLookup().txt("_dmarc.news.example.com", "v=DMARC1; p=quarantine");
        SpfVerdict spfNone = new SpfVerdict(AuthStatus.NONE, SpfIdentity.MAILFROM, "example.com", Optional.empty(), Optional.empty());

        DmarcVerdict verdict = new DmarcEvaluation(fake, NEVER_SAMPLED).evaluate(message("a@news.example.com"), spfNone, List.of());

        assertThat(verdict.requestedPolicy()).contains(DmarcPolicy.QUARANTINE);
        assertThat(fake.queries()).containsExactly("TXT _dmarc.news.example.com");
    }

    @Test
    void brokenDnsPortShouldBeTemperrorNotAnException() {
        DnsLookup broken = new DnsLookup() {
            @Override
            public List<String> txt(String name) {
                throw new IllegalStateException("bug in the resolver");
            }

            @Override
            public List<MxRecord> mx(String name) throws DnsLookupException {
                throw new DnsLookupException("unused");
            }

            @Override
            public List<java.net.Inet4Address> a(String name) throws DnsLookupException {
                throw new DnsLookupException("unused");
            }

            @Override
            public List<java.net.Inet6Address> aaaa(String name) throws DnsLookupException {
                throw new DnsLookupException("unused");
            }
        };
        SpfVerdict spfPass = new SpfVerdict(AuthStatus.PASS, SpfIdentity.MAILFROM, "example.com", Optional.empty(), Optional.empty());

        DmarcVerdict verdict = new DmarcEvaluation(broken, NEVER_SAMPLED).evaluate(message("a@example.com"), spfPass, List.of());

        assertThat(verdict.status()).isEqualTo(AuthStatus.TEMPERROR);
    }
}
