package io.smtpy.core.links;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;

class SignedTokensTest {
    private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private final SignedTokens tokens = new SignedTokens(SECRET, "test v1", 100);

    @Test
    void aSealedClaimShouldOpen() throws Exception {
        assertThat(tokens.open(tokens.seal(new byte[] {1, 2, 3}), 3)).containsExactly(1, 2, 3);
    }

    @Test
    void aChangedByteShouldBeRefusedAsForged() {
        byte[] bytes = Base64.getUrlDecoder().decode(tokens.seal(new byte[] {1, 2, 3}));
        bytes[0] ^= 1;

        assertThatThrownBy(() -> tokens.open(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes), 3))
            .isInstanceOfSatisfying(SignedTokens.RefusedTokenException.class, e -> assertThat(e.forged()).isTrue());
    }

    @Test
    void anotherContextShouldNotOpenIt() {
        String token = new SignedTokens(SECRET, "other v1", 100).seal(new byte[] {1, 2, 3});

        assertThatThrownBy(() -> tokens.open(token, 3)).isInstanceOf(SignedTokens.RefusedTokenException.class);
    }

    @Test
    void nonCanonicalShortOrLongTokensShouldBeRefused() {
        String token = tokens.seal(new byte[] {1, 2, 3});
        for (String bad : new String[] {null, "", token + "=", token.substring(1), "*" + token, "A".repeat(101)}) {
            assertThatThrownBy(() -> tokens.open(bad, 3)).isInstanceOfSatisfying(SignedTokens.RefusedTokenException.class,
                e -> assertThat(e.forged()).isFalse());
        }
        assertThatThrownBy(() -> tokens.open(token, 4)).isInstanceOf(SignedTokens.RefusedTokenException.class);
    }

    @Test
    void aShortSecretShouldBeRefused() {
        assertThatThrownBy(() -> new SignedTokens(new byte[31], "x", 10)).isInstanceOf(IllegalArgumentException.class);
    }
}
