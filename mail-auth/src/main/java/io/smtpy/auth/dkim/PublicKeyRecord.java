package io.smtpy.auth.dkim;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.List;
import java.util.Locale;

import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

import io.smtpy.auth.AuthStatus;
import io.smtpy.core.dkim.DkimAlgorithm;

/**
 * A DKIM key record (RFC 6376 §3.6.1) as published at {@code <selector>._domainkey.<domain>}, parsed and with its
 * key decoded, able to check signatures made with the matching private key.
 *
 * <p>RSA keys are read as SubjectPublicKeyInfo, as RFC 6376 asks, or as a bare RSAPublicKey, which some publishers
 * use. Keys under 1024 bits are refused (RFC 8301 §3.2) and keys over 8192 bits too, to bound the work one
 * signature can cost. Ed25519 keys are the raw 32 bytes (RFC 8463).
 */
public final class PublicKeyRecord {
    private static final int MINIMUM_RSA_BITS = 1024;
    private static final int MAXIMUM_RSA_BITS = 8192;

    private final String keyType;
    private final boolean revoked;
    private final List<String> hashAlgorithms;
    private final List<String> flags;
    private final PublicKey rsaKey;
    private final Ed25519PublicKeyParameters ed25519Key;

    private PublicKeyRecord(String keyType, boolean revoked, List<String> hashAlgorithms, List<String> flags,
                            PublicKey rsaKey, Ed25519PublicKeyParameters ed25519Key) {
        this.keyType = keyType;
        this.revoked = revoked;
        this.hashAlgorithms = hashAlgorithms;
        this.flags = flags;
        this.rsaKey = rsaKey;
        this.ed25519Key = ed25519Key;
    }

    /**
     * @throws SignatureCheckException (PERMERROR) when the record is not a usable DKIM key record: wrong version,
     *     unknown key type, a service type excluding email, no {@code p=}, or a key that does not decode
     */
    public static PublicKeyRecord parse(String record) throws SignatureCheckException {
        TagList tags = TagList.parse(record);
        String version = tags.get("v").orElse("DKIM1");
        if (!version.equals("DKIM1")) {
            throw permanent("key record version v=" + TagList.abbreviate(version) + " is not DKIM1");
        }
        String keyType = tags.get("k").orElse("rsa").toLowerCase(Locale.ROOT);
        if (!keyType.equals("rsa") && !keyType.equals("ed25519")) {
            throw permanent("unknown key type k=" + TagList.abbreviate(keyType));
        }
        List<String> services = TagList.colonSeparated(tags.get("s").orElse("*"));
        if (!services.contains("*") && !services.contains("email")) {
            throw permanent("key is not for email (s=" + TagList.abbreviate(tags.getOrEmpty("s")) + ")");
        }
        List<String> hashAlgorithms = TagList.colonSeparated(tags.get("h").orElse("").toLowerCase(Locale.ROOT));
        List<String> flags = TagList.colonSeparated(tags.get("t").orElse(""));
        String publicKey = TagList.removeFws(tags.require("p"));
        if (publicKey.isEmpty()) {
            return new PublicKeyRecord(keyType, true, hashAlgorithms, flags, null, null);
        }
        byte[] encoded;
        try {
            encoded = java.util.Base64.getDecoder().decode(publicKey);
        } catch (IllegalArgumentException e) {
            throw permanent("key p= is not valid base64");
        }
        if (keyType.equals("ed25519")) {
            if (encoded.length != DkimAlgorithm.ED25519_PUBLIC_KEY_LENGTH) {
                throw permanent("an Ed25519 key is 32 bytes, not " + encoded.length);
            }
            return new PublicKeyRecord(keyType, false, hashAlgorithms, flags, null,
                new Ed25519PublicKeyParameters(encoded, 0));
        }
        return new PublicKeyRecord(keyType, false, hashAlgorithms, flags, rsaKey(encoded), null);
    }

    private static PublicKey rsaKey(byte[] encoded) throws SignatureCheckException {
        RSAPublicKey key;
        try {
            key = (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(encoded));
        } catch (GeneralSecurityException | ClassCastException notSubjectPublicKeyInfo) {
            key = bareRsaKey(encoded);
        }
        int bits = key.getModulus().bitLength();
        if (bits < MINIMUM_RSA_BITS) {
            throw permanent("RSA key of " + bits + " bits is too short (RFC 8301: at least " + MINIMUM_RSA_BITS + ")");
        }
        if (bits > MAXIMUM_RSA_BITS) {
            throw permanent("RSA key of " + bits + " bits is longer than the " + MAXIMUM_RSA_BITS + " accepted");
        }
        return key;
    }

    private static RSAPublicKey bareRsaKey(byte[] encoded) throws SignatureCheckException {
        try {
            org.bouncycastle.asn1.pkcs.RSAPublicKey bare = org.bouncycastle.asn1.pkcs.RSAPublicKey.getInstance(encoded);
            BigInteger modulus = bare.getModulus();
            BigInteger exponent = bare.getPublicExponent();
            return (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(modulus, exponent));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw permanent("key p= is not an RSA public key");
        }
    }

    private static SignatureCheckException permanent(String reason) {
        return new SignatureCheckException(AuthStatus.PERMERROR, reason);
    }

    /** {@code k=}: {@code rsa} or {@code ed25519}. */
    public String keyType() {
        return keyType;
    }

    /** An empty {@code p=}: the domain withdrew this key (RFC 6376 §3.6.1). */
    public boolean revoked() {
        return revoked;
    }

    /** Flag {@code t=y}: the domain is testing DKIM. */
    public boolean testing() {
        return flags.contains("y");
    }

    /** Flag {@code t=s}: the {@code i=} domain must be exactly {@code d=}, not a subdomain. */
    public boolean strictIdentity() {
        return flags.contains("s");
    }

    /**
     * @throws SignatureCheckException FAIL when the key is revoked; PERMERROR when its type is not the one of
     *     {@code algorithm} or its {@code h=} excludes SHA-256
     */
    public void checkUsableFor(DkimAlgorithm algorithm) throws SignatureCheckException {
        if (revoked) {
            throw new SignatureCheckException(AuthStatus.FAIL, "key revoked");
        }
        if (!keyType.equals(algorithm.keyType())) {
            throw permanent("key type k=" + keyType + " does not match a=" + algorithm.signatureAlgorithm());
        }
        if (!hashAlgorithms.isEmpty() && !hashAlgorithms.contains("sha256")) {
            throw permanent("key h=" + String.join(":", hashAlgorithms) + " does not allow sha256");
        }
    }

    /**
     * Whether {@code signature} is this key's signature of {@code signedData}: RSASSA-PKCS1-v1_5 with SHA-256, or
     * Ed25519 (PureEdDSA) of the SHA-256 of the data (RFC 8463 §3). A signature of the wrong size is a mismatch.
     */
    public boolean verifies(byte[] signedData, byte[] signature) {
        if (revoked) {
            return false;
        }
        if (ed25519Key != null) {
            Ed25519Signer verifier = new Ed25519Signer();
            verifier.init(false, ed25519Key);
            byte[] digest = Canonicalization.sha256().digest(signedData);
            verifier.update(digest, 0, digest.length);
            return verifier.verifySignature(signature);
        }
        try {
            Signature verifier = Signature.getInstance("SHA256withRSA");
            verifier.initVerify(rsaKey);
            verifier.update(signedData);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
