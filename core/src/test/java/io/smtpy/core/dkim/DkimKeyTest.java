package io.smtpy.core.dkim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.InvalidFieldException;

class DkimKeyTest {
    private static final DomainName DOMAIN = DomainName.of("example.com");
    private static final DkimSelector SELECTOR = DkimSelector.of("v1-ed25519-20260101");
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final PrivateKeyCipher CIPHER = new PrivateKeyCipher(new byte[32]);

    private final DkimKeyPair pair = new DkimKeyGenerator().generate(DkimAlgorithm.ED25519_SHA256);

    private DkimKey pending() {
        return DkimKey.pending(DOMAIN, SELECTOR, DkimAlgorithm.ED25519_SHA256, pair.publicKey(),
            CIPHER.seal(pair.privateKey(), SELECTOR.recordName(DOMAIN)), T0);
    }

    @Test
    void recordNameShouldBeSelectorUnderDomainkey() {
        assertThat(pending().recordName()).isEqualTo("v1-ed25519-20260101._domainkey.example.com");
    }

    @Test
    void ed25519TxtRecordShouldCarryTheRawKey() {
        assertThat(pending().txtRecord())
            .isEqualTo("v=DKIM1; k=ed25519; p=" + Base64.getEncoder().encodeToString(pair.publicKey()));
    }

    @Test
    void retiredKeyShouldOfferTheRevokedRecordWhenAsked() {
        DkimKey retired = pending().retire(T0.plusSeconds(1));

        assertThat(retired.txtRecord(true)).isEqualTo("v=DKIM1; p=");
        assertThat(retired.txtRecord(false)).isEqualTo(retired.txtRecord());
    }

    @Test
    void keyInUseShouldNeverRenderRevoked() {
        DkimKey active = pending().activate(T0);

        assertThat(active.txtRecord(true)).isEqualTo(active.txtRecord());
        assertThat(active.startRetiring(T0).txtRecord(true)).isEqualTo(active.txtRecord());
    }

    @Test
    void rsaRecordShouldSplitIntoTxtStringsOfAtMost255Characters() {
        DkimKeyPair rsa = new DkimKeyGenerator().generate(DkimAlgorithm.RSA_SHA256);
        DkimSelector selector = DkimSelector.of("v1-rsa-20260101");
        DkimKey key = DkimKey.pending(DOMAIN, selector, DkimAlgorithm.RSA_SHA256, rsa.publicKey(),
            CIPHER.seal(rsa.privateKey(), selector.recordName(DOMAIN)), T0);

        String[] strings = DkimKey.txtStrings(key.txtRecord());

        assertThat(key.txtRecord()).startsWith("v=DKIM1; k=rsa; p=MIIBIjAN");
        assertThat(strings).hasSize(2).allSatisfy(string -> assertThat(string.length()).isLessThanOrEqualTo(255));
        assertThat(String.join("", strings)).isEqualTo(key.txtRecord());
    }

    @Test
    void transitionsShouldStampTheirInstants() {
        DkimKey retired = pending()
            .activate(T0.plusSeconds(1))
            .startRetiring(T0.plusSeconds(2))
            .retire(T0.plusSeconds(3));

        assertThat(retired.state()).isEqualTo(DkimKeyState.RETIRED);
        assertThat(retired.createdAt()).isEqualTo(T0);
        assertThat(retired.activatedAt()).contains(T0.plusSeconds(1));
        assertThat(retired.retiringAt()).contains(T0.plusSeconds(2));
        assertThat(retired.retiredAt()).contains(T0.plusSeconds(3));
    }

    @Test
    void activeKeyShouldNotJumpToRetired() {
        DkimKey active = pending().activate(T0);

        assertThatThrownBy(() -> active.retire(T0)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void pendingKeyShouldNotStartRetiring() {
        assertThatThrownBy(() -> pending().startRetiring(T0)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void retiredKeyShouldNotComeBack() {
        DkimKey retired = pending().retire(T0);

        assertThatThrownBy(() -> retired.activate(T0)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void activeKeyWithoutActivationInstantShouldBeRefused() {
        assertThatThrownBy(() -> pending().toBuilder().state(DkimKeyState.ACTIVE).build())
            .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rsaKeyUnder2048BitsShouldBeRefused() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(1024);
        byte[] weak = generator.generateKeyPair().getPublic().getEncoded();

        assertThatThrownBy(() -> pending().toBuilder().algorithm(DkimAlgorithm.RSA_SHA256).publicKey(weak).build())
            .isInstanceOf(InvalidFieldException.class)
            .hasMessageContaining("1024 bits");
    }

    @Test
    void ed25519KeyOfAnotherLengthShouldBeRefused() {
        assertThatThrownBy(() -> pending().toBuilder().publicKey(new byte[33]).build())
            .isInstanceOf(InvalidFieldException.class);
    }

    @Test
    void rsaAlgorithmWithAnEd25519KeyShouldBeRefused() {
        assertThatThrownBy(() -> pending().toBuilder().algorithm(DkimAlgorithm.RSA_SHA256).build())
            .isInstanceOf(InvalidFieldException.class);
    }

    @Test
    void toStringShouldNotShowKeyMaterial() {
        DkimKey key = pending();

        assertThat(key.toString())
            .contains(key.recordName())
            .doesNotContain(key.publicKeyBase64())
            .doesNotContain(Base64.getEncoder().encodeToString(pair.privateKey()))
            .doesNotContain(Base64.getEncoder().encodeToString(key.privateKey().toBytes()));
    }

    @Test
    void publicKeyShouldBeACopy() {
        DkimKey key = pending();
        byte[] exposed = key.publicKey();
        exposed[0] ^= 1;

        assertThat(key.publicKey()).isEqualTo(pair.publicKey());
        assertThat(key.activatedAt()).isEqualTo(Optional.empty());
    }
}
