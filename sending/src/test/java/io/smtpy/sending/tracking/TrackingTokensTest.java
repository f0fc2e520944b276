package io.smtpy.sending.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;

import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.LocalPart;

class TrackingTokensTest {
    static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final TrackingClaim OPEN = TrackingClaim.open(DomainName.of("brand.example"), Optional.of(LocalPart.of("sales")),
        "Mail1733366251234-7f1c", OptionalInt.of(2));

    private final TrackingTokens tokens = new TrackingTokens(SECRET);

    @Test
    void anOpenTokenShouldGiveItsClaimBack() throws Exception {
        String token = tokens.token(OPEN);

        assertThat(token).matches("[A-Za-z0-9_-]+");
        assertThat(tokens.verify(TrackingKind.OPEN, token)).isEqualTo(OPEN);
    }

    @Test
    void aClickTokenShouldCarryTheUrlTheMailHad() throws Exception {
        TrackingClaim click = OPEN.click("https://shop.example/p?id=42&u=é");

        TrackingClaim read = tokens.verify(TrackingKind.CLICK, tokens.token(click));

        assertThat(read.url()).contains("https://shop.example/p?id=42&u=é");
        assertThat(read).isEqualTo(click);
    }

    @Test
    void aClaimWithoutAliasOrRecipientShouldSurvive() throws Exception {
        TrackingClaim bare = TrackingClaim.open(DomainName.of("brand.example"), Optional.empty(), "j", OptionalInt.empty());

        assertThat(tokens.verify(TrackingKind.OPEN, tokens.token(bare))).isEqualTo(bare);
    }

    @Test
    void aTamperedTokenShouldBeRefused() {
        byte[] bytes = Base64.getUrlDecoder().decode(tokens.token(OPEN.click("https://shop.example/")));
        // Point the link elsewhere: the last byte of the URL, just before the 16-byte tag.
        bytes[bytes.length - 17] ^= 1;
        String tampered = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);

        assertThatThrownBy(() -> tokens.verify(TrackingKind.CLICK, tampered))
            .isInstanceOf(InvalidTrackingTokenException.class)
            .hasMessageContaining("not authentic");
    }

    @Test
    void aTokenMadeWithAnotherSecretShouldBeRefused() {
        String foreign = new TrackingTokens("another installation's secret, 32+ bytes".getBytes(StandardCharsets.US_ASCII)).token(OPEN);

        assertThatThrownBy(() -> tokens.verify(TrackingKind.OPEN, foreign)).isInstanceOf(InvalidTrackingTokenException.class);
    }

    @Test
    void aPixelTokenShouldNotServeAsAClickAndTheReverse() {
        String open = tokens.token(OPEN);
        String click = tokens.token(OPEN.click("https://shop.example/"));

        assertThatThrownBy(() -> tokens.verify(TrackingKind.CLICK, open)).isInstanceOf(InvalidTrackingTokenException.class);
        assertThatThrownBy(() -> tokens.verify(TrackingKind.OPEN, click)).isInstanceOf(InvalidTrackingTokenException.class);
    }

    @Test
    void garbageShouldBeRefusedWithoutAnyOtherException() {
        for (String garbage : new String[] {"", "x", "!!!!", "AAAA", "A".repeat(9000), tokens.token(OPEN) + "A", tokens.token(OPEN).substring(5)}) {
            assertThatThrownBy(() -> tokens.verify(TrackingKind.OPEN, garbage)).isInstanceOf(InvalidTrackingTokenException.class);
        }
    }

    @Test
    void aUrlTooLongForATokenShouldBeRefusedWhenMakingIt() {
        assertThatThrownBy(() -> tokens.token(OPEN.click("https://x.example/" + "a".repeat(TrackingTokens.MAX_URL_BYTES))))
            .isInstanceOf(IllegalArgumentException.class);
    }
}
