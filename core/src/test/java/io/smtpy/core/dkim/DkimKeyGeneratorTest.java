package io.smtpy.core.dkim;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.junit.jupiter.api.Test;

import io.smtpy.core.model.DomainName;

class DkimKeyGeneratorTest {
    private static final DomainName DOMAIN = DomainName.of("example.com");
    private static final byte[] MESSAGE = "the canonicalised headers".getBytes(StandardCharsets.US_ASCII);

    private final DkimKeyGenerator generator = new DkimKeyGenerator();
    private final PrivateKeyCipher cipher = new PrivateKeyCipher(new byte[32]);

    @Test
    void rsaKeyShouldBe2048Bits() throws Exception {
        DkimKeyPair pair = generator.generate(DkimAlgorithm.RSA_SHA256);

        RSAPublicKey publicKey = (RSAPublicKey) KeyFactory.getInstance("RSA")
            .generatePublic(new X509EncodedKeySpec(pair.publicKey()));
        RSAPrivateCrtKey privateKey = (RSAPrivateCrtKey) KeyFactory.getInstance("RSA")
            .generatePrivate(new PKCS8EncodedKeySpec(pair.privateKey()));
        assertThat(publicKey.getModulus().bitLength()).isEqualTo(2048);
        assertThat(privateKey.getModulus()).isEqualTo(publicKey.getModulus());
    }

    @Test
    void ed25519PublicKeyShouldBeThe32RawBytes() {
        DkimKeyPair pair = generator.generate(DkimAlgorithm.ED25519_SHA256);

        assertThat(pair.publicKey()).hasSize(32);
        assertThat(new Ed25519PrivateKeyParameters(pair.privateKey(), 0).generatePublicKey().getEncoded())
            .isEqualTo(pair.publicKey());
    }

    @Test
    void twoGenerationsShouldDiffer() {
        assertThat(generator.generate(DkimAlgorithm.ED25519_SHA256).publicKey())
            .isNotEqualTo(generator.generate(DkimAlgorithm.ED25519_SHA256).publicKey());
    }

    @Test
    void rsaTxtRecordShouldParseBackToAKeyThatVerifiesItsSignatures() throws Exception {
        DkimKeyPair pair = generator.generate(DkimAlgorithm.RSA_SHA256);
        DkimKey key = key(pair);

        Map<String, String> tags = DkimRecordTags.parse(key.txtRecord());
        assertThat(tags).containsEntry("v", "DKIM1").containsEntry("k", "rsa").containsKey("p");
        RSAPublicKey published = (RSAPublicKey) KeyFactory.getInstance("RSA")
            .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(tags.get("p"))));

        PrivateKey privateKey = KeyFactory.getInstance("RSA")
            .generatePrivate(new PKCS8EncodedKeySpec(cipher.open(key.privateKey(), key.recordName())));
        Signature signer = Signature.getInstance("SHA256withRSA");
        signer.initSign(privateKey);
        signer.update(MESSAGE);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance("SHA256withRSA");
        verifier.initVerify(published);
        verifier.update(MESSAGE);
        assertThat(verifier.verify(signature)).isTrue();
        assertThat(published.getModulus().bitLength()).isEqualTo(2048);
    }

    @Test
    void ed25519TxtRecordShouldParseBackToAKeyThatVerifiesItsSignatures() {
        DkimKeyPair pair = generator.generate(DkimAlgorithm.ED25519_SHA256);
        DkimKey key = key(pair);

        Map<String, String> tags = DkimRecordTags.parse(key.txtRecord());
        assertThat(tags).containsEntry("v", "DKIM1").containsEntry("k", "ed25519");
        byte[] published = Base64.getDecoder().decode(tags.get("p"));
        assertThat(published).hasSize(32);

        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, new Ed25519PrivateKeyParameters(cipher.open(key.privateKey(), key.recordName()), 0));
        signer.update(MESSAGE, 0, MESSAGE.length);
        byte[] signature = signer.generateSignature();
        Ed25519Signer verifier = new Ed25519Signer();
        verifier.init(false, new Ed25519PublicKeyParameters(published, 0));
        verifier.update(MESSAGE, 0, MESSAGE.length);
        assertThat(verifier.verifySignature(signature)).isTrue();
    }

    @Test
    void keyPairToStringShouldNotShowThePrivateKey() {
        DkimKeyPair pair = generator.generate(DkimAlgorithm.ED25519_SHA256);

        assertThat(pair.toString())
            .doesNotContain(Base64.getEncoder().encodeToString(pair.privateKey()))
            .contains("hidden");
    }

    private DkimKey key(DkimKeyPair pair) {
        DkimSelector selector = DkimSelector.of("s1");
        return DkimKey.pending(DOMAIN, selector, pair.algorithm(), pair.publicKey(),
            cipher.seal(pair.privateKey(), selector.recordName(DOMAIN)), Instant.EPOCH);
    }
}
