package io.smtpy.auth.dkim;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.smtpy.auth.AuthStatus;
import io.smtpy.auth.DkimVerdict;
import io.smtpy.core.dkim.DkimKey;
import io.smtpy.core.dkim.DkimKeyPair;
import io.smtpy.dns.DnsJavaLookup;
import io.smtpy.dns.testing.Dnsmasq;

/**
 * {@link DkimVerifier} with keys served by a real dnsmasq through {@link DnsJavaLookup}: an RSA-2048 record is
 * longer than one 255-byte TXT string and must be joined back. Fails (does not skip) when dnsmasq is missing.
 */
class DkimVerifierDnsmasqTest {
    private static final String DOMAIN = "signer.test";
    private static Dnsmasq dnsmasq;
    private static DnsJavaLookup dns;

    @BeforeAll
    static void startDnsmasq() throws Exception {
        dnsmasq = Dnsmasq.start(List.of(
            txtRecord(TestKeys.recordName("rsa", DOMAIN), TestKeys.RSA),
            txtRecord(TestKeys.recordName("ed", DOMAIN), TestKeys.ED25519),
            "--txt-record=" + TestKeys.recordName("gone", DOMAIN) + "," + DkimKey.REVOKED_TXT_RECORD),
            TestKeys.recordName("ed", DOMAIN));
        dns = new DnsJavaLookup(new InetSocketAddress(InetAddress.getLoopbackAddress(), dnsmasq.port()),
            Duration.ofSeconds(2));
    }

    @AfterAll
    static void stopDnsmasq() {
        if (dnsmasq != null) {
            dnsmasq.close();
        }
    }

    /** dnsmasq serves each comma-separated part as one character-string of the same record. */
    private static String txtRecord(String name, DkimKeyPair pair) {
        return "--txt-record=" + name + "," + String.join(",", DkimKey.txtStrings(TestKeys.record(pair)));
    }

    private static byte[] signed(String selector, DkimKeyPair pair) {
        byte[] message = TestMessages.multipart();
        String signature = new DkimSigner(Clock.systemUTC()).sign(message, TestKeys.signingKey(DOMAIN, selector, pair));
        return TestMessages.prepend(signature, message);
    }

    @Test
    void rsaKeySplitIntoSeveralStringsShouldVerify() {
        assertThat(TestKeys.record(TestKeys.RSA).length()).isGreaterThan(DkimKey.TXT_STRING_MAX_LENGTH);

        assertThat(new DkimVerifier(dns).verify(signed("rsa", TestKeys.RSA))).containsExactly(
            new DkimVerdict(AuthStatus.PASS, DOMAIN, "rsa", "rsa-sha256", Optional.empty()));
    }

    @Test
    void ed25519KeyShouldVerify() {
        assertThat(new DkimVerifier(dns).verify(signed("ed", TestKeys.ED25519))).containsExactly(
            new DkimVerdict(AuthStatus.PASS, DOMAIN, "ed", "ed25519-sha256", Optional.empty()));
    }

    @Test
    void nxdomainSelectorShouldBeAPermanentError() {
        assertThat(new DkimVerifier(dns).verify(signed("absent", TestKeys.RSA))).singleElement()
            .extracting(DkimVerdict::status).isEqualTo(AuthStatus.PERMERROR);
    }

    @Test
    void revokedRecordShouldFail() {
        assertThat(new DkimVerifier(dns).verify(signed("gone", TestKeys.RSA))).singleElement()
            .satisfies(verdict -> assertThat(verdict.reason()).contains("key revoked"))
            .extracting(DkimVerdict::status).isEqualTo(AuthStatus.FAIL);
    }

    @Test
    void domainDnsmasqDoesNotServeShouldBeATemporaryError() {
        byte[] message = TestMessages.plain();
        String signature = new DkimSigner(Clock.systemUTC())
            .sign(message, TestKeys.signingKey("example.org", "rsa", TestKeys.RSA));

        // Outside its --local domain and without upstream, dnsmasq refuses: nothing is known about the key.
        assertThat(new DkimVerifier(dns).verify(TestMessages.prepend(signature, message))).singleElement()
            .extracting(DkimVerdict::status).isEqualTo(AuthStatus.TEMPERROR);
    }
}
