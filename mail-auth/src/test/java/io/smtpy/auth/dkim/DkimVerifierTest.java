package io.smtpy.auth.dkim;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.smtpy.auth.AuthStatus;
import io.smtpy.auth.DkimVerdict;
import io.smtpy.core.dkim.DkimKeyPair;
import io.smtpy.core.dns.FakeDnsLookup;

/**
 * {@link DkimVerifier} on signatures made by an independent signer, Debian's python3-dkim, and on the ways they
 * break. Keys come from {@link FakeDnsLookup}; {@code DkimVerifierDnsmasqTest} goes through real DNS.
 */
class DkimVerifierTest {
    private static final String DOMAIN = "example.test";
    private static final String RSA_SELECTOR = "py-rsa";
    private static final String ED25519_SELECTOR = "py-ed";
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private static byte[] pythonSignedRsa;

    @BeforeAll
    static void signOnce() {
        pythonSignedRsa = pythonSigned(TestMessages.plain(), "rsa-sha256", "relaxed/relaxed");
    }

    private static FakeDnsLookup dns() {
        return new FakeDnsLookup()
            .txt(TestKeys.recordName(RSA_SELECTOR, DOMAIN), TestKeys.record(TestKeys.RSA))
            .txt(TestKeys.recordName(ED25519_SELECTOR, DOMAIN), TestKeys.record(TestKeys.ED25519));
    }

    private static List<DkimVerdict> verify(byte[] message) {
        return new DkimVerifier(dns(), CLOCK).verify(message);
    }

    private static byte[] pythonSigned(byte[] message, String algorithm, String canonicalization, String... options) {
        DkimKeyPair pair = algorithm.startsWith("ed25519") ? TestKeys.ED25519 : TestKeys.RSA;
        String selector = algorithm.startsWith("ed25519") ? ED25519_SELECTOR : RSA_SELECTOR;
        return TestMessages.prepend(PythonDkim.sign(message, algorithm, canonicalization, selector, DOMAIN,
            TestKeys.pythonPrivateKey(pair), options), message);
    }

    static Stream<Arguments> pythonSignatures() {
        return Stream.of("rsa-sha256", "ed25519-sha256").flatMap(algorithm -> Stream.of("relaxed/relaxed",
            "relaxed/simple", "simple/simple", "simple/relaxed").map(canonicalization -> Arguments.of(algorithm,
            canonicalization)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("pythonSignatures")
    void signatureMadeByPythonDkimShouldPass(String algorithm, String canonicalization) {
        byte[] signed = pythonSigned(TestMessages.multipart(), algorithm, canonicalization);

        String selector = algorithm.startsWith("ed25519") ? ED25519_SELECTOR : RSA_SELECTOR;
        assertThat(verify(signed)).containsExactly(
            new DkimVerdict(AuthStatus.PASS, DOMAIN, selector, algorithm, Optional.empty()));
    }

    @Test
    void pythonSignatureOfAnEmptyBodyShouldPass() {
        assertThat(verify(pythonSigned(TestMessages.emptyBody(), "rsa-sha256", "relaxed/relaxed")))
            .extracting(DkimVerdict::status).containsExactly(AuthStatus.PASS);
        assertThat(verify(pythonSigned(TestMessages.emptyBody(), "ed25519-sha256", "simple/simple")))
            .extracting(DkimVerdict::status).containsExactly(AuthStatus.PASS);
    }

    @Test
    void tamperedBodyShouldFailOnTheBodyHash() {
        byte[] tampered = TestMessages.replaceFirst(pythonSignedRsa, "noon", "midnight");

        assertThat(verify(tampered)).singleElement().satisfies(verdict -> {
            assertThat(verdict.status()).isEqualTo(AuthStatus.FAIL);
            assertThat(verdict.reason()).contains("body hash mismatch");
        });
    }

    @Test
    void tamperedSubjectShouldFailTheSignature() {
        byte[] tampered = TestMessages.replaceFirst(pythonSignedRsa, "Subject: Lunch", "Subject: Dinner");

        assertThat(verify(tampered)).singleElement().satisfies(verdict -> {
            assertThat(verdict.status()).isEqualTo(AuthStatus.FAIL);
            assertThat(verdict.reason()).contains("signature did not verify");
        });
    }

    @Test
    void whitespaceChangesShouldNotBreakARelaxedSignature() {
        byte[] refolded = TestMessages.replaceFirst(pythonSignedRsa, "Subject: Lunch", "Subject:   Lunch  ");
        byte[] respaced = TestMessages.replaceFirst(refolded, "Shall we", "Shall \t we");

        assertThat(verify(respaced)).extracting(DkimVerdict::status).containsExactly(AuthStatus.PASS);
    }

    @Test
    void revokedKeyShouldFail() {
        FakeDnsLookup dns = new FakeDnsLookup().txt(TestKeys.recordName(RSA_SELECTOR, DOMAIN), "v=DKIM1; k=rsa; p=");

        assertThat(new DkimVerifier(dns, CLOCK).verify(pythonSignedRsa)).containsExactly(
            new DkimVerdict(AuthStatus.FAIL, DOMAIN, RSA_SELECTOR, "rsa-sha256", Optional.of("key revoked")));
    }

    @Test
    void missingKeyShouldBeAPermanentError() {
        List<DkimVerdict> verdicts = new DkimVerifier(new FakeDnsLookup(), CLOCK).verify(pythonSignedRsa);

        assertThat(verdicts).singleElement().satisfies(verdict -> {
            assertThat(verdict.status()).isEqualTo(AuthStatus.PERMERROR);
            assertThat(verdict.reason()).hasValueSatisfying(reason -> assertThat(reason).startsWith("no key for signature"));
        });
    }

    @Test
    void dnsFailureShouldBeATemporaryError() {
        FakeDnsLookup dns = new FakeDnsLookup().failing(TestKeys.recordName(RSA_SELECTOR, DOMAIN));

        assertThat(new DkimVerifier(dns, CLOCK).verify(pythonSignedRsa)).singleElement()
            .extracting(DkimVerdict::status).isEqualTo(AuthStatus.TEMPERROR);
    }

    @Test
    void keyOfAnotherTypeShouldBeAPermanentError() {
        FakeDnsLookup dns = new FakeDnsLookup()
            .txt(TestKeys.recordName(RSA_SELECTOR, DOMAIN), TestKeys.record(TestKeys.ED25519));

        assertThat(new DkimVerifier(dns, CLOCK).verify(pythonSignedRsa)).singleElement().satisfies(verdict -> {
            assertThat(verdict.status()).isEqualTo(AuthStatus.PERMERROR);
            assertThat(verdict.reason()).hasValueSatisfying(reason -> assertThat(reason).contains("does not match"));
        });
    }

    @Test
    void keyRestrictedToSha1ShouldBeAPermanentError() {
        FakeDnsLookup dns = new FakeDnsLookup()
            .txt(TestKeys.recordName(RSA_SELECTOR, DOMAIN), TestKeys.record(TestKeys.RSA).replace("k=rsa;", "k=rsa; h=sha1;"));

        assertThat(new DkimVerifier(dns, CLOCK).verify(pythonSignedRsa)).singleElement().satisfies(verdict -> {
            assertThat(verdict.status()).isEqualTo(AuthStatus.PERMERROR);
            assertThat(verdict.reason()).hasValueSatisfying(reason -> assertThat(reason).contains("sha256"));
        });
    }

    @Test
    void keyAllowingSha256AmongOthersShouldPass() {
        FakeDnsLookup dns = new FakeDnsLookup().txt(TestKeys.recordName(RSA_SELECTOR, DOMAIN),
            TestKeys.record(TestKeys.RSA).replace("k=rsa;", "k=rsa; h=sha1:sha256; t=y; s=email;"));

        assertThat(new DkimVerifier(dns, CLOCK).verify(pythonSignedRsa)).extracting(DkimVerdict::status)
            .containsExactly(AuthStatus.PASS);
    }

    @Test
    void rsaSha1SignatureShouldBeRefusedAsRfc8301Requires() {
        byte[] signed = pythonSigned(TestMessages.plain(), "rsa-sha1", "relaxed/relaxed");

        assertThat(verify(signed)).singleElement().satisfies(verdict -> {
            assertThat(verdict.status()).isEqualTo(AuthStatus.PERMERROR);
            assertThat(verdict.algorithm()).isEqualTo("rsa-sha1");
            assertThat(verdict.reason()).hasValueSatisfying(reason -> assertThat(reason).contains("RFC 8301"));
        });
    }

    @Test
    void bodyLengthLimitShouldLetContentBeAppended() {
        byte[] signed = pythonSigned(TestMessages.plain(), "rsa-sha256", "relaxed/relaxed", "--length");
        byte[] appended = TestMessages.replaceFirst(signed, "Alice\r\n",
            "Alice\r\n--\r\nList footer added by a mailing list\r\n");

        assertThat(verify(appended)).extracting(DkimVerdict::status).containsExactly(AuthStatus.PASS);
    }

    @Test
    void bodyLengthLimitLongerThanTheBodyShouldBeAPermanentError() {
        byte[] signed = pythonSigned(TestMessages.plain(), "rsa-sha256", "relaxed/relaxed", "--length");
        byte[] shortened = TestMessages.replaceFirst(signed, "Shall we meet at noon?\r\n", "");

        assertThat(verify(shortened)).singleElement().satisfies(verdict -> {
            assertThat(verdict.status()).isEqualTo(AuthStatus.PERMERROR);
            assertThat(verdict.reason()).hasValueSatisfying(reason -> assertThat(reason).contains("l="));
        });
    }

    @Test
    void ownSignaturesShouldPassForBothAlgorithms() {
        byte[] message = TestMessages.multipart();
        List<String> signatures = new DkimSigner(CLOCK).sign(message, List.of(
            TestKeys.signingKey(DOMAIN, RSA_SELECTOR, TestKeys.RSA),
            TestKeys.signingKey(DOMAIN, ED25519_SELECTOR, TestKeys.ED25519)));

        assertThat(verify(TestMessages.prepend(signatures, message))).containsExactly(
            new DkimVerdict(AuthStatus.PASS, DOMAIN, RSA_SELECTOR, "rsa-sha256", Optional.empty()),
            new DkimVerdict(AuthStatus.PASS, DOMAIN, ED25519_SELECTOR, "ed25519-sha256", Optional.empty()));
    }

    @Test
    void expiredSignatureShouldFail() {
        byte[] message = TestMessages.plain();
        String signature = new DkimSigner(CLOCK, Duration.ofHours(1))
            .sign(message, TestKeys.signingKey(DOMAIN, ED25519_SELECTOR, TestKeys.ED25519));
        byte[] signed = TestMessages.prepend(signature, message);

        Clock twoHoursLater = Clock.offset(CLOCK, Duration.ofHours(2));
        assertThat(new DkimVerifier(dns(), twoHoursLater).verify(signed)).singleElement().satisfies(verdict -> {
            assertThat(verdict.status()).isEqualTo(AuthStatus.FAIL);
            assertThat(verdict.reason()).contains("signature expired");
        });
        assertThat(new DkimVerifier(dns(), Clock.offset(CLOCK, Duration.ofMinutes(59))).verify(signed))
            .extracting(DkimVerdict::status).containsExactly(AuthStatus.PASS);
    }

    @Test
    void everySignatureShouldGetAVerdictInHeaderOrder() {
        byte[] bothSigned = pythonSigned(pythonSignedRsa, "ed25519-sha256", "relaxed/relaxed");
        FakeDnsLookup onlyEd25519 = new FakeDnsLookup()
            .txt(TestKeys.recordName(ED25519_SELECTOR, DOMAIN), TestKeys.record(TestKeys.ED25519));

        assertThat(new DkimVerifier(onlyEd25519, CLOCK).verify(bothSigned)).extracting(DkimVerdict::selector,
            DkimVerdict::status).containsExactly(
                Tuple.tuple(ED25519_SELECTOR, AuthStatus.PASS),
                Tuple.tuple(RSA_SELECTOR, AuthStatus.PERMERROR));
    }

    @Test
    void verdictDomainShouldBeLowerCase() {
        byte[] shouting = TestMessages.replaceFirst(pythonSignedRsa, "d=example.test", "d=EXAMPLE.Test");

        assertThat(verify(shouting)).singleElement().satisfies(verdict -> {
            assertThat(verdict.domain()).isEqualTo(DOMAIN);
            assertThat(verdict.status()).isEqualTo(AuthStatus.FAIL);
        });
    }

    @Test
    void messageWithoutSignatureShouldHaveNoVerdict() {
        assertThat(verify(TestMessages.plain())).isEmpty();
    }

    @Test
    void keyQueriesShouldBeSharedBySignaturesOfOneSelector() {
        byte[] twice = pythonSigned(pythonSignedRsa, "rsa-sha256", "simple/simple");
        FakeDnsLookup dns = dns();

        assertThat(new DkimVerifier(dns, CLOCK).verify(twice)).extracting(DkimVerdict::status)
            .containsExactly(AuthStatus.PASS, AuthStatus.PASS);
        assertThat(dns.queries()).containsExactly("TXT " + TestKeys.recordName(RSA_SELECTOR, DOMAIN));
    }
}
