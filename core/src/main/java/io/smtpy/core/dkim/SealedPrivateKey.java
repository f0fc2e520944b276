package io.smtpy.core.dkim;

import java.nio.ByteBuffer;
import java.util.Arrays;

import com.google.common.io.BaseEncoding;

/**
 * A DKIM private key as it is stored: encrypted by {@link PrivateKeyCipher} (AES-256-GCM). Holds the id of the
 * master key that sealed it (so a wrong master key is named as such), the 12-byte nonce and the ciphertext with its
 * 16-byte tag. {@link #toBytes()} and {@link #fromBytes(byte[])} are the storage form:
 * {@code 0x01 | master key id (4) | nonce (12) | ciphertext and tag}.
 */
public final class SealedPrivateKey {
    static final int MASTER_KEY_ID_LENGTH = 4;
    static final int NONCE_LENGTH = 12;
    static final int TAG_LENGTH = 16;
    private static final byte FORMAT = 1;
    private static final int HEADER_LENGTH = 1 + MASTER_KEY_ID_LENGTH + NONCE_LENGTH;

    private final byte[] masterKeyId;
    private final byte[] nonce;
    private final byte[] ciphertext;

    SealedPrivateKey(byte[] masterKeyId, byte[] nonce, byte[] ciphertext) {
        if (masterKeyId.length != MASTER_KEY_ID_LENGTH || nonce.length != NONCE_LENGTH
            || ciphertext.length <= TAG_LENGTH) {
            throw new IllegalArgumentException("malformed sealed private key");
        }
        this.masterKeyId = masterKeyId.clone();
        this.nonce = nonce.clone();
        this.ciphertext = ciphertext.clone();
    }

    /** @throws IllegalArgumentException when the bytes are not a sealed key of a known format */
    public static SealedPrivateKey fromBytes(byte[] stored) {
        if (stored.length <= HEADER_LENGTH + TAG_LENGTH || stored[0] != FORMAT) {
            throw new IllegalArgumentException("malformed sealed private key");
        }
        return new SealedPrivateKey(
            Arrays.copyOfRange(stored, 1, 1 + MASTER_KEY_ID_LENGTH),
            Arrays.copyOfRange(stored, 1 + MASTER_KEY_ID_LENGTH, HEADER_LENGTH),
            Arrays.copyOfRange(stored, HEADER_LENGTH, stored.length));
    }

    public byte[] toBytes() {
        return ByteBuffer.allocate(HEADER_LENGTH + ciphertext.length)
            .put(FORMAT)
            .put(masterKeyId)
            .put(nonce)
            .put(ciphertext)
            .array();
    }

    /** The id of the master key that sealed this key, in hex (see {@link PrivateKeyCipher#masterKeyId()}). */
    public String masterKeyId() {
        return BaseEncoding.base16().lowerCase().encode(masterKeyId);
    }

    byte[] nonce() {
        return nonce.clone();
    }

    byte[] ciphertext() {
        return ciphertext.clone();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof SealedPrivateKey)) {
            return false;
        }
        SealedPrivateKey other = (SealedPrivateKey) o;
        return Arrays.equals(masterKeyId, other.masterKeyId)
            && Arrays.equals(nonce, other.nonce)
            && Arrays.equals(ciphertext, other.ciphertext);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(nonce) + Arrays.hashCode(ciphertext);
    }

    /** Never the ciphertext: logs have no business holding even the encrypted key. */
    @Override
    public String toString() {
        return "SealedPrivateKey{masterKeyId=" + masterKeyId() + ", " + ciphertext.length + " bytes}";
    }
}
