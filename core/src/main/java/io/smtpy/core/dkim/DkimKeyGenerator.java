package io.smtpy.core.dkim;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.RSAKeyGenParameterSpec;
import java.util.Objects;

import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.generators.Ed25519KeyPairGenerator;
import org.bouncycastle.crypto.params.Ed25519KeyGenerationParameters;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;

/**
 * Generates DKIM key pairs: RSA-2048 with the JDK, Ed25519 with Bouncy Castle's lightweight API, because the code
 * must run on Java 11 whose {@code --release 11} API has no Ed25519 (and James's images run Java 11).
 */
public class DkimKeyGenerator {
    private final SecureRandom random;

    public DkimKeyGenerator() {
        this(new SecureRandom());
    }

    public DkimKeyGenerator(SecureRandom random) {
        this.random = Objects.requireNonNull(random, "random");
    }

    public DkimKeyPair generate(DkimAlgorithm algorithm) {
        switch (algorithm) {
            case RSA_SHA256:
                return rsa();
            case ED25519_SHA256:
                return ed25519();
            default:
                throw new IllegalArgumentException("no generator for " + algorithm);
        }
    }

    private DkimKeyPair rsa() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(new RSAKeyGenParameterSpec(DkimAlgorithm.MINIMUM_RSA_BITS, RSAKeyGenParameterSpec.F4),
                random);
            KeyPair pair = generator.generateKeyPair();
            // X.509 encoding of a public key is SubjectPublicKeyInfo, the p= of RFC 6376; the private key is PKCS#8.
            return new DkimKeyPair(DkimAlgorithm.RSA_SHA256, pair.getPublic().getEncoded(),
                pair.getPrivate().getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA key generation is not available", e);
        }
    }

    private DkimKeyPair ed25519() {
        Ed25519KeyPairGenerator generator = new Ed25519KeyPairGenerator();
        generator.init(new Ed25519KeyGenerationParameters(random));
        AsymmetricCipherKeyPair pair = generator.generateKeyPair();
        return new DkimKeyPair(DkimAlgorithm.ED25519_SHA256,
            ((Ed25519PublicKeyParameters) pair.getPublic()).getEncoded(),
            ((Ed25519PrivateKeyParameters) pair.getPrivate()).getEncoded());
    }
}
