package io.smtpy.core.dkim;

/**
 * The DKIM signing algorithms smtpy generates keys for. RFC 8301 forbids {@code rsa-sha1} and RSA keys under
 * 1024 bits and asks for 2048 for new keys, so RSA is 2048 bits or more and always with SHA-256.
 */
public enum DkimAlgorithm {
    /** RSA, 2048 bits, signing with {@code rsa-sha256}; the public key is published as DER SubjectPublicKeyInfo. */
    RSA_SHA256("rsa", "rsa-sha256"),
    /** Ed25519 (RFC 8463), signing with {@code ed25519-sha256}; the public key is published as its raw 32 bytes. */
    ED25519_SHA256("ed25519", "ed25519-sha256");

    /** The smallest RSA modulus smtpy accepts, for keys it generates and keys it loads. */
    public static final int MINIMUM_RSA_BITS = 2048;
    public static final int ED25519_PUBLIC_KEY_LENGTH = 32;

    private final String keyType;
    private final String signatureAlgorithm;

    DkimAlgorithm(String keyType, String signatureAlgorithm) {
        this.keyType = keyType;
        this.signatureAlgorithm = signatureAlgorithm;
    }

    /** The {@code k=} tag of the DNS record, also the {@code {algorithm}} of the selector template. */
    public String keyType() {
        return keyType;
    }

    /** The {@code a=} tag of a DKIM-Signature made with this key. */
    public String signatureAlgorithm() {
        return signatureAlgorithm;
    }
}
