package io.smtpy.core.dkim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;

class PrivateKeyCipherTest {
    private static final byte[] MASTER_KEY = bytes(32, 7);
    private static final byte[] OTHER_MASTER_KEY = bytes(32, 8);
    private static final byte[] PRIVATE_KEY = "a private key, for the test".getBytes(StandardCharsets.US_ASCII);
    private static final String CONTEXT = "v1-rsa-20260101._domainkey.example.com";

    private final PrivateKeyCipher cipher = new PrivateKeyCipher(MASTER_KEY);

    @Test
    void sealedKeyShouldOpenToTheSameBytes() {
        SealedPrivateKey sealed = cipher.seal(PRIVATE_KEY, CONTEXT);

        assertThat(cipher.open(sealed, CONTEXT)).isEqualTo(PRIVATE_KEY);
    }

    @Test
    void sealedKeyShouldNotContainThePlainKey() {
        SealedPrivateKey sealed = cipher.seal(PRIVATE_KEY, CONTEXT);

        assertThat(new String(sealed.toBytes(), StandardCharsets.ISO_8859_1))
            .doesNotContain(new String(PRIVATE_KEY, StandardCharsets.ISO_8859_1));
    }

    @Test
    void twoSealsOfOneKeyShouldUseDifferentNonces() {
        assertThat(cipher.seal(PRIVATE_KEY, CONTEXT).toBytes()).isNotEqualTo(cipher.seal(PRIVATE_KEY, CONTEXT).toBytes());
    }

    @Test
    void storedFormShouldRoundTrip() {
        SealedPrivateKey sealed = cipher.seal(PRIVATE_KEY, CONTEXT);

        SealedPrivateKey reloaded = SealedPrivateKey.fromBytes(sealed.toBytes());

        assertThat(reloaded).isEqualTo(sealed);
        assertThat(cipher.open(reloaded, CONTEXT)).isEqualTo(PRIVATE_KEY);
    }

    @Test
    void anotherMasterKeyShouldNotOpenIt() {
        SealedPrivateKey sealed = cipher.seal(PRIVATE_KEY, CONTEXT);
        PrivateKeyCipher other = new PrivateKeyCipher(OTHER_MASTER_KEY);

        assertThatThrownBy(() -> other.open(sealed, CONTEXT))
            .isInstanceOf(SealedKeyException.class)
            .hasMessageContaining("sealed under master key " + cipher.masterKeyId())
            .hasMessageContaining(other.masterKeyId());
    }

    @Test
    void tamperedCiphertextShouldNotOpen() {
        byte[] stored = cipher.seal(PRIVATE_KEY, CONTEXT).toBytes();
        stored[stored.length - 20] ^= 1;

        assertThatThrownBy(() -> cipher.open(SealedPrivateKey.fromBytes(stored), CONTEXT))
            .isInstanceOf(SealedKeyException.class)
            .hasMessageContaining("altered");
    }

    @Test
    void tamperedNonceShouldNotOpen() {
        byte[] stored = cipher.seal(PRIVATE_KEY, CONTEXT).toBytes();
        stored[6] ^= 1;

        assertThatThrownBy(() -> cipher.open(SealedPrivateKey.fromBytes(stored), CONTEXT))
            .isInstanceOf(SealedKeyException.class);
    }

    @Test
    void keyMovedToAnotherSelectorShouldNotOpen() {
        SealedPrivateKey sealed = cipher.seal(PRIVATE_KEY, CONTEXT);

        assertThatThrownBy(() -> cipher.open(sealed, "v2-rsa-20260101._domainkey.example.com"))
            .isInstanceOf(SealedKeyException.class);
    }

    @Test
    void keyMovedToAnotherDomainShouldNotOpen() {
        SealedPrivateKey sealed = cipher.seal(PRIVATE_KEY, CONTEXT);

        assertThatThrownBy(() -> cipher.open(sealed, "v1-rsa-20260101._domainkey.example.org"))
            .isInstanceOf(SealedKeyException.class);
    }

    @Test
    void fromBase64ShouldAcceptA32ByteKey() {
        PrivateKeyCipher fromText = PrivateKeyCipher.fromBase64(Base64.getEncoder().encodeToString(MASTER_KEY));

        assertThat(fromText.open(cipher.seal(PRIVATE_KEY, CONTEXT), CONTEXT)).isEqualTo(PRIVATE_KEY);
    }

    @Test
    void fromBase64ShouldRefuseAKeyOfAnotherLength() {
        String shortKey = Base64.getEncoder().encodeToString(bytes(16, 1));

        assertThatThrownBy(() -> PrivateKeyCipher.fromBase64(shortKey))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("32 bytes")
            .hasMessageNotContaining(shortKey);
    }

    @Test
    void fromBase64ShouldRefuseWhatIsNotBase64() {
        assertThatThrownBy(() -> PrivateKeyCipher.fromBase64("not base64 at all!"))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("base64")
            .hasMessageNotContaining("not base64 at all!");
    }

    @Test
    void fromBase64ShouldRefuseAMissingKey() {
        assertThatThrownBy(() -> PrivateKeyCipher.fromBase64(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void malformedStoredFormShouldBeRefused() {
        assertThatThrownBy(() -> SealedPrivateKey.fromBytes(new byte[10])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void toStringShouldNotShowSecrets() {
        SealedPrivateKey sealed = cipher.seal(PRIVATE_KEY, CONTEXT);
        String base64MasterKey = Base64.getEncoder().encodeToString(MASTER_KEY);

        assertThat(cipher.toString()).doesNotContain(base64MasterKey).doesNotContain("7, 7");
        assertThat(sealed.toString())
            .doesNotContain(Base64.getEncoder().encodeToString(sealed.toBytes()))
            .doesNotContain(new String(PRIVATE_KEY, StandardCharsets.US_ASCII));
    }

    private static byte[] bytes(int length, int value) {
        byte[] bytes = new byte[length];
        java.util.Arrays.fill(bytes, (byte) value);
        return bytes;
    }
}
