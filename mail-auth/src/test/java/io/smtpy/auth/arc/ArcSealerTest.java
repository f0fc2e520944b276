package io.smtpy.auth.arc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.smtpy.auth.AuthStatus;
import io.smtpy.auth.dkim.DkimSigner;
import io.smtpy.auth.dkim.HeaderField;
import io.smtpy.auth.dkim.KeyRecordLookup;
import io.smtpy.auth.dkim.MessageSignature;
import io.smtpy.auth.dkim.PythonDkim;
import io.smtpy.auth.dkim.RawMessage;
import io.smtpy.auth.dkim.SignatureCheckException;
import io.smtpy.auth.dkim.SignatureVerification;
import io.smtpy.auth.dkim.SigningKey;
import io.smtpy.auth.dkim.TagList;
import io.smtpy.auth.dkim.TestKeys;
import io.smtpy.auth.dkim.TestMessages;
import io.smtpy.core.dns.FakeDnsLookup;

/**
 * ARC sets made by {@link ArcSealer} checked by an independent validator, python3-dkim's {@code arc_verify}, and by
 * {@link ArcValidator}. python3-dkim 1.1.4 validates rsa-sha256 seals only, so Ed25519 sealing is checked by
 * {@link ArcValidator} alone.
 */
class ArcSealerTest {
    private static final String AUTHOR = "example.test";
    private static final String FIRST_HOP = "smtpy.test";
    private static final String SECOND_HOP = "forwarder.test";
    private static final Clock CLOCK = Clock.fixed(Instant.now().truncatedTo(ChronoUnit.SECONDS), ZoneOffset.UTC);
    private static final SigningKey FIRST_HOP_KEY = TestKeys.signingKey(FIRST_HOP, "arc", TestKeys.RSA);
    private static final SigningKey SECOND_HOP_KEY = TestKeys.signingKey(SECOND_HOP, "seal", TestKeys.OTHER_RSA);
    private static final Map<String, String> KEY_RECORDS = Map.of(
        TestKeys.recordName("arc", FIRST_HOP), TestKeys.record(TestKeys.RSA),
        TestKeys.recordName("seal", SECOND_HOP), TestKeys.record(TestKeys.OTHER_RSA),
        TestKeys.recordName("ed", FIRST_HOP), TestKeys.record(TestKeys.ED25519),
        TestKeys.recordName("dkim", AUTHOR), TestKeys.record(TestKeys.ED25519));

    private static FakeDnsLookup dns() {
        FakeDnsLookup dns = new FakeDnsLookup();
        KEY_RECORDS.forEach(dns::txt);
        return dns;
    }

    private static ArcChainResult validate(byte[] message) {
        return new ArcValidator(dns(), CLOCK).validate(message);
    }

    /** A message as it reaches the first hop: DKIM-signed by its author. */
    private static byte[] authorSigned() {
        byte[] message = TestMessages.multipart();
        return TestMessages.prepend(new DkimSigner(CLOCK).sign(message, TestKeys.signingKey(AUTHOR, "dkim",
            TestKeys.ED25519)), message);
    }

    private static byte[] sealed(byte[] message, SigningKey key, String authservId) {
        List<String> set = new ArcSealer(key, CLOCK).seal(message, validate(message), authservId,
            "spf=pass smtp.mailfrom=alice@example.test; dkim=pass header.d=example.test header.s=dkim; dmarc=pass");
        assertThat(set).hasSize(3);
        return TestMessages.prepend(set, message);
    }

    @Test
    void firstSetShouldPassPythonArcVerify() {
        byte[] message = sealed(authorSigned(), FIRST_HOP_KEY, "mx.smtpy.test");

        PythonDkim.ArcVerdict verdict = PythonDkim.arcVerify(message, KEY_RECORDS);

        assertThat(verdict.chainValidation()).as(verdict.toString()).isEqualTo("pass");
    }

    @Test
    void secondSetByAnotherDomainShouldPassPythonArcVerify() {
        byte[] once = sealed(authorSigned(), FIRST_HOP_KEY, "mx.smtpy.test");
        assertThat(validate(once)).isEqualTo(ArcChainResult.pass(1));

        byte[] twice = sealed(once, SECOND_HOP_KEY, "mx.forwarder.test");

        PythonDkim.ArcVerdict verdict = PythonDkim.arcVerify(twice, KEY_RECORDS);
        assertThat(verdict.chainValidation()).as(verdict.toString()).isEqualTo("pass");
        assertThat(validate(twice)).isEqualTo(ArcChainResult.pass(2));
    }

    @Test
    void setAfterAPythonSetShouldPassPythonArcVerify() {
        byte[] received = TestMessages.prepend(
            "Authentication-Results: mx.python.test; spf=pass smtp.mailfrom=alice@example.test\r\n", authorSigned());
        byte[] pythonSealed = TestMessages.prepend(PythonDkim.arcSign(received, "seal", SECOND_HOP,
            TestKeys.pythonPrivateKey(TestKeys.OTHER_RSA), "mx.python.test"), received);

        byte[] resealed = sealed(pythonSealed, FIRST_HOP_KEY, "mx.smtpy.test");

        PythonDkim.ArcVerdict verdict = PythonDkim.arcVerify(resealed, KEY_RECORDS);
        assertThat(verdict.chainValidation()).as(verdict.toString()).isEqualTo("pass");
        assertThat(validate(resealed)).isEqualTo(ArcChainResult.pass(2));
    }

    @Test
    void ed25519SealsShouldPassArcValidator() {
        SigningKey ed25519 = TestKeys.signingKey(FIRST_HOP, "ed", TestKeys.ED25519);

        byte[] twice = sealed(sealed(authorSigned(), ed25519, "mx.smtpy.test"), SECOND_HOP_KEY, "mx.forwarder.test");

        assertThat(validate(twice)).isEqualTo(ArcChainResult.pass(2));
        assertThat(TestMessages.text(twice)).contains("a=ed25519-sha256;");
    }

    @Test
    void setShouldBeSealFirstThenMessageSignatureThenResults() {
        byte[] message = authorSigned();

        List<String> set = new ArcSealer(FIRST_HOP_KEY, CLOCK).seal(message, ArcChainResult.none(), "mx.smtpy.test",
            "spf=pass smtp.mailfrom=alice@example.test");

        assertThat(set).extracting(field -> HeaderField.of(field).name())
            .containsExactly("ARC-Seal", "ARC-Message-Signature", "ARC-Authentication-Results");
        assertThat(set.get(2).replace("\r\n ", " ")).isEqualTo(
            "ARC-Authentication-Results: i=1; mx.smtpy.test; spf=pass smtp.mailfrom=alice@example.test\r\n");
        assertThat(set).allSatisfy(field -> assertThat(field).endsWith("\r\n"));
    }

    @Test
    void firstSealShouldSayNoneAndLaterSealsPass() throws Exception {
        byte[] once = sealed(authorSigned(), FIRST_HOP_KEY, "mx.smtpy.test");
        byte[] twice = sealed(once, SECOND_HOP_KEY, "mx.forwarder.test");

        TagList firstSeal = tags(fieldAt(twice, "ARC-Seal", 1));
        TagList secondSeal = tags(fieldAt(twice, "ARC-Seal", 0));
        assertThat(firstSeal.require("i")).isEqualTo("1");
        assertThat(firstSeal.require("cv")).isEqualTo("none");
        assertThat(secondSeal.require("i")).isEqualTo("2");
        assertThat(secondSeal.require("cv")).isEqualTo("pass");
        assertThat(secondSeal.require("d")).isEqualTo(SECOND_HOP);
    }

    @Test
    void messageSignatureShouldSignDkimSignaturesButNoArcFieldNorAuthenticationResults() throws Exception {
        byte[] received = TestMessages.prepend("Authentication-Results: mx.smtpy.test; dkim=pass\r\n",
            sealed(authorSigned(), SECOND_HOP_KEY, "mx.forwarder.test"));

        byte[] resealed = sealed(received, FIRST_HOP_KEY, "mx.smtpy.test");

        TagList messageSignature = tags(fieldAt(resealed, "ARC-Message-Signature", 0));
        assertThat(messageSignature.require("i")).isEqualTo("2");
        assertThat(messageSignature.has("v")).isFalse();
        assertThat(messageSignature.require("c")).isEqualTo("relaxed/relaxed");
        assertThat(TagList.colonSeparated(messageSignature.require("h")))
            .contains("dkim-signature", "from", "subject")
            .noneMatch(name -> name.startsWith("arc-") || name.equals("authentication-results"));
    }

    @Test
    void chainFailingHereShouldBeSealedWithCvFailOverTheNewSetOnly() throws Exception {
        byte[] once = sealed(authorSigned(), FIRST_HOP_KEY, "mx.smtpy.test");
        byte[] modified = TestMessages.replaceFirst(once, "Bonjour", "Hello");
        ArcChainResult incoming = validate(modified);
        assertThat(incoming.status()).isEqualTo(AuthStatus.FAIL);

        List<String> set = new ArcSealer(SECOND_HOP_KEY, CLOCK).seal(modified, incoming, "mx.forwarder.test",
            "arc=fail");
        byte[] resealed = TestMessages.prepend(set, modified);

        assertThat(tags(HeaderField.of(set.get(0))).require("cv")).isEqualTo("fail");
        assertThat(validate(resealed)).isEqualTo(ArcChainResult.failedUpstream(2));
        List<HeaderField> newSet = List.of(HeaderField.of(set.get(2)), HeaderField.of(set.get(1)));
        List<HeaderField> wholeChain = List.of(fieldAt(resealed, "ARC-Authentication-Results", 1),
            fieldAt(resealed, "ARC-Message-Signature", 1), fieldAt(resealed, "ARC-Seal", 1),
            HeaderField.of(set.get(2)), HeaderField.of(set.get(1)));
        assertThat(sealVerifiesOver(set, newSet)).isTrue();
        assertThat(sealVerifiesOver(set, wholeChain)).isFalse();
    }

    @Test
    void chainThatFailedUpstreamShouldGetNoFurtherSet() {
        List<String> set = new ArcSealer(FIRST_HOP_KEY, CLOCK).seal(authorSigned(), ArcChainResult.failedUpstream(2),
            "mx.smtpy.test", "arc=fail");

        assertThat(set).isEmpty();
    }

    @Test
    void fiftySetsShouldGetNoFurtherSet() {
        List<String> set = new ArcSealer(FIRST_HOP_KEY, CLOCK).seal(authorSigned(), ArcChainResult.pass(50),
            "mx.smtpy.test", "arc=pass");

        assertThat(set).isEmpty();
    }

    @Test
    void temporaryErrorShouldGetNoSet() {
        List<String> set = new ArcSealer(FIRST_HOP_KEY, CLOCK).seal(authorSigned(),
            ArcChainResult.temporaryError(1, 1, "DNS timeout"), "mx.smtpy.test", "arc=temperror");

        assertThat(set).isEmpty();
    }

    @Test
    void resultThatDoesNotMatchTheMessageShouldBeRefused() {
        assertThatThrownBy(() -> new ArcSealer(FIRST_HOP_KEY, CLOCK).seal(authorSigned(), ArcChainResult.pass(1),
            "mx.smtpy.test", "arc=pass")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void resultsOnSeveralLinesShouldBeRefused() {
        assertThatThrownBy(() -> new ArcSealer(FIRST_HOP_KEY, CLOCK).seal(authorSigned(), ArcChainResult.none(),
            "mx.smtpy.test", "spf=pass\r\nX-Injected: yes")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void longResultsShouldBeFoldedAndStillPass() {
        byte[] message = authorSigned();
        String results = "spf=pass smtp.mailfrom=alice@example.test; dkim=pass header.d=example.test header.s=dkim "
            + "header.a=ed25519-sha256 header.b=abcdefgh; dmarc=pass (p=reject sp=reject dis=none) "
            + "header.from=example.test; arc=none";
        List<String> set = new ArcSealer(FIRST_HOP_KEY, CLOCK).seal(message, ArcChainResult.none(), "mx.smtpy.test",
            results);

        assertThat(set.get(2).split("\r\n")).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(78));
        assertThat(set.get(2).replace("\r\n ", " ")).isEqualTo("ARC-Authentication-Results: i=1; mx.smtpy.test; "
            + results + "\r\n");
        PythonDkim.ArcVerdict verdict = PythonDkim.arcVerify(TestMessages.prepend(set, message), KEY_RECORDS);
        assertThat(verdict.chainValidation()).as(verdict.toString()).isEqualTo("pass");
    }

    /** Whether the seal of {@code set} verifies over exactly {@code sealed} (its own field added last). */
    private static boolean sealVerifiesOver(List<String> set, List<HeaderField> sealed) throws Exception {
        HeaderField seal = HeaderField.of(set.get(0));
        SignatureVerification verification = new SignatureVerification(RawMessage.parse(new byte[0]),
            new KeyRecordLookup(dns()), CLOCK);
        try {
            verification.checkSeal(MessageSignature.of(seal, tags(seal), MessageSignature.Kind.ARC_SEAL), sealed);
            return true;
        } catch (SignatureCheckException e) {
            return false;
        }
    }

    private static HeaderField fieldAt(byte[] message, String name, int index) {
        return RawMessage.parse(message).fieldsNamed(name).get(index);
    }

    private static TagList tags(HeaderField field) throws SignatureCheckException {
        return TagList.parse(field.value());
    }
}
