package io.smtpy.rules.links;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.Random;

import org.apache.james.core.MailAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.LocalPart;
import io.smtpy.core.testing.MovableClock;

class BlockLinksTest {
    private static final byte[] SECRET = "an installation secret of 32+ bytes!".getBytes(StandardCharsets.US_ASCII);
    private static final Instant NOW = Instant.parse("2026-12-04T15:00:00Z");
    private static final DomainName DOMAIN = DomainName.of("example.com");
    private static final LocalPart ALIAS = LocalPart.of("shop");
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    private final MovableClock clock = new MovableClock(NOW);
    private final BlockLinks links = new BlockLinks(SECRET, clock);

    private static Optional<MailAddress> sender(String address) throws Exception {
        return Optional.of(new MailAddress(address));
    }

    private String blockToken() throws Exception {
        return links.token(LinkAction.BLOCK_SENDER, DOMAIN, ALIAS, sender("spammer@sender.example"));
    }

    @Test
    void aBlockSenderTokenCarriesItsClaim() throws Exception {
        LinkClaim claim = links.verify(blockToken());

        assertThat(claim).isEqualTo(new LinkClaim(LinkAction.BLOCK_SENDER, DOMAIN, ALIAS,
            sender("spammer@sender.example"), NOW.plus(Duration.ofDays(60))));
    }

    @Test
    void aDisableAliasTokenCarriesItsClaim() throws Exception {
        String token = links.token(LinkAction.DISABLE_ALIAS, DOMAIN, ALIAS, sender("news@sender.example"));

        LinkClaim claim = links.verify(token);

        assertThat(claim.action()).isEqualTo(LinkAction.DISABLE_ALIAS);
        assertThat(claim.domain()).isEqualTo(DOMAIN);
        assertThat(claim.alias()).isEqualTo(ALIAS);
        assertThat(claim.sender()).isEqualTo(sender("news@sender.example"));
    }

    @Test
    void theNullSenderTravelsAsNoSender() throws Exception {
        String token = links.token(LinkAction.DISABLE_ALIAS, DOMAIN, ALIAS, Optional.empty());

        assertThat(links.verify(token).sender()).isEmpty();
    }

    @Test
    void aSenderWithAQuotedLocalPartAndALongDomainTravels() throws Exception {
        DomainName longDomain = DomainName.of("a".repeat(63) + "." + "b".repeat(63) + "." + "c".repeat(63) + ".example");
        Optional<MailAddress> quoted = sender("\"john smith\"@sender.example");

        LinkClaim claim = links.verify(links.token(LinkAction.BLOCK_SENDER, longDomain, LocalPart.of("a.b-c"), quoted));

        assertThat(claim.domain()).isEqualTo(longDomain);
        assertThat(claim.alias()).isEqualTo(LocalPart.of("a.b-c"));
        assertThat(claim.sender()).isEqualTo(quoted);
    }

    @Test
    void tokensAreCompactAndUrlSafe() throws Exception {
        assertThat(blockToken()).matches("[A-Za-z0-9_-]+").hasSizeLessThan(100);
    }

    @Test
    void aTokenStopsWorkingWhenItsLifetimeIsOver() throws Exception {
        String token = blockToken();

        clock.moveBy(Duration.ofDays(60).minusSeconds(1));
        assertThat(links.verify(token).action()).isEqualTo(LinkAction.BLOCK_SENDER);

        clock.moveBy(Duration.ofSeconds(1));
        assertThatThrownBy(() -> links.verify(token))
            .isInstanceOf(InvalidLinkException.class)
            .hasMessage("the link expired at 2027-02-02T15:00:00Z")
            .extracting(e -> ((InvalidLinkException) e).reason()).isEqualTo(InvalidLinkException.Reason.EXPIRED);
    }

    @Test
    void theLifetimeIsConfigurable() throws Exception {
        BlockLinks shortLived = new BlockLinks(SECRET, clock, Duration.ofHours(1));
        String token = shortLived.token(LinkAction.BLOCK_SENDER, DOMAIN, ALIAS, Optional.empty());

        clock.moveBy(Duration.ofMinutes(61));

        assertThat(catchThrowable(() -> shortLived.verify(token)))
            .isInstanceOf(InvalidLinkException.class)
            .extracting(e -> ((InvalidLinkException) e).reason()).isEqualTo(InvalidLinkException.Reason.EXPIRED);
    }

    /** Three lengths of sender: tokens of each length modulo 3 bytes, so the last character has 0, 2 or 4 spare bits. */
    @ParameterizedTest
    @ValueSource(strings = {"a@sender.example", "ab@sender.example", "abc@sender.example"})
    void everySingleCharacterChangeIsRefused(String address) throws Exception {
        String token = links.token(LinkAction.BLOCK_SENDER, DOMAIN, ALIAS, sender(address));

        for (int i = 0; i < token.length(); i++) {
            for (char replacement : ALPHABET.toCharArray()) {
                if (replacement == token.charAt(i)) {
                    continue;
                }
                String tampered = token.substring(0, i) + replacement + token.substring(i + 1);
                assertThat(catchThrowable(() -> links.verify(tampered)))
                    .as("token with character %d changed to %s", i, replacement)
                    .isInstanceOf(InvalidLinkException.class);
            }
        }
    }

    @Test
    void everySingleByteChangeIsRefused() throws Exception {
        byte[] bytes = Base64.getUrlDecoder().decode(blockToken());

        for (int i = 0; i < bytes.length; i++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] tampered = bytes.clone();
                tampered[i] ^= (byte) (1 << bit);
                String token = Base64.getUrlEncoder().withoutPadding().encodeToString(tampered);
                assertThat(catchThrowable(() -> links.verify(token)))
                    .as("byte %d bit %d flipped", i, bit)
                    .isInstanceOf(InvalidLinkException.class);
            }
        }
    }

    @Test
    void aChangedFieldWithTheOldTagIsForged() throws Exception {
        byte[] bytes = Base64.getUrlDecoder().decode(blockToken());
        bytes[1] = (byte) LinkAction.DISABLE_ALIAS.code();
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);

        assertThat(catchThrowable(() -> links.verify(token)))
            .isInstanceOf(InvalidLinkException.class)
            .hasMessageContaining("not authentic")
            .extracting(e -> ((InvalidLinkException) e).reason()).isEqualTo(InvalidLinkException.Reason.FORGED);
    }

    @Test
    void everyTruncationIsRefused() throws Exception {
        String token = blockToken();

        for (int length = 0; length < token.length(); length++) {
            String truncated = token.substring(0, length);
            assertThat(catchThrowable(() -> links.verify(truncated)))
                .as("truncated to %d", length)
                .isInstanceOf(InvalidLinkException.class);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"a@sender.example", "ab@sender.example", "abc@sender.example"})
    void paddingOrTrailingCharactersAreRefused(String address) throws Exception {
        String token = links.token(LinkAction.BLOCK_SENDER, DOMAIN, ALIAS, sender(address));

        for (String changed : new String[] {token + "=", token + "==", token + "A", token + "AAAA", " " + token, token + "\n"}) {
            assertThat(catchThrowable(() -> links.verify(changed))).as(changed).isInstanceOf(InvalidLinkException.class);
        }
    }

    @Test
    void anotherVersionIsRefusedAsSuch() throws Exception {
        byte[] bytes = Base64.getUrlDecoder().decode(blockToken());
        bytes[0] = 2;
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);

        assertThat(catchThrowable(() -> links.verify(token)))
            .isInstanceOf(InvalidLinkException.class)
            .extracting(e -> ((InvalidLinkException) e).reason()).isEqualTo(InvalidLinkException.Reason.UNKNOWN_VERSION);
    }

    @Test
    void tokensFromAnotherSecretAreRefused() throws Exception {
        byte[] otherSecret = SECRET.clone();
        otherSecret[5] ^= 1;
        String foreign = new BlockLinks(otherSecret, clock).token(LinkAction.BLOCK_SENDER, DOMAIN, ALIAS, Optional.empty());

        assertThat(catchThrowable(() -> links.verify(foreign)))
            .isInstanceOf(InvalidLinkException.class)
            .extracting(e -> ((InvalidLinkException) e).reason()).isEqualTo(InvalidLinkException.Reason.FORGED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a", "AAAA", "!!!!", "not a token", "AQ", "%00%00", "====", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"})
    void garbageIsRefused(String garbage) {
        assertThat(catchThrowable(() -> links.verify(garbage))).isInstanceOf(InvalidLinkException.class);
    }

    @Test
    void noTokenAndHugeTokensAreRefused() {
        assertThat(catchThrowable(() -> links.verify(null))).isInstanceOf(InvalidLinkException.class);
        assertThat(catchThrowable(() -> links.verify("A".repeat(100_000)))).isInstanceOf(InvalidLinkException.class);
    }

    /** Anything at all, from random text to valid-looking structures with random content, ends in InvalidLinkException. */
    @Test
    void randomInputOnlyEverRaisesInvalidLinkException() throws Exception {
        Random random = new Random(13);
        String valid = blockToken();
        for (int i = 0; i < 20_000; i++) {
            String input;
            switch (i % 4) {
                case 0:
                    input = randomText(random, random.nextInt(200));
                    break;
                case 1:
                    byte[] bytes = new byte[random.nextInt(150)];
                    random.nextBytes(bytes);
                    if (bytes.length > 0) {
                        bytes[0] = 1;
                    }
                    input = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
                    break;
                case 2:
                    input = valid.substring(0, random.nextInt(valid.length())) + randomText(random, random.nextInt(20));
                    break;
                default:
                    StringBuilder changed = new StringBuilder(valid);
                    for (int n = 1 + random.nextInt(4); n > 0; n--) {
                        changed.setCharAt(random.nextInt(changed.length()), ALPHABET.charAt(random.nextInt(64)));
                    }
                    input = changed.toString();
                    if (input.equals(valid)) {
                        continue;
                    }
            }
            String fuzz = input;
            assertThat(catchThrowable(() -> links.verify(fuzz))).as(fuzz).isInstanceOf(InvalidLinkException.class);
        }
    }

    @Test
    void aShortSecretOrNoLifetimeIsRefused() {
        assertThatThrownBy(() -> new BlockLinks(new byte[31], clock)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BlockLinks(SECRET, clock, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void toStringShowsNoSecret() {
        assertThat(links.toString()).doesNotContain("secret");
    }

    private static String randomText(Random random, int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(random.nextInt(4) == 0 ? (char) random.nextInt(0x3000) : ALPHABET.charAt(random.nextInt(64)));
        }
        return text.toString();
    }
}
