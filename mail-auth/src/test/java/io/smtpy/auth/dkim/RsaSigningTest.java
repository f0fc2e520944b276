package io.smtpy.auth.dkim;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;

import org.junit.jupiter.api.Test;

/** RSA signing by the native provider where it loads (Linux x86-64, as this project's machines), checked by the JDK. */
class RsaSigningTest {
    @Test
    void theNativeProviderShouldSignOnThisMachine() {
        assertThat(RsaSigning.providerName()).isEqualTo("AmazonCorrettoCryptoProvider");
    }

    @Test
    void aPreparedKeyShouldBeTheNativeProvidersOwn() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);

        assertThat(RsaSigning.prepare(generator.generateKeyPair().getPrivate()).getClass().getName())
            .startsWith("com.amazon.corretto.crypto.provider.");
    }

        @Test
    void signaturesShouldVerifyWithTheJdk() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair pair = generator.generateKeyPair();
        byte[] data = "DKIM-Signature: v=1; a=rsa-sha256; b=".getBytes(StandardCharsets.US_ASCII);

        byte[] signature = RsaSigning.sign(RsaSigning.prepare(pair.getPrivate()), data);

        Signature verifier = Signature.getInstance("SHA256withRSA");
        verifier.initVerify(pair.getPublic());
        verifier.update(data);
        assertThat(verifier.verify(signature)).isTrue();
        data[0] = 'X';
        verifier.initVerify(pair.getPublic());
        verifier.update(data);
        assertThat(verifier.verify(signature)).as("and only for the data signed").isFalse();
    }
}
