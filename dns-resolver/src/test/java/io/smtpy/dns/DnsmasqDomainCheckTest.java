package io.smtpy.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

import io.smtpy.core.dns.CheckStatus;
import io.smtpy.core.dns.DkimRecord;
import io.smtpy.core.dns.DnsCheckReport;
import io.smtpy.core.dns.DnsLookupException;
import io.smtpy.core.dns.DnsRequirements;
import io.smtpy.core.dns.DomainDnsCheck;
import io.smtpy.core.dns.MxRecord;
import io.smtpy.core.dns.RecordCheck;
import io.smtpy.core.dns.RecordKind;
import io.smtpy.core.model.DomainName;
import io.smtpy.dns.testing.Dnsmasq;

/**
 * The onboarding check against a real dnsmasq serving one correct domain and one domain per kind of mistake,
 * through {@link DnsJavaLookup}. Fails (does not skip) when dnsmasq is not installed.
 */
class DnsmasqDomainCheckTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final DnsRequirements REQUIREMENTS = DnsRequirements.builder()
        .mx(10, "mx1.smtpy.test")
        .mx(20, "mx2.smtpy.test")
        .spfInclude("_spf.smtpy.test")
        .dmarcReportAddress("dmarc@smtpy.test")
        .build();
    private static final String DKIM_PREFIX = "v=DKIM1; k=rsa; p=";

    /** One mistake per domain, each on its own domain in the same dnsmasq; the status its check must get. */
    enum Mistake {
        MISSING_MX("nomx.test", RecordKind.MX, CheckStatus.MISSING),
        FOREIGN_MX("foreignmx.test", RecordKind.MX, CheckStatus.WRONG),
        SPF_WITHOUT_INCLUDE("spfnoinclude.test", RecordKind.SPF, CheckStatus.WRONG),
        TWO_SPF_RECORDS("twospf.test", RecordKind.SPF, CheckStatus.WRONG),
        STALE_DKIM_KEY("staledkim.test", RecordKind.DKIM, CheckStatus.WRONG),
        MISSING_DMARC("nodmarc.test", RecordKind.DMARC, CheckStatus.MISSING),
        DMARC_WITHOUT_RUA("dmarcnorua.test", RecordKind.DMARC, CheckStatus.WRONG),
        MISSING_OWNERSHIP_TOKEN("noowner.test", RecordKind.OWNERSHIP, CheckStatus.MISSING);

        private final String domain;
        private final RecordKind kind;
        private final CheckStatus status;

        Mistake(String domain, RecordKind kind, CheckStatus status) {
            this.domain = domain;
            this.kind = kind;
            this.status = status;
        }
    }

    private static final String GOOD = "good.test";

    private static String currentKey;
    private static String staleKey;
    private static Dnsmasq dnsmasq;
    private static DnsJavaLookup lookup;

    @BeforeAll
    static void startDnsmasq() throws Exception {
        currentKey = newRsaPublicKey();
        staleKey = newRsaPublicKey();
        List<String> records = new ArrayList<>(zone(GOOD, null));
        for (Mistake mistake : Mistake.values()) {
            records.addAll(zone(mistake.domain, mistake));
        }
        // A DNS blocklist's answer for 127.0.0.2 (listed) and a host with both address families.
        records.add("--host-record=2.0.0.127.bl." + GOOD + ",127.0.0.2");
        records.add("--host-record=both." + GOOD + ",192.0.2.7,2001:db8::7");
        dnsmasq = Dnsmasq.start(records, "_smtpy-verification." + GOOD);
        lookup = DnsJavaLookup.of("127.0.0.1", dnsmasq.port(), TIMEOUT);
    }

    @AfterAll
    static void stopDnsmasq() {
        if (dnsmasq != null) {
            dnsmasq.close();
        }
    }

    /** dnsmasq options publishing the records of {@code domain}, all correct but for {@code mistake}. */
    private static List<String> zone(String domain, Mistake mistake) {
        List<String> records = new ArrayList<>();
        if (mistake != Mistake.MISSING_MX) {
            records.add("--mx-host=" + domain + ",mx1.smtpy.test,10");
            records.add("--mx-host=" + domain + ",mx2.smtpy.test,20");
        }
        if (mistake == Mistake.FOREIGN_MX) {
            records.add("--mx-host=" + domain + ",mx.oldprovider.test,30");
        }
        records.add("--txt-record=" + domain + ",google-site-verification=unrelated");
        if (mistake == Mistake.SPF_WITHOUT_INCLUDE) {
            records.add("--txt-record=" + domain + ",v=spf1 mx include:_spf.other.test -all");
        } else {
            records.add("--txt-record=" + domain + ",v=spf1 include:_spf.smtpy.test ~all");
        }
        if (mistake == Mistake.TWO_SPF_RECORDS) {
            records.add("--txt-record=" + domain + ",v=spf1 include:_spf.other.test ~all");
        }
        // A 2048-bit key does not fit one 255-byte string: dnsmasq serves each comma-separated part as one
        // character-string of the same record, as a zone file's "..." "..." does.
        String key = mistake == Mistake.STALE_DKIM_KEY ? staleKey : currentKey;
        records.add("--txt-record=" + dkimName(domain) + "," + DKIM_PREFIX + key.substring(0, 200) + "," + key.substring(200));
        if (mistake == Mistake.DMARC_WITHOUT_RUA) {
            records.add("--txt-record=_dmarc." + domain + ",v=DMARC1; p=quarantine");
        } else if (mistake != Mistake.MISSING_DMARC) {
            records.add("--txt-record=_dmarc." + domain + ",v=DMARC1; p=none; rua=mailto:dmarc@smtpy.test");
        }
        if (mistake != Mistake.MISSING_OWNERSHIP_TOKEN) {
            records.add("--txt-record=_smtpy-verification." + domain + ",smtpy-verification=" + token(domain));
        }
        return records;
    }

    private static String dkimName(String domain) {
        return "s1._domainkey." + domain;
    }

    private static String token(String domain) {
        return "token-of-" + domain;
    }

    private static DnsCheckReport check(String domain) {
        DkimRecord dkim = DkimRecord.of(dkimName(domain), DKIM_PREFIX + currentKey);
        return new DomainDnsCheck(lookup, REQUIREMENTS).check(DomainName.of(domain), token(domain), List.of(dkim));
    }

    private static Map<RecordKind, CheckStatus> statuses(DnsCheckReport report) {
        Map<RecordKind, CheckStatus> statuses = new EnumMap<>(RecordKind.class);
        for (RecordCheck check : report.checks()) {
            statuses.put(check.kind(), check.status());
        }
        return statuses;
    }

    private static String newRsaPublicKey() throws NoSuchAlgorithmException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return Base64.getEncoder().encodeToString(generator.generateKeyPair().getPublic().getEncoded());
    }

    @Test
    void correctDomainShouldBeOkEverywhere() {
        DnsCheckReport report = check(GOOD);

        assertThat(report.checks()).hasSize(5)
            .allSatisfy(check -> assertThat(check.status()).as(check.toString()).isEqualTo(CheckStatus.OK));
        assertThat(report.overallOk()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(Mistake.class)
    void eachMistakeShouldBeReportedOnItsRecordOnly(Mistake mistake) {
        DnsCheckReport report = check(mistake.domain);

        Map<RecordKind, CheckStatus> expected = new EnumMap<>(RecordKind.class);
        for (RecordKind kind : RecordKind.values()) {
            expected.put(kind, CheckStatus.OK);
        }
        expected.put(mistake.kind, mistake.status);
        assertThat(statuses(report)).as(report.checks().toString()).isEqualTo(expected);
        assertThat(report.checks()).hasSize(5);
        assertThat(report.overallOk()).isFalse();
    }

    @Test
    void foreignMxShouldBeShownAsFound() {
        RecordCheck mx = check(Mistake.FOREIGN_MX.domain).checks(RecordKind.MX).get(0);

        assertThat(mx.found()).containsExactlyInAnyOrder("10 mx1.smtpy.test", "20 mx2.smtpy.test", "30 mx.oldprovider.test");
        assertThat(mx.hint()).contains("mx.oldprovider.test");
    }

    @Test
    void bothSpfRecordsShouldBeShownAsFound() {
        RecordCheck spf = check(Mistake.TWO_SPF_RECORDS.domain).checks(RecordKind.SPF).get(0);

        assertThat(spf.found()).containsExactlyInAnyOrder("v=spf1 include:_spf.smtpy.test ~all", "v=spf1 include:_spf.other.test ~all");
    }

    @Test
    void staleDkimKeyShouldBeCalledStale() {
        RecordCheck dkim = check(Mistake.STALE_DKIM_KEY.domain).checks(RecordKind.DKIM).get(0);

        assertThat(dkim.hint()).startsWith("Stale key");
        assertThat(dkim.found()).containsExactly(DKIM_PREFIX + staleKey);
    }

    @Test
    void txtStringsOfOneRecordShouldBeJoinedWithoutSpaces() throws DnsLookupException {
        assertThat(lookup.txt(dkimName(GOOD))).containsExactly(DKIM_PREFIX + currentKey);
    }

    @Test
    void everyTxtRecordOfANameShouldBeReturned() throws DnsLookupException {
        assertThat(lookup.txt(GOOD)).containsExactlyInAnyOrder("google-site-verification=unrelated",
            "v=spf1 include:_spf.smtpy.test ~all");
    }

    @Test
    void mxHostsShouldComeWithoutTrailingDot() throws DnsLookupException {
        assertThat(lookup.mx(GOOD)).containsExactlyInAnyOrder(MxRecord.of(10, "mx1.smtpy.test"), MxRecord.of(20, "mx2.smtpy.test"));
    }

    @Test
    void nxdomainShouldGiveAnEmptyList() throws Exception {
        String absent = "absent." + GOOD;
        assertThat(rcodeOf(absent, Type.TXT)).isEqualTo(Rcode.NXDOMAIN);

        assertThat(lookup.txt(absent)).isEmpty();
        assertThat(lookup.mx(absent)).isEmpty();
        assertThat(lookup.a(absent)).isEmpty();
        assertThat(lookup.aaaa(absent)).isEmpty();
    }

    @Test
    void aAndAaaaRecordsShouldComeAsAddressesOfTheirFamily() throws Exception {
        assertThat(lookup.a("both." + GOOD)).containsExactly((Inet4Address) InetAddress.getByName("192.0.2.7"));
        assertThat(lookup.aaaa("both." + GOOD)).containsExactly((Inet6Address) InetAddress.getByName("2001:db8::7"));
        assertThat(lookup.a("2.0.0.127.bl." + GOOD)).containsExactly((Inet4Address) InetAddress.getByName("127.0.0.2"));
        assertThat(lookup.aaaa("2.0.0.127.bl." + GOOD)).isEmpty();
    }

    @Test
    void nameWithoutRecordsOfThatTypeShouldGiveAnEmptyList() throws Exception {
        String txtOnly = "_dmarc." + GOOD;
        assertThat(rcodeOf(txtOnly, Type.MX)).isEqualTo(Rcode.NOERROR);

        assertThat(lookup.mx(txtOnly)).isEmpty();
    }

    @Test
    void refusedQueryShouldBeALookupFailureNotAnEmptyList() throws Exception {
        // Outside the --local domain and without upstream servers, dnsmasq cannot answer.
        String outside = "example.org";
        int rcode = rcodeOf(outside, Type.TXT);
        assertThat(rcode).isNotIn(Rcode.NOERROR, Rcode.NXDOMAIN);

        assertThatThrownBy(() -> lookup.txt(outside))
            .isInstanceOf(DnsLookupException.class)
            .hasMessageContaining(Rcode.string(rcode));
    }

    @Test
    void silentServerShouldFailWithinTheTimeout() throws Exception {
        try (DatagramSocket silent = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            DnsJavaLookup unanswered = DnsJavaLookup.of("127.0.0.1", silent.getLocalPort(), Duration.ofMillis(500));

            long start = System.nanoTime();
            assertThatThrownBy(() -> unanswered.txt(GOOD)).isInstanceOf(DnsLookupException.class)
                .hasMessageContaining("no answer from 127.0.0.1:" + silent.getLocalPort());
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

            assertThat(elapsed).isGreaterThanOrEqualTo(Duration.ofMillis(400)).isLessThan(Duration.ofSeconds(3));
        }
    }

    @Test
    void portWithNothingListeningShouldFailWithinTheTimeout() throws Exception {
        int closedPort;
        try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            closedPort = probe.getLocalPort();
        }
        DnsJavaLookup unanswered = DnsJavaLookup.of("127.0.0.1", closedPort, Duration.ofMillis(500));

        long start = System.nanoTime();
        assertThatThrownBy(() -> unanswered.mx(GOOD)).isInstanceOf(DnsLookupException.class);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void lookupFailureShouldMakeEveryCheckAnError() throws Exception {
        try (DatagramSocket silent = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            DnsJavaLookup unanswered = DnsJavaLookup.of("127.0.0.1", silent.getLocalPort(), Duration.ofMillis(200));

            DnsCheckReport report = new DomainDnsCheck(unanswered, REQUIREMENTS).check(DomainName.of(GOOD), token(GOOD), List.of());

            assertThat(report.checks()).allSatisfy(check -> assertThat(check.status()).isEqualTo(CheckStatus.ERROR));
        }
    }

    @Test
    void closingShouldStopDnsmasqByItsPid() throws Exception {
        Dnsmasq second = Dnsmasq.start(List.of("--txt-record=second.test,here"), "second.test");
        long pid = second.pid();
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).contains(true);

        second.close();

        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    }

    /** Asks dnsmasq directly, to show which rcode the lookup under test is given. */
    private static int rcodeOf(String name, int type) throws Exception {
        SimpleResolver resolver = new SimpleResolver(new InetSocketAddress(InetAddress.getLoopbackAddress(), dnsmasq.port()));
        resolver.setTimeout(TIMEOUT);
        Message response = resolver.send(Message.newQuery(Record.newRecord(Name.fromString(name, Name.root), type, DClass.IN)));
        return response.getRcode();
    }
}
