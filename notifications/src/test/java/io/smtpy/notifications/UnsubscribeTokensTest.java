package io.smtpy.notifications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;

import io.smtpy.access.AccessId;

class UnsubscribeTokensTest {
    private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final AccessId ANN = AccessId.of("mem_ann42");
    private final UnsubscribeTokens tokens = new UnsubscribeTokens(SECRET);

    @Test
    void aTokenShouldNameTheMemberAndTheType() throws Exception {
        UnsubscribeTokens.Claim claim = tokens.verify(tokens.token(ANN, NotificationType.DESTINATION_FAILING));

        assertThat(claim.member()).isEqualTo(ANN);
        assertThat(claim.type()).isEqualTo(NotificationType.DESTINATION_FAILING);
    }

    @Test
    void aTokenShouldBeBase64UrlSoItFitsAHeaderUnescaped() {
        assertThat(tokens.token(ANN, NotificationType.DIGEST)).matches("[A-Za-z0-9_-]+");
    }

    @Test
    void everyChangedCharacterShouldBeRefused() {
        String token = tokens.token(ANN, NotificationType.DIGEST);
        for (int i = 0; i < token.length(); i++) {
            char replacement = token.charAt(i) == 'A' ? 'B' : 'A';
            String tampered = token.substring(0, i) + replacement + token.substring(i + 1);
            assertThatThrownBy(() -> tokens.verify(tampered)).as("character %d changed", i)
                .isInstanceOf(UnsubscribeTokens.InvalidTokenException.class);
        }
    }

    @Test
    void anotherTypeOrMemberWrittenIntoTheTokenShouldBeRefusedAsForged() {
        byte[] bytes = Base64.getUrlDecoder().decode(tokens.token(ANN, NotificationType.DIGEST));
        bytes[1] = (byte) NotificationType.BOUNCE_RATE.ordinal();
        String otherType = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);

        assertThatThrownBy(() -> tokens.verify(otherType)).isInstanceOf(UnsubscribeTokens.InvalidTokenException.class)
            .hasMessageContaining("not authentic");
    }

    @Test
    void aTokenMadeWithAnotherSecretShouldBeRefused() {
        UnsubscribeTokens other = new UnsubscribeTokens("abcdef0123456789abcdef0123456789".getBytes(StandardCharsets.US_ASCII));

        assertThatThrownBy(() -> tokens.verify(other.token(ANN, NotificationType.DIGEST)))
            .isInstanceOf(UnsubscribeTokens.InvalidTokenException.class);
    }

    @Test
    void garbageShouldBeRefusedWithTheCheckedExceptionOnly() {
        for (String garbage : new String[] {"", "not a token", "AAAA", "=====", "A".repeat(5000), "AQ"}) {
            assertThatThrownBy(() -> tokens.verify(garbage)).isInstanceOf(UnsubscribeTokens.InvalidTokenException.class);
        }
    }

    @Test
    void aShortSecretShouldBeRefused() {
        assertThatThrownBy(() -> new UnsubscribeTokens(new byte[16])).isInstanceOf(IllegalArgumentException.class);
    }
}
