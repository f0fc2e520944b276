package io.smtpy.auth.dkim;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Objects;

import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.bouncycastle.crypto.util.PrivateKeyFactory;

import io.smtpy.core.dkim.DkimAlgorithm;
import io.smtpy.core.dkim.DkimKeyPair;
import io.smtpy.core.dkim.DkimSelector;
import io.smtpy.core.model.DomainName;

/**
 * A private key ready to sign DKIM-Signatures and ARC sets for one domain ({@code d=}) under one selector
 * ({@code s=}). Built from the encodings core's {@code DkimKeyGenerator} produces: PKCS#8 DER for RSA, the raw
 * 32-byte private key (RFC 8032) for Ed25519, which is also accepted PKCS#8-wrapped. Ed25519 signs with Bouncy
 * Castle's lightweight API because Java 11 has no Ed25519; RSA with the native provider when it works here
 * ({@link RsaSigning}). Immutable and thread-safe; never prints the key.
 */
public final class SigningKey {
    private final DomainName domain;
    private final DkimSelector selector;
    private final DkimAlgorithm algorithm;
    private final PrivateKey rsaKey;
    private final Ed25519PrivateKeyParameters ed25519Key;

    private SigningKey(DomainName domain, DkimSelector selector, DkimAlgorithm algorithm, PrivateKey rsaKey,
                       Ed25519PrivateKeyParameters ed25519Key) {
        this.domain = Objects.requireNonNull(domain, "domain");
        this.selector = Objects.requireNonNull(selector, "selector");
        this.algorithm = Objects.requireNonNull(algorithm, "algorithm");
        this.rsaKey = rsaKey;
        this.ed25519Key = ed25519Key;
    }

    /**
     * @param privateKey PKCS#8 DER for RSA; the raw 32 bytes, or PKCS#8 DER, for Ed25519
     * @throws IllegalArgumentException when the bytes are not a private key of {@code algorithm}, or an RSA key is
     *     shorter than {@link DkimAlgorithm#MINIMUM_RSA_BITS}
     */
    public static SigningKey of(DomainName domain, DkimSelector selector, DkimAlgorithm algorithm, byte[] privateKey) {
        switch (algorithm) {
            case RSA_SHA256:
                return new SigningKey(domain, selector, algorithm, rsaKey(privateKey), null);
            case ED25519_SHA256:
                return new SigningKey(domain, selector, algorithm, null, ed25519Key(privateKey));
            default:
                throw new IllegalArgumentException("no signing for " + algorithm);
        }
    }

    /** The private half of a freshly generated (or unsealed) pair. */
    public static SigningKey of(DomainName domain, DkimSelector selector, DkimKeyPair keyPair) {
        return of(domain, selector, keyPair.algorithm(), keyPair.privateKey());
    }

    private static PrivateKey rsaKey(byte[] pkcs8) {
        PrivateKey key;
        try {
            key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not a PKCS#8 RSA private key", e);
        }
        if (!(key instanceof RSAPrivateKey)
            || ((RSAPrivateKey) key).getModulus().bitLength() < DkimAlgorithm.MINIMUM_RSA_BITS) {
            throw new IllegalArgumentException("RSA key shorter than " + DkimAlgorithm.MINIMUM_RSA_BITS + " bits");
        }
        return RsaSigning.prepare(key);
    }

    private static Ed25519PrivateKeyParameters ed25519Key(byte[] encoded) {
        if (encoded.length == Ed25519PrivateKeyParameters.KEY_SIZE) {
            return new Ed25519PrivateKeyParameters(encoded, 0);
        }
        AsymmetricKeyParameter key;
        try {
            key = PrivateKeyFactory.createKey(encoded);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not an Ed25519 private key (32 raw bytes or PKCS#8)", e);
        }
        if (!(key instanceof Ed25519PrivateKeyParameters)) {
            throw new IllegalArgumentException("PKCS#8 key is not Ed25519");
        }
        return (Ed25519PrivateKeyParameters) key;
    }

    /** {@code d=}. */
    public DomainName domain() {
        return domain;
    }

    /** {@code s=}. */
    public DkimSelector selector() {
        return selector;
    }

    public DkimAlgorithm algorithm() {
        return algorithm;
    }

    /**
     * Signs the data a signature's {@code b=} covers (see {@link Canonicalization#signedHeaderData}):
     * RSASSA-PKCS1-v1_5 with SHA-256, or Ed25519 of the SHA-256 of the data (RFC 8463 §3).
     */
    public byte[] sign(byte[] signedData) {
        if (ed25519Key != null) {
            byte[] digest = Canonicalization.sha256().digest(signedData);
            Ed25519Signer signer = new Ed25519Signer();
            signer.init(true, ed25519Key);
            signer.update(digest, 0, digest.length);
            return signer.generateSignature();
        }
        return RsaSigning.sign(rsaKey, signedData);
    }

    @Override
    public String toString() {
        return "SigningKey{d=" + domain + ", s=" + selector + ", " + algorithm.signatureAlgorithm()
            + ", private key hidden}";
    }
}
