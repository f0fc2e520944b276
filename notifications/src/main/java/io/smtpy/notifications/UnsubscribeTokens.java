package io.smtpy.notifications;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.smtpy.access.AccessId;

/**
 * The tokens of the one-click unsubscribe links on notification mails (RFC 8058): base64url, without padding, of
 *
 * <pre>
 * version (1 byte, 1) | type (1 byte, {@link NotificationType} ordinal) | member id (ASCII) | tag (16 bytes)
 * </pre>
 *
 * the tag being HMAC-SHA256 of what precedes it, cut to 128 bits, under a key derived from the installation secret
 * with the context {@code "smtpy notification unsubscribe v1"}, so it can never be taken for a block link's or a rule
 * post's signature. The link is its own credential: no login, nothing stored per mail.
 *
 * <p>A token does not expire: all it can do is turn one type of mail off for one member, which the member can undo,
 * and an unsubscribe link in an old mail is expected to keep working. Only the exact spelling {@link #token} writes is
 * accepted, and the tag is checked (in constant time) before any field is read.
 */
public final class UnsubscribeTokens {
    /** Minimum length of the installation secret. */
    public static final int MIN_SECRET_BYTES = 32;
    private static final int VERSION = 1;
    private static final int TAG_BYTES = 16;
    private static final int MAX_TOKEN_CHARS = 256;
    private static final String HMAC = "HmacSHA256";
    private static final byte[] CONTEXT = "smtpy notification unsubscribe v1".getBytes(StandardCharsets.US_ASCII);
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private final SecretKeySpec key;

    /**
     * @throws IllegalArgumentException when the secret is shorter than {@value #MIN_SECRET_BYTES} bytes
     */
    public UnsubscribeTokens(byte[] installationSecret) {
        Objects.requireNonNull(installationSecret, "installationSecret");
        if (installationSecret.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("the installation secret must be at least " + MIN_SECRET_BYTES + " bytes long");
        }
        this.key = new SecretKeySpec(hmac(new SecretKeySpec(installationSecret, HMAC), CONTEXT), HMAC);
    }

    /** What a verified token asks: this type off for this member. */
    public static final class Claim {
        private final AccessId member;
        private final NotificationType type;

        Claim(AccessId member, NotificationType type) {
            this.member = member;
            this.type = type;
        }

        public AccessId member() {
            return member;
        }

        public NotificationType type() {
            return type;
        }
    }

    /** A refused token; the message says why, without repeating the token. */
    public static final class InvalidTokenException extends Exception {
        private static final long serialVersionUID = 1L;

        InvalidTokenException(String message) {
            super(message);
        }
    }

    public String token(AccessId member, NotificationType type) {
        byte[] id = member.asString().getBytes(StandardCharsets.US_ASCII);
        byte[] signed = new byte[2 + id.length + TAG_BYTES];
        signed[0] = VERSION;
        signed[1] = (byte) type.ordinal();
        System.arraycopy(id, 0, signed, 2, id.length);
        System.arraycopy(hmac(key, Arrays.copyOf(signed, 2 + id.length)), 0, signed, 2 + id.length, TAG_BYTES);
        return BASE64URL.encodeToString(signed);
    }

    /**
     * @throws InvalidTokenException for anything but an authentic token, whatever the input
     */
    public Claim verify(String token) throws InvalidTokenException {
        if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_CHARS) {
            throw new InvalidTokenException("the link has no token, or one far too long");
        }
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(token);
        } catch (IllegalArgumentException e) {
            throw new InvalidTokenException("the token is not base64url");
        }
        if (bytes.length < 3 + TAG_BYTES || !BASE64URL.encodeToString(bytes).equals(token)) {
            throw new InvalidTokenException("the token is truncated or not in canonical base64url");
        }
        int signedLength = bytes.length - TAG_BYTES;
        byte[] expected = Arrays.copyOf(hmac(key, Arrays.copyOf(bytes, signedLength)), TAG_BYTES);
        if (!MessageDigest.isEqual(expected, Arrays.copyOfRange(bytes, signedLength, bytes.length))) {
            throw new InvalidTokenException("the link is not authentic: it was changed, or made with another secret");
        }
        if (bytes[0] != VERSION || (bytes[1] & 0xff) >= NotificationType.values().length) {
            throw new InvalidTokenException("the token's fields are not understood by this server");
        }
        try {
            AccessId member = AccessId.of(new String(bytes, 2, signedLength - 2, StandardCharsets.US_ASCII));
            return new Claim(member, NotificationType.values()[bytes[1] & 0xff]);
        } catch (IllegalArgumentException e) {
            throw new InvalidTokenException("the token's fields are not understood by this server");
        }
    }

    private static byte[] hmac(SecretKeySpec key, byte[] bytes) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(key);
            return mac.doFinal(bytes);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
