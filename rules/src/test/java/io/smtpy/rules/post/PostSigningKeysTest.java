package io.smtpy.rules.post;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

import io.smtpy.core.model.DomainName;

class PostSigningKeysTest {
    private static final byte[] SECRET = "an installation secret of 32+ bytes!".getBytes(StandardCharsets.US_ASCII);
    private static final DomainName DOMAIN = DomainName.of("example.com");

    @Test
    void theKeyIsTheHmacOfTheContextAndTheDomainUnderTheSecret() throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET, "HmacSHA256"));
        byte[] expected = mac.doFinal("smtpy rule post v1\0example.com".getBytes(StandardCharsets.US_ASCII));

        assertThat(new PostSigningKeys(SECRET).keyFor(DOMAIN)).isEqualTo(expected);
    }

    @Test
    void eachDomainHasItsOwnKey() {
        PostSigningKeys keys = new PostSigningKeys(SECRET);

        assertThat(keys.keyFor(DOMAIN)).isNotEqualTo(keys.keyFor(DomainName.of("example.org")));
    }

    @Test
    void anotherSecretGivesAnotherKey() {
        byte[] other = SECRET.clone();
        other[0] ^= 1;

        assertThat(new PostSigningKeys(other).keyFor(DOMAIN)).isNotEqualTo(new PostSigningKeys(SECRET).keyFor(DOMAIN));
    }

    @Test
    void theKeyTextIsTheKeyInBase64UrlWithoutPadding() {
        PostSigningKeys keys = new PostSigningKeys(SECRET);

        String text = keys.keyTextFor(DOMAIN);

        assertThat(text).hasSize(43).matches("[A-Za-z0-9_-]+");
        assertThat(Base64.getUrlDecoder().decode(text)).isEqualTo(keys.keyFor(DOMAIN));
    }

    @Test
    void theSecretIsCopiedSoTheCallerCanWipeItsArray() {
        byte[] secret = SECRET.clone();
        PostSigningKeys keys = new PostSigningKeys(secret);
        byte[] before = keys.keyFor(DOMAIN);

        Arrays.fill(secret, (byte) 0);

        assertThat(keys.keyFor(DOMAIN)).isEqualTo(before);
    }

    @Test
    void aShortSecretIsRefused() {
        assertThatThrownBy(() -> new PostSigningKeys(new byte[31]))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("at least 32 bytes");
    }

    @Test
    void toStringShowsNoSecret() {
        assertThat(new PostSigningKeys(SECRET).toString()).doesNotContain("secret of");
    }
}
