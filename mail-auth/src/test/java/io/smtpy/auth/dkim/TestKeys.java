package io.smtpy.auth.dkim;

import java.util.Base64;

import io.smtpy.core.dkim.DkimAlgorithm;
import io.smtpy.core.dkim.DkimKeyGenerator;
import io.smtpy.core.dkim.DkimKeyPair;
import io.smtpy.core.dkim.DkimSelector;
import io.smtpy.core.model.DomainName;

/**
 * Key pairs made once per test JVM by core's generator (an RSA-2048 pair takes a noticeable fraction of a second),
 * with the forms each side needs: a {@link SigningKey}, the TXT record, the private key as python-dkim reads it.
 */
public final class TestKeys {
    public static final DkimKeyPair RSA = new DkimKeyGenerator().generate(DkimAlgorithm.RSA_SHA256);
    public static final DkimKeyPair OTHER_RSA = new DkimKeyGenerator().generate(DkimAlgorithm.RSA_SHA256);
    public static final DkimKeyPair ED25519 = new DkimKeyGenerator().generate(DkimAlgorithm.ED25519_SHA256);

    private TestKeys() {
    }

    public static SigningKey signingKey(String domain, String selector, DkimKeyPair pair) {
        return SigningKey.of(DomainName.of(domain), DkimSelector.of(selector), pair);
    }

    /** {@code v=DKIM1; k=rsa; p=...} or {@code v=DKIM1; k=ed25519; p=...}. */
    public static String record(DkimKeyPair pair) {
        return "v=DKIM1; k=" + pair.algorithm().keyType() + "; p="
            + Base64.getEncoder().encodeToString(pair.publicKey());
    }

    public static String recordName(String selector, String domain) {
        return selector + "._domainkey." + domain;
    }

    /** The private key for python-dkim: PKCS#8 PEM for RSA, the base64 seed for Ed25519. */
    public static String pythonPrivateKey(DkimKeyPair pair) {
        if (pair.algorithm() == DkimAlgorithm.ED25519_SHA256) {
            return Base64.getEncoder().encodeToString(pair.privateKey());
        }
        return "-----BEGIN PRIVATE KEY-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .encodeToString(pair.privateKey())
            + "\n-----END PRIVATE KEY-----\n";
    }
}
