package io.smtpy.auth.dkim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.smtpy.auth.AuthStatus;
import io.smtpy.auth.DkimVerdict;
import io.smtpy.core.dns.FakeDnsLookup;

/**
 * What a sender can put in a message must give clear verdicts, bounded work and no exception.
 */
class HostileMessageTest {
    private static final String DOMAIN = "example.test";
    private static final Clock CLOCK = Clock.systemUTC();

    private static FakeDnsLookup dns() {
        return new FakeDnsLookup().txt(TestKeys.recordName("sel", DOMAIN), TestKeys.record(TestKeys.ED25519));
    }

    private static byte[] signed(byte[] message) {
        return TestMessages.prepend(new DkimSigner(CLOCK).sign(message, TestKeys.signingKey(DOMAIN, "sel",
            TestKeys.ED25519)), message);
    }

    private static DkimVerdict onlyVerdict(String signatureField) {
        List<DkimVerdict> verdicts = new DkimVerifier(dns(), CLOCK)
            .verify(TestMessages.prepend(signatureField + "\r\n", TestMessages.plain()));
        assertThat(verdicts).hasSize(1);
        return verdicts.get(0);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "DKIM-Signature: v=1; a=ed25519-sha256; d=example.test; s=sel; h=from; bh=!!!!; b=AAAA",
        "DKIM-Signature: v=1; a=ed25519-sha256; d=example.test; s=sel; h=from; bh=AAAA; b=@@@@ not base64",
        "DKIM-Signature: v=1; a=ed25519-sha256; d=example.test; s=sel; h=from; bh=AAAA",
        "DKIM-Signature: v=1; a=ed25519-sha256; d=example.test; h=from; bh=AAAA; b=AAAA",
        "DKIM-Signature: a=ed25519-sha256; d=example.test; s=sel; h=from; bh=AAAA; b=AAAA",
        "DKIM-Signature: v=2; a=ed25519-sha256; d=example.test; s=sel; h=from; bh=AAAA; b=AAAA",
        "DKIM-Signature: v=1; a=ed25519-sha256; d=example.test; s=sel; h=subject; bh=AAAA; b=AAAA",
        "DKIM-Signature: v=1; a=ed25519-sha256; d=example.test; s=sel; h=from; bh=AAAA; b=AAAA; i=x@evil.test",
        "DKIM-Signature: v=1; a=ed25519-sha256; d=example.test; s=sel; h=from; bh=AAAA; b=AAAA; c=strict/simple",
        "DKIM-Signature: v=1; a=ed25519-sha256; d=example.test; s=sel; h=from; bh=AAAA; b=AAAA; l=-5",
        "DKIM-Signature: v=1; a=ed25519-sha256; d=example.test; s=sel; h=from; bh=AAAA; b=AAAA; q=https",
        "DKIM-Signature: v=1; a=ed25519-sha256; d=example.test; s=sel; h=from; bh=AAAA; b=AAAA; t=20; x=10",
        "DKIM-Signature: v=1; a=ed25519-sha256; d=example.test; s=sel; h=from; bh=AAAA; b=AAAA; t=99999999999999999",
        "DKIM-Signature: v=1; a=ed25519-sha256; d=exa mple.test; s=sel; h=from; bh=AAAA; b=AAAA",
        "DKIM-Signature: v=1; a=ed25519-sha256; d=example.test; s=../../etc; h=from; bh=AAAA; b=AAAA",
        "DKIM-Signature: v=1; a=hmac-md5; d=example.test; s=sel; h=from; bh=AAAA; b=AAAA",
        "DKIM-Signature: v=1; v=1; a=ed25519-sha256; d=example.test; s=sel; h=from; bh=AAAA; b=AAAA",
        "DKIM-Signature: v=1; a=ed25519-sha256; d=example.test; s=sel; h=from;; bh=AAAA; b=AAAA",
        "DKIM-Signature: v=1; 9a=x; d=example.test; s=sel; h=from; bh=AAAA; b=AAAA",
        "DKIM-Signature: garbage without any tag",
        "DKIM-Signature:",
        "DKIM-Signature: ;;;;====;;;",
    })
    void malformedSignatureShouldBeAPermanentError(String field) {
        DkimVerdict verdict = onlyVerdict(field);

        assertThat(verdict.status()).as(verdict.toString()).isEqualTo(AuthStatus.PERMERROR);
        assertThat(verdict.reason()).isPresent();
    }

    @Test
    void malformedSignatureShouldStillNameItsDomainAndSelector() {
        DkimVerdict verdict = onlyVerdict(
            "DKIM-Signature: v=1; a=ed25519-sha256; d=Example.TEST; s=sel; h=from; bh=AAAA");

        assertThat(verdict).isEqualTo(new DkimVerdict(AuthStatus.PERMERROR, DOMAIN, "sel", "ed25519-sha256",
            Optional.of("missing tag b=")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"v=DKIM1; k=ed25519; p=!!notbase64", "v=DKIM1; k=ed25519; p=AAAA", "v=DKIM2; p=AAAA",
        "v=DKIM1; k=dsa; p=AAAA", "v=DKIM1; k=ed25519", "v=DKIM1; k=ed25519; s=tlsrpt; p=AAAA", "p=a;p=b",
        "v=DKIM1; k=ed25519; p=MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDwIRP/UC3SBsEmGqZ9ZJW3/DkMoGeLnQg1fWn7/zYt"})
    void unusableKeyRecordShouldBeAPermanentError(String record) {
        FakeDnsLookup dns = new FakeDnsLookup().txt(TestKeys.recordName("sel", DOMAIN), record);

        List<DkimVerdict> verdicts = new DkimVerifier(dns, CLOCK).verify(signed(TestMessages.plain()));

        assertThat(verdicts).singleElement().extracting(DkimVerdict::status).isEqualTo(AuthStatus.PERMERROR);
    }

    @Test
    void rsaKeyShorterThan1024BitsShouldBeRefused() throws Exception {
        java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("RSA");
        generator.initialize(768);
        java.security.KeyPair weak = generator.generateKeyPair();
        FakeDnsLookup dns = new FakeDnsLookup().txt(TestKeys.recordName("weak", DOMAIN),
            "v=DKIM1; p=" + java.util.Base64.getEncoder().encodeToString(weak.getPublic().getEncoded()));
        byte[] message = TestMessages.plain();
        String signature = new DkimSigner(CLOCK).sign(message, TestKeys.signingKey(DOMAIN, "weak", TestKeys.RSA));

        List<DkimVerdict> verdicts = new DkimVerifier(dns, CLOCK).verify(TestMessages.prepend(signature, message));

        assertThat(verdicts).singleElement().satisfies(verdict -> {
            assertThat(verdict.status()).isEqualTo(AuthStatus.PERMERROR);
            assertThat(verdict.reason()).hasValueSatisfying(reason -> assertThat(reason).contains("768 bits is too short"));
        });
    }

    @Test
    void firstValidRecordAmongSeveralShouldBeUsed() {
        FakeDnsLookup dns = new FakeDnsLookup()
            .txt(TestKeys.recordName("sel", DOMAIN), "v=spf1 -all")
            .txt(TestKeys.recordName("sel", DOMAIN), TestKeys.record(TestKeys.ED25519));

        assertThat(new DkimVerifier(dns, CLOCK).verify(signed(TestMessages.plain())))
            .extracting(DkimVerdict::status).containsExactly(AuthStatus.PASS);
    }

    @Test
    void thousandsOfSignaturesShouldCostTenVerdictsAndTenQueriesAtMost() {
        StringBuilder fields = new StringBuilder();
        for (int i = 0; i < 5000; i++) {
            fields.append("DKIM-Signature: v=1; a=ed25519-sha256; d=example.test; s=s").append(i)
                .append("; h=from; bh=AAAA; b=AAAA\r\n");
        }
        FakeDnsLookup dns = dns();
        long start = System.nanoTime();

        List<DkimVerdict> verdicts = new DkimVerifier(dns, CLOCK)
            .verify(TestMessages.prepend(fields.toString(), TestMessages.plain()));

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(verdicts).hasSize(DkimVerifier.MAX_SIGNATURES);
        assertThat(dns.queries()).hasSizeLessThanOrEqualTo(DkimVerifier.MAX_SIGNATURES);
    }

    @Test
    void hugeSignatureFieldShouldBeRefusedWithoutParsing() {
        String hugeHeaderList = "from" + ":x".repeat(20_000);

        DkimVerdict verdict = onlyVerdict("DKIM-Signature: v=1; a=ed25519-sha256; d=example.test; s=sel; h="
            + hugeHeaderList + "; bh=AAAA; b=AAAA");

        assertThat(verdict.status()).isEqualTo(AuthStatus.PERMERROR);
        assertThat(verdict.reason()).hasValueSatisfying(reason -> assertThat(reason).contains("longer than"));
    }

    @Test
    void bigMessageShouldBeSignedAndVerifiedInLinearTime() {
        StringBuilder body = new StringBuilder();
        String line = "a line with  many   spaces\t\tand tabs " + " ".repeat(40) + "\r\n";
        while (body.length() < 8_000_000) {
            body.append(line).append("\r\n\r\n\r\n");
        }
        String subject = "Subject: " + "very long subject ".repeat(50_000) + "\r\n";
        byte[] message = ("From: a@example.test\r\n" + subject + "\r\n" + body).getBytes(StandardCharsets.US_ASCII);
        long start = System.nanoTime();

        List<DkimVerdict> verdicts = new DkimVerifier(dns(), CLOCK).verify(signed(message));

        assertThat(verdicts).extracting(DkimVerdict::status).containsExactly(AuthStatus.PASS);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
    }

    @Test
    void hundredThousandHeaderFieldsShouldNotSlowVerificationDown() {
        StringBuilder fields = new StringBuilder();
        for (int i = 0; i < 100_000; i++) {
            fields.append("Received: hop ").append(i).append("\r\n");
        }
        byte[] message = TestMessages.prepend(fields.toString(), TestMessages.plain());
        long start = System.nanoTime();

        List<DkimVerdict> verdicts = new DkimVerifier(dns(), CLOCK).verify(signed(message));

        assertThat(verdicts).extracting(DkimVerdict::status).containsExactly(AuthStatus.PASS);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void randomBytesAndMutationsShouldNeverThrow() {
        Random random = new Random(20250701);
        byte[] signed = signed(TestMessages.multipart());
        DkimVerifier verifier = new DkimVerifier(dns(), CLOCK);
        for (int round = 0; round < 500; round++) {
            byte[] mutated = signed.clone();
            for (int flips = random.nextInt(20); flips >= 0; flips--) {
                mutated[random.nextInt(mutated.length)] = (byte) random.nextInt(256);
            }
            byte[] noise = new byte[random.nextInt(2000)];
            random.nextBytes(noise);

            assertThatCode(() -> verifier.verify(mutated)).doesNotThrowAnyException();
            assertThatCode(() -> verifier.verify(noise)).doesNotThrowAnyException();
        }
    }

    @Test
    void emptyMessageShouldHaveNoVerdict() {
        assertThat(new DkimVerifier(dns(), CLOCK).verify(new byte[0])).isEmpty();
    }
}
