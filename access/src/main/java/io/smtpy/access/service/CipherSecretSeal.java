package io.smtpy.access.service;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import io.smtpy.core.dkim.PrivateKeyCipher;
import io.smtpy.core.dkim.SealedPrivateKey;

/** {@link SecretSeal} with AES-256-GCM under smtpy's master key (the one that seals DKIM private keys). */
public final class CipherSecretSeal implements SecretSeal {
    private final PrivateKeyCipher cipher;

    public CipherSecretSeal(PrivateKeyCipher cipher) {
        this.cipher = cipher;
    }

    @Override
    public String seal(String secret, String context) {
        return Base64.getEncoder().encodeToString(cipher.seal(secret.getBytes(StandardCharsets.UTF_8), context).toBytes());
    }

    @Override
    public String open(String sealed, String context) {
        try {
            return new String(cipher.open(SealedPrivateKey.fromBytes(Base64.getDecoder().decode(sealed)), context), StandardCharsets.UTF_8);
        } catch (RuntimeException e) {
            throw new IllegalStateException("the sealed secret of " + context + " does not open", e);
        }
    }
}
