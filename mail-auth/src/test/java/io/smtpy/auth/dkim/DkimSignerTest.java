package io.smtpy.auth.dkim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Signatures made by {@link DkimSigner} checked by an independent verifier, Debian's python3-dkim.
 */
class DkimSignerTest {
    private static final String DOMAIN = "example.test";
    private static final Instant NOW = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final SigningKey RSA_KEY = TestKeys.signingKey(DOMAIN, "rsa2025", TestKeys.RSA);
    private static final SigningKey ED25519_KEY = TestKeys.signingKey(DOMAIN, "ed2025", TestKeys.ED25519);
    private static final Map<String, String> KEY_RECORDS = Map.of(
        TestKeys.recordName("rsa2025", DOMAIN), TestKeys.record(TestKeys.RSA),
        TestKeys.recordName("ed2025", DOMAIN), TestKeys.record(TestKeys.ED25519));

    private final DkimSigner signer = new DkimSigner(CLOCK);

    static Stream<Arguments> messages() {
        return Stream.of(
            Arguments.of("plain", TestMessages.plain()),
            Arguments.of("multipart 8bit with folded headers and trailing blank lines", TestMessages.multipart()),
            Arguments.of("empty body", TestMessages.emptyBody()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("messages")
    void rsaSignatureShouldVerifyWithPythonDkim(String description, byte[] message) {
        byte[] signed = TestMessages.prepend(signer.sign(message, RSA_KEY), message);

        assertThat(PythonDkim.verify(signed, KEY_RECORDS)).containsExactly("pass");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("messages")
    void ed25519SignatureShouldVerifyWithPythonDkim(String description, byte[] message) {
        byte[] signed = TestMessages.prepend(signer.sign(message, ED25519_KEY), message);

        assertThat(PythonDkim.verify(signed, KEY_RECORDS)).containsExactly("pass");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("messages")
    void dualSignatureShouldVerifyWithPythonDkimForBothAlgorithms(String description, byte[] message) {
        List<String> signatures = signer.sign(message, List.of(RSA_KEY, ED25519_KEY));

        assertThat(signatures).hasSize(2);
        assertThat(signatures.get(0)).contains("a=rsa-sha256;");
        assertThat(signatures.get(1)).contains("a=ed25519-sha256;");
        assertThat(PythonDkim.verify(TestMessages.prepend(signatures, message), KEY_RECORDS))
            .containsExactly("pass", "pass");
    }

    @Test
    void signatureShouldBeCheckedByItsOwnKeyOnly() {
        byte[] signed = TestMessages.prepend(signer.sign(TestMessages.plain(), RSA_KEY), TestMessages.plain());
        Map<String, String> otherKey = Map.of(TestKeys.recordName("rsa2025", DOMAIN), TestKeys.record(TestKeys.OTHER_RSA));

        assertThat(PythonDkim.verify(signed, otherKey)).singleElement().asString().startsWith("fail");
    }

    @Test
    void signedFieldsShouldBeThosePresentWithFromOverSigned() throws Exception {
        String signature = signer.sign(TestMessages.multipart(), RSA_KEY);

        assertThat(tags(signature).require("h").replaceAll("\\s", ""))
            .isEqualTo("from:to:to:cc:subject:date:message-id:mime-version:content-type:list-id:list-unsubscribe:"
                + "list-unsubscribe-post:from");
    }

    @Test
    void addingASecondFromShouldBreakTheSignature() {
        byte[] message = TestMessages.plain();
        byte[] signed = TestMessages.prepend(signer.sign(message, RSA_KEY), message);

        byte[] withExtraFrom = TestMessages.replaceFirst(signed, "Subject: Lunch",
            "From: Mallory <mallory@example.test>\r\nSubject: Lunch");

        assertThat(PythonDkim.verify(withExtraFrom, KEY_RECORDS)).singleElement().asString().startsWith("fail");
    }

    @Test
    void signatureShouldUseRelaxedCanonicalizationAndTheClock() throws Exception {
        TagList tags = tags(signer.sign(TestMessages.plain(), RSA_KEY));

        assertThat(tags.require("v")).isEqualTo("1");
        assertThat(tags.require("c")).isEqualTo("relaxed/relaxed");
        assertThat(tags.require("d")).isEqualTo(DOMAIN);
        assertThat(tags.require("s")).isEqualTo("rsa2025");
        assertThat(tags.require("t")).isEqualTo(Long.toString(NOW.getEpochSecond()));
        assertThat(tags.has("x")).isFalse();
    }

    @Test
    void lifetimeShouldSetTheExpiry() throws Exception {
        DkimSigner expiring = new DkimSigner(CLOCK, Duration.ofDays(7));

        TagList tags = tags(expiring.sign(TestMessages.plain(), ED25519_KEY));

        assertThat(tags.require("x")).isEqualTo(Long.toString(NOW.plus(Duration.ofDays(7)).getEpochSecond()));
    }

    @Test
    void expiringSignatureShouldStillVerifyWithPythonDkim() {
        byte[] message = TestMessages.plain();
        String signature = new DkimSigner(CLOCK, Duration.ofDays(7)).sign(message, RSA_KEY);

        assertThat(PythonDkim.verify(TestMessages.prepend(signature, message), KEY_RECORDS)).containsExactly("pass");
    }

    @Test
    void signatureFieldShouldBeFoldedIntoShortLinesEndingWithCrlf() {
        String signature = signer.sign(TestMessages.multipart(), RSA_KEY);

        assertThat(signature).startsWith("DKIM-Signature: v=1;").endsWith("\r\n");
        List<String> lines = List.of(signature.substring(0, signature.length() - 2).split("\r\n", -1));
        assertThat(lines).hasSizeGreaterThan(3)
            .allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(78));
        assertThat(lines.subList(1, lines.size())).allSatisfy(line -> assertThat(line).startsWith("\t"));
    }

    @Test
    void keysOfTwoDomainsShouldBeRefused() {
        SigningKey otherDomain = TestKeys.signingKey("example.org", "rsa2025", TestKeys.RSA);

        assertThatThrownBy(() -> signer.sign(TestMessages.plain(), List.of(RSA_KEY, otherDomain)))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("one signing domain");
    }

    @Test
    void signingWithoutKeyShouldBeRefused() {
        assertThatThrownBy(() -> signer.sign(TestMessages.plain(), List.of()))
            .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void toStringOfAKeyShouldNotShowThePrivateKey() {
        assertThat(RSA_KEY.toString()).contains("rsa-sha256").contains(DOMAIN).contains("hidden");
    }

    private static TagList tags(String signatureField) throws SignatureCheckException {
        return TagList.parse(HeaderField.of(signatureField).value());
    }
}
