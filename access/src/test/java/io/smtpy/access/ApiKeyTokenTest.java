package io.smtpy.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

import org.junit.jupiter.api.Test;

class ApiKeyTokenTest {
    private static final AccessId KEY_ID = AccessId.of("key_k3j9x2");
    private static final String SECRET = "0123456789abcdef".repeat(4);

    private static String secretOf(ApiKeyToken token) {
        String revealed = token.reveal();
        return revealed.substring(revealed.lastIndexOf('_') + 1);
    }

    private static String sha256Hex(String text) throws NoSuchAlgorithmException {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        return String.format("%064x", new BigInteger(1, digest));
    }

    @Test
    void aNewKeyShouldReadBackAsTheSameKey() {
        ApiKeyToken issued = ApiKeyToken.newKey(KEY_ID);

        ApiKeyToken read = ApiKeyToken.read(issued.reveal()).orElseThrow();

        assertThat(read.isSession()).isFalse();
        assertThat(read.id()).isEqualTo(KEY_ID);
        assertThat(read.secretHash()).isEqualTo(issued.secretHash());
    }

    @Test
    void aNewSessionShouldReadBackAsTheSameSession() {
        ApiKeyToken issued = ApiKeyToken.newSession(AccessId.of("ses_abc123"));

        ApiKeyToken read = ApiKeyToken.read(issued.reveal()).orElseThrow();

        assertThat(read.isSession()).isTrue();
        assertThat(read.id()).isEqualTo(AccessId.of("ses_abc123"));
        assertThat(read.secretHash()).isEqualTo(issued.secretHash());
    }

    @Test
    void revealedKeysShouldCarryTheirPrefixIdAndA256BitHexSecret() {
        assertThat(ApiKeyToken.newKey(KEY_ID).reveal()).matches("smtpy_key_k3j9x2_[0-9a-f]{64}");
        assertThat(ApiKeyToken.newSession(KEY_ID).reveal()).matches("smtpys_key_k3j9x2_[0-9a-f]{64}");
    }

    @Test
    void twoNewKeysShouldHaveDifferentSecrets() {
        assertThat(ApiKeyToken.newKey(KEY_ID).secretHash()).isNotEqualTo(ApiKeyToken.newKey(KEY_ID).secretHash());
    }

    @Test
    void readShouldRefuseAnUnknownPrefix() {
        assertThat(ApiKeyToken.read("sk_live_key_k3j9x2_" + SECRET)).isEmpty();
        assertThat(ApiKeyToken.read("SMTPY_key_k3j9x2_" + SECRET)).isEmpty();
        assertThat(ApiKeyToken.read("key_k3j9x2_" + SECRET)).isEmpty();
    }

    @Test
    void readShouldRefuseAShortSecret() {
        assertThat(ApiKeyToken.read("smtpy_key_k3j9x2_" + SECRET.substring(1))).isEmpty();
    }

    @Test
    void readShouldRefuseALongSecret() {
        assertThat(ApiKeyToken.read("smtpy_key_k3j9x2_" + SECRET + "0")).isEmpty();
    }

    @Test
    void readShouldRefuseABadId() {
        assertThat(ApiKeyToken.read("smtpy_KEY_K3J9X2_" + SECRET)).isEmpty();
        assertThat(ApiKeyToken.read("smtpy_k3j9x2_" + SECRET)).isEmpty();
        assertThat(ApiKeyToken.read("smtpy__" + SECRET)).isEmpty();
        assertThat(ApiKeyToken.read("smtpy_" + SECRET)).isEmpty();
    }

    @Test
    void readShouldRefuseAnEmptyToken() {
        assertThat(ApiKeyToken.read("")).isEmpty();
    }

    @Test
    void secretHashShouldBeTheSha256HexOfTheSecret() throws NoSuchAlgorithmException {
        ApiKeyToken token = ApiKeyToken.read("smtpy_key_k3j9x2_" + SECRET).orElseThrow();

        assertThat(token.secretHash()).isEqualTo(sha256Hex(SECRET));
    }

    @Test
    void secretHashOfANewKeyShouldBeTheSha256HexOfItsRevealedSecret() throws NoSuchAlgorithmException {
        ApiKeyToken token = ApiKeyToken.newKey(KEY_ID);

        assertThat(token.secretHash()).isEqualTo(sha256Hex(secretOf(token)));
    }

    @Test
    void toStringShouldNeverShowTheSecret() {
        ApiKeyToken key = ApiKeyToken.newKey(KEY_ID);
        ApiKeyToken session = ApiKeyToken.newSession(KEY_ID);

        assertThat(key.toString()).doesNotContain(secretOf(key)).startsWith("smtpy_key_k3j9x2");
        assertThat(session.toString()).doesNotContain(secretOf(session)).startsWith("smtpys_key_k3j9x2");
    }

    @Test
    void sameHashShouldCompareHashes() {
        assertThat(ApiKeyToken.sameHash(ApiKeyToken.sha256("a"), ApiKeyToken.sha256("a"))).isTrue();
        assertThat(ApiKeyToken.sameHash(ApiKeyToken.sha256("a"), ApiKeyToken.sha256("b"))).isFalse();
    }
}
