package io.smtpy.core.links;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The envelope of a link token that is its own credential: base64url (no padding) of {@code claim | tag}, the tag
 * being HMAC-SHA256 of the claim, cut to 128 bits (HMAC-SHA-256-128, RFC 4868), under a key derived from the
 * installation secret with a context string of the token's kind, so that a token of one kind can never pass for
 * another's. {@link #open} checks the length, the one canonical spelling and the tag (in constant time) before
 * handing back any byte of the claim: what the claim means is the caller's to read.
 */
public final class SignedTokens {
    /** Minimum length of the installation secret. */
    public static final int MIN_SECRET_BYTES = 32;
    public static final int TAG_BYTES = 16;
    private static final String HMAC = "HmacSHA256";
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private final SecretKeySpec key;
    private final int maxTokenChars;

    /**
     * @param context names the kind of token, e.g. {@code "smtpy tracking link v1"}
     * @param maxTokenChars a longer input is refused before any decoding work
     * @throws IllegalArgumentException when the secret is shorter than {@value #MIN_SECRET_BYTES} bytes
     */
    public SignedTokens(byte[] installationSecret, String context, int maxTokenChars) {
        Objects.requireNonNull(installationSecret, "installationSecret");
        if (installationSecret.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("the installation secret must be at least " + MIN_SECRET_BYTES
                + " bytes long, it is " + installationSecret.length);
        }
        byte[] contextBytes = context.getBytes(StandardCharsets.US_ASCII);
        this.key = new SecretKeySpec(mac(new SecretKeySpec(installationSecret, HMAC), contextBytes, contextBytes.length), HMAC);
        this.maxTokenChars = maxTokenChars;
    }

    /** A refused token; the message says why without repeating it. */
    public static final class RefusedTokenException extends Exception {
        private static final long serialVersionUID = 1L;
        private final Reason reason;

        /** Why a token was refused. */
        public enum Reason {
            /** Empty, too long, not canonical base64url, or too short. */
            MALFORMED,
            /** Well formed, but of a format version this server does not read. */
            UNKNOWN_VERSION,
            /** Well formed, but its tag does not match: changed, or made with another secret. */
            FORGED
        }

        RefusedTokenException(Reason reason, String message) {
            super(message);
            this.reason = reason;
        }

        public Reason reason() {
            return reason;
        }

        /** True when the token was well formed but its tag did not match. */
        public boolean forged() {
            return reason == Reason.FORGED;
        }
    }

    /** The token carrying {@code claim}. */
    public String seal(byte[] claim) {
        byte[] sealed = Arrays.copyOf(claim, claim.length + TAG_BYTES);
        System.arraycopy(tag(claim, claim.length), 0, sealed, claim.length, TAG_BYTES);
        return ENCODER.encodeToString(sealed);
    }

    /**
     * The claim of an authentic token, at least {@code minClaimBytes} long.
     *
     * @throws RefusedTokenException for anything else, never another exception, whatever the input
     */
    public byte[] open(String token, int minClaimBytes) throws RefusedTokenException {
        return open(token, minClaimBytes, -1);
    }

    /**
     * As {@link #open(String, int)}, for claims whose first byte is their format version: one of another version is
     * refused as such ({@link RefusedTokenException.Reason#UNKNOWN_VERSION}) before its tag is checked, since another
     * version may be keyed differently.
     */
    public byte[] open(String token, int minClaimBytes, int version) throws RefusedTokenException {
        if (token == null || token.isEmpty()) {
            throw malformed("the link has no token");
        }
        if (token.length() > maxTokenChars) {
            throw malformed("the token is longer than " + maxTokenChars + " characters");
        }
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(token);
        } catch (IllegalArgumentException notBase64) {
            throw malformed("the token is not base64url");
        }
        // The decoder ignores the unused low bits of the last character and accepts padding: only the one spelling
        // seal() writes is taken, so that a changed character never leaves the token valid.
        if (!ENCODER.encodeToString(bytes).equals(token)) {
            throw malformed("the token is not in canonical base64url");
        }
        if (bytes.length < Math.max(minClaimBytes, 1) + TAG_BYTES) {
            throw malformed("the token is truncated");
        }
        if (version >= 0 && (bytes[0] & 0xff) != version) {
            throw new RefusedTokenException(RefusedTokenException.Reason.UNKNOWN_VERSION,
                "the link has format version " + (bytes[0] & 0xff) + ", this server reads " + version);
        }
        int claimLength = bytes.length - TAG_BYTES;
        if (!MessageDigest.isEqual(tag(bytes, claimLength), Arrays.copyOfRange(bytes, claimLength, bytes.length))) {
            throw new RefusedTokenException(RefusedTokenException.Reason.FORGED,
                "the link is not authentic: it was changed, or made with another secret");
        }
        return Arrays.copyOf(bytes, claimLength);
    }

    private static RefusedTokenException malformed(String message) {
        return new RefusedTokenException(RefusedTokenException.Reason.MALFORMED, message);
    }

    private byte[] tag(byte[] bytes, int length) {
        return Arrays.copyOf(mac(key, bytes, length), TAG_BYTES);
    }

    private static byte[] mac(SecretKeySpec key, byte[] bytes, int length) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(key);
            mac.update(bytes, 0, length);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not usable", e);
        }
    }

    /** Names no secret. */
    @Override
    public String toString() {
        return "SignedTokens[max " + maxTokenChars + " characters]";
    }
}
