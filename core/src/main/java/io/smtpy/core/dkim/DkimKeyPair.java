package io.smtpy.core.dkim;

import java.util.Objects;

/**
 * A freshly generated key pair, before its private half is sealed. Public key: DER SubjectPublicKeyInfo for RSA,
 * the raw 32 bytes for Ed25519. Private key: PKCS#8 DER for RSA, the raw 32-byte private key (RFC 8032) for
 * Ed25519.
 */
public final class DkimKeyPair {
    private final DkimAlgorithm algorithm;
    private final byte[] publicKey;
    private final byte[] privateKey;

    public DkimKeyPair(DkimAlgorithm algorithm, byte[] publicKey, byte[] privateKey) {
        this.algorithm = Objects.requireNonNull(algorithm, "algorithm");
        this.publicKey = publicKey.clone();
        this.privateKey = privateKey.clone();
    }

    public DkimAlgorithm algorithm() {
        return algorithm;
    }

    public byte[] publicKey() {
        return publicKey.clone();
    }

    public byte[] privateKey() {
        return privateKey.clone();
    }

    @Override
    public String toString() {
        return "DkimKeyPair{" + algorithm + ", private key hidden}";
    }
}
