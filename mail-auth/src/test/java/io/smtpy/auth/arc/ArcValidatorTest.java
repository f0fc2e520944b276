package io.smtpy.auth.arc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Random;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.smtpy.auth.AuthStatus;
import io.smtpy.auth.dkim.PythonDkim;
import io.smtpy.auth.dkim.RawMessage;
import io.smtpy.auth.dkim.SigningKey;
import io.smtpy.auth.dkim.TestKeys;
import io.smtpy.auth.dkim.TestMessages;
import io.smtpy.core.dns.FakeDnsLookup;

/**
 * {@link ArcValidator} on chains made by an independent sealer, python3-dkim's {@code arc_sign}, and on the ways
 * chains break.
 */
class ArcValidatorTest {
    private static final String FIRST_HOP = "python.test";
    private static final String SECOND_HOP = "relay.test";
    private static final Map<String, String> KEY_RECORDS = Map.of(
        TestKeys.recordName("one", FIRST_HOP), TestKeys.record(TestKeys.RSA),
        TestKeys.recordName("two", SECOND_HOP), TestKeys.record(TestKeys.OTHER_RSA));

    /** One set by python.test. */
    private static byte[] oneHop;
    /** A second set by relay.test on top. */
    private static byte[] twoHops;

    @BeforeAll
    static void sealWithPythonDkim() {
        oneHop = pythonSealed(TestMessages.multipart(), "one", FIRST_HOP, TestKeys.pythonPrivateKey(TestKeys.RSA));
        twoHops = pythonSealed(oneHop, "two", SECOND_HOP, TestKeys.pythonPrivateKey(TestKeys.OTHER_RSA));
        assertThat(PythonDkim.arcVerify(twoHops, KEY_RECORDS).chainValidation()).isEqualTo("pass");
    }

    /** As a hop does it: record the results (an ARC stamp first when a chain is there), then seal. */
    private static byte[] pythonSealed(byte[] message, String selector, String domain, String privateKey) {
        String arc = RawMessage.parse(message).count("ARC-Seal") == 0 ? "arc=none" : "arc=pass";
        byte[] received = TestMessages.prepend("Authentication-Results: mx." + domain + "; " + arc
            + "; spf=pass smtp.mailfrom=alice@example.test\r\n", message);
        return TestMessages.prepend(PythonDkim.arcSign(received, selector, domain, privateKey, "mx." + domain),
            received);
    }

    private static FakeDnsLookup dns() {
        FakeDnsLookup dns = new FakeDnsLookup();
        KEY_RECORDS.forEach(dns::txt);
        return dns;
    }

    private static ArcChainResult validate(byte[] message) {
        return new ArcValidator(dns(), Clock.systemUTC()).validate(message);
    }

    @Test
    void messageWithoutArcShouldBeNone() {
        assertThat(validate(TestMessages.multipart())).isEqualTo(ArcChainResult.none());
    }

    @Test
    void pythonChainOfOneSetShouldPass() {
        assertThat(validate(oneHop)).isEqualTo(ArcChainResult.pass(1));
    }

    @Test
    void pythonChainOfTwoSetsShouldPass() {
        assertThat(validate(twoHops)).isEqualTo(ArcChainResult.pass(2));
    }

    @Test
    void bodyChangedAfterSealingShouldFailAtTheNewestMessageSignature() {
        ArcChainResult result = validate(TestMessages.replaceFirst(twoHops, "Bonjour", "Hello"));

        assertThat(result.status()).isEqualTo(AuthStatus.FAIL);
        assertThat(result.failedInstance()).hasValue(2);
        assertThat(result.reason()).hasValueSatisfying(reason -> assertThat(reason)
            .contains("ARC-Message-Signature i=2").contains("body hash mismatch"));
    }

    @Test
    void sealedFieldChangedShouldFailItsSeal() {
        byte[] tampered = TestMessages.replaceFirst(twoHops, "i=1; mx.python.test", "i=1; mx.evil.test");

        ArcChainResult result = validate(tampered);

        assertThat(result.status()).isEqualTo(AuthStatus.FAIL);
        assertThat(result.failedInstance()).hasValue(2);
        assertThat(result.reason()).hasValueSatisfying(reason -> assertThat(reason).startsWith("ARC-Seal i=2"));
    }

    @Test
    void duplicateInstanceShouldFail() {
        String firstSeal = headerField(oneHop, "ARC-Seal");
        assertThat(firstSeal).startsWith("ARC-Seal: i=1;");

        ArcChainResult result = validate(TestMessages.prepend(firstSeal, oneHop));

        assertThat(result).isEqualTo(ArcChainResult.fail(1, OptionalInt.of(1), "two ARC-Seal fields with i=1"));
    }

    @Test
    void missingInstanceShouldFail() {
        byte[] renumbered = TestMessages.replaceFirst(twoHops, "ARC-Authentication-Results: i=1;",
            "ARC-Authentication-Results: i=3;");

        ArcChainResult result = validate(renumbered);

        assertThat(result.status()).isEqualTo(AuthStatus.FAIL);
        assertThat(result.highestInstance()).isEqualTo(3);
        assertThat(result.reason()).hasValueSatisfying(reason -> assertThat(reason).contains("incomplete"));
    }

    @Test
    void firstSealClaimingPassShouldFail() {
        byte[] lying = TestMessages.replaceFirst(oneHop, "cv=none", "cv=pass");

        assertThat(validate(lying)).isEqualTo(ArcChainResult.fail(1, OptionalInt.of(1),
            "ARC-Seal i=1 has cv=pass where none is required"));
    }

    @Test
    void newestSealReportingFailShouldFailAsDeclaredUpstream() {
        byte[] failed = TestMessages.replaceFirst(twoHops, "cv=pass", "cv=fail");

        ArcChainResult result = validate(failed);

        assertThat(result).isEqualTo(ArcChainResult.failedUpstream(2));
        assertThat(result.failureSealedUpstream()).isTrue();
    }

    @Test
    void dnsFailureShouldBeATemporaryErrorNotAFailure() {
        FakeDnsLookup dns = dns().failing(TestKeys.recordName("one", FIRST_HOP));

        ArcChainResult result = new ArcValidator(dns, Clock.systemUTC()).validate(twoHops);

        assertThat(result.status()).isEqualTo(AuthStatus.TEMPERROR);
        assertThat(result.failedInstance()).hasValue(1);
    }

    @Test
    void revokedSealingKeyShouldFail() {
        FakeDnsLookup dns = new FakeDnsLookup()
            .txt(TestKeys.recordName("one", FIRST_HOP), "v=DKIM1; p=")
            .txt(TestKeys.recordName("two", SECOND_HOP), TestKeys.record(TestKeys.OTHER_RSA));

        ArcChainResult result = new ArcValidator(dns, Clock.systemUTC()).validate(twoHops);

        assertThat(result).isEqualTo(ArcChainResult.fail(2, OptionalInt.of(1), "ARC-Seal i=1: key revoked"));
    }

    @Test
    void moreThanFiftySetsShouldFailWithoutCryptography() {
        StringBuilder fields = new StringBuilder();
        for (int i = 1; i <= 51; i++) {
            fields.append("ARC-Seal: i=").append(i).append("; cv=pass; a=rsa-sha256; d=x.test; s=s; b=AAAA\r\n")
                .append("ARC-Message-Signature: i=").append(i).append("; a=rsa-sha256; d=x.test; s=s; h=from; ")
                .append("bh=AAAA; b=AAAA\r\n")
                .append("ARC-Authentication-Results: i=").append(i).append("; x.test; none\r\n");
        }
        FakeDnsLookup dns = new FakeDnsLookup();

        ArcChainResult result = new ArcValidator(dns).validate(TestMessages.prepend(fields.toString(),
            TestMessages.plain()));

        assertThat(result.status()).isEqualTo(AuthStatus.FAIL);
        assertThat(result.highestInstance()).isEqualTo(50);
        assertThat(dns.queries()).isEmpty();
    }

    @Test
    void instanceBeyondFiftyShouldFail() {
        byte[] renumbered = TestMessages.replaceFirst(oneHop, "ARC-Seal: i=1;", "ARC-Seal: i=51;");

        ArcChainResult result = validate(renumbered);

        assertThat(result.status()).isEqualTo(AuthStatus.FAIL);
        assertThat(result.reason()).hasValueSatisfying(reason -> assertThat(reason).contains("outside 1..50"));
    }

    @Test
    void sealWithHeaderListShouldFail() {
        byte[] withHeaders = TestMessages.replaceFirst(oneHop, "ARC-Seal: i=1;", "ARC-Seal: i=1; h=from;");

        assertThat(validate(withHeaders).reason()).hasValueSatisfying(reason -> assertThat(reason)
            .contains("must not have h="));
    }

    @Test
    void garbageArcFieldsShouldFailWithoutException() {
        Random random = new Random(8617);
        for (int round = 0; round < 300; round++) {
            byte[] mutated = twoHops.clone();
            for (int flips = random.nextInt(10); flips >= 0; flips--) {
                mutated[random.nextInt(2500)] = (byte) random.nextInt(256);
            }
            assertThatCode(() -> validate(mutated)).doesNotThrowAnyException();
        }
        byte[] junk = TestMessages.prepend(List.of("ARC-Seal: ;;;\r\n", "ARC-Message-Signature: i=x\r\n",
            "ARC-Authentication-Results: nothing\r\n"), TestMessages.plain());
        assertThat(validate(junk).status()).isEqualTo(AuthStatus.FAIL);
    }

    @Test
    void validationOfALongChainShouldStayFast() {
        byte[] chain = TestMessages.plain();
        ArcValidator validator = new ArcValidator(dns());
        SigningKey key = TestKeys.signingKey(FIRST_HOP, "one", TestKeys.RSA);
        for (int i = 0; i < 20; i++) {
            ArcChainResult result = validator.validate(chain);
            chain = TestMessages.prepend(new ArcSealer(key, Clock.systemUTC()).seal(chain, result, "mx.python.test",
                "arc=" + result.status().token()), chain);
        }
        long start = System.nanoTime();

        ArcChainResult result = new ArcValidator(dns()).validate(chain);

        assertThat(result).isEqualTo(ArcChainResult.pass(20));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    private static String headerField(byte[] message, String name) {
        String text = TestMessages.text(message);
        int start = text.indexOf(name + ":");
        int end = start;
        do {
            end = text.indexOf("\r\n", end) + 2;
        } while (text.charAt(end) == ' ' || text.charAt(end) == '\t');
        return text.substring(start, end);
    }
}
