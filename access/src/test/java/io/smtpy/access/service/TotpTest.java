package io.smtpy.access.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class TotpTest {
    /** RFC 6238's SHA-1 seed, the ASCII "12345678901234567890", in base32. */
    private static final String RFC_SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
    private static final Instant NOW = Instant.ofEpochSecond(1_111_111_111);
    private static final Duration STEP = Duration.ofSeconds(30);

    /** RFC 6238 appendix B, SHA-1 rows; the RFC shows 8 digits, smtpy uses the last 6. */
    static Stream<Arguments> rfc6238Vectors() {
        return Stream.of(
            Arguments.of(59L, "94287082"),
            Arguments.of(1_111_111_109L, "07081804"),
            Arguments.of(1_111_111_111L, "14050471"),
            Arguments.of(1_234_567_890L, "89005924"),
            Arguments.of(2_000_000_000L, "69279037"),
            Arguments.of(20_000_000_000L, "65353130"));
    }

    @ParameterizedTest
    @MethodSource("rfc6238Vectors")
    void codeShouldMatchTheRfc6238TestVectors(long epochSecond, String rfcCode) {
        assertThat(Totp.code(RFC_SECRET, Instant.ofEpochSecond(epochSecond))).isEqualTo(rfcCode.substring(2));
    }

    @ParameterizedTest
    @MethodSource("rfc6238Vectors")
    void verifyShouldAcceptTheRfc6238TestVectors(long epochSecond, String rfcCode) {
        assertThat(Totp.verify(RFC_SECRET, rfcCode.substring(2), Instant.ofEpochSecond(epochSecond))).isTrue();
    }

    @Test
    void verifyShouldAcceptTheCodeOfTheCurrentStep() {
        assertThat(Totp.verify(RFC_SECRET, Totp.code(RFC_SECRET, NOW), NOW)).isTrue();
    }

    @Test
    void verifyShouldAcceptTheCodeOfThePreviousStep() {
        assertThat(Totp.verify(RFC_SECRET, Totp.code(RFC_SECRET, NOW.minus(STEP)), NOW)).isTrue();
    }

    @Test
    void verifyShouldAcceptTheCodeOfTheNextStep() {
        assertThat(Totp.verify(RFC_SECRET, Totp.code(RFC_SECRET, NOW.plus(STEP)), NOW)).isTrue();
    }

    @Test
    void verifyShouldRefuseTheCodeOfTwoStepsBefore() {
        String old = Totp.code(RFC_SECRET, NOW.minus(STEP.multipliedBy(2)));

        assertThat(Totp.verify(RFC_SECRET, old, NOW)).isFalse();
    }

    @Test
    void verifyShouldRefuseTheCodeOfTwoStepsAhead() {
        String early = Totp.code(RFC_SECRET, NOW.plus(STEP.multipliedBy(2)));

        assertThat(Totp.verify(RFC_SECRET, early, NOW)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "05047", "0504711", "O5O471", "05047a", "050 471", "+50471", "-50471", "０５０４７１"})
    void verifyShouldRefuseCodesThatAreNotSixDigits(String code) {
        assertThat(Totp.verify(RFC_SECRET, code, NOW)).isFalse();
    }

    @Test
    void verifyShouldRefuseAMissingCode() {
        assertThat(Totp.verify(RFC_SECRET, null, NOW)).isFalse();
    }

    @Test
    void newSecretShouldBeThirtyTwoBase32Characters() {
        assertThat(Totp.newSecret()).hasSize(32).matches("[A-Z2-7]{32}");
    }

    @Test
    void newSecretShouldDifferEachTime() {
        assertThat(Stream.generate(Totp::newSecret).limit(20).distinct()).hasSize(20);
    }

    @Test
    void aNewSecretShouldVerifyItsOwnCodes() {
        String secret = Totp.newSecret();

        assertThat(Totp.verify(secret, Totp.code(secret, NOW), NOW)).isTrue();
    }
}
