package io.smtpy.core.dkim;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import com.google.common.io.BaseEncoding;

/**
 * Encrypts DKIM private keys at rest with AES-256-GCM under a 32-byte master key that lives outside storage
 * (configuration, a secret). Each seal draws a fresh 12-byte nonce. The context (the key's record name,
 * {@code <selector>._domainkey.<domain>}) is authenticated as associated data, so a sealed key copied onto another
 * selector or domain in storage does not open.
 */
public final class PrivateKeyCipher {
    public static final int MASTER_KEY_LENGTH = 32;
    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    private static final byte[] KEY_ID_LABEL = "smtpy dkim master key id".getBytes(StandardCharsets.US_ASCII);

    private final SecretKeySpec masterKey;
    private final byte[] masterKeyId;
    private final SecureRandom random;

    public PrivateKeyCipher(byte[] masterKey) {
        this(masterKey, new SecureRandom());
    }

    /** @throws IllegalArgumentException when the master key is not 32 bytes */
    public PrivateKeyCipher(byte[] masterKey, SecureRandom random) {
        Objects.requireNonNull(masterKey, "masterKey");
        if (masterKey.length != MASTER_KEY_LENGTH) {
            throw new IllegalArgumentException("the DKIM master key must be " + MASTER_KEY_LENGTH + " bytes, not "
                + masterKey.length);
        }
        this.masterKey = new SecretKeySpec(masterKey.clone(), "AES");
        this.masterKeyId = idOf(masterKey);
        this.random = Objects.requireNonNull(random, "random");
    }

    /**
     * @param base64 the master key in standard base64 (e.g. {@code openssl rand -base64 32})
     * @throws IllegalArgumentException when it is not base64 or not 32 bytes; the message never repeats the value
     */
    public static PrivateKeyCipher fromBase64(String base64) {
        if (base64 == null) {
            throw new IllegalArgumentException("the DKIM master key is missing");
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the DKIM master key is not valid base64");
        }
        try {
            return new PrivateKeyCipher(key);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /** The first 4 bytes of a SHA-256 over a label and the master key, in hex: names the key without revealing it. */
    public String masterKeyId() {
        return BaseEncoding.base16().lowerCase().encode(masterKeyId);
    }

    public SealedPrivateKey seal(byte[] privateKey, String context) {
        byte[] nonce = new byte[SealedPrivateKey.NONCE_LENGTH];
        random.nextBytes(nonce);
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, nonce, context);
            return new SealedPrivateKey(masterKeyId, nonce, cipher.doFinal(privateKey));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-GCM is not available", e);
        }
    }

    /**
     * @throws SealedKeyException when the key was sealed under another master key, was altered, or was sealed for
     *     another context
     */
    public byte[] open(SealedPrivateKey sealed, String context) {
        if (!sealed.masterKeyId().equals(masterKeyId())) {
            throw new SealedKeyException("the private key of " + context + " was sealed under master key "
                + sealed.masterKeyId() + ", not the configured " + masterKeyId());
        }
        try {
            return cipher(Cipher.DECRYPT_MODE, sealed.nonce(), context).doFinal(sealed.ciphertext());
        } catch (AEADBadTagException e) {
            throw new SealedKeyException("the sealed private key does not open for " + context
                + ": it was altered or belongs to another record", e);
        } catch (GeneralSecurityException e) {
            throw new SealedKeyException("the sealed private key of " + context + " does not open", e);
        }
    }

    private Cipher cipher(int mode, byte[] nonce, String context) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance(TRANSFORMATION);
        cipher.init(mode, masterKey, new GCMParameterSpec(SealedPrivateKey.TAG_LENGTH * 8, nonce));
        cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
        return cipher;
    }

    private static byte[] idOf(byte[] masterKey) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(KEY_ID_LABEL);
            return Arrays.copyOf(sha256.digest(masterKey), SealedPrivateKey.MASTER_KEY_ID_LENGTH);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    @Override
    public String toString() {
        return "PrivateKeyCipher{AES-256-GCM, masterKeyId=" + masterKeyId() + "}";
    }
}
