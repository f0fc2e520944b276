package io.smtpy.notifications;

import java.nio.charset.StandardCharsets;

import io.smtpy.access.AccessId;
import io.smtpy.core.links.SignedTokens;

/**
 * The tokens of the one-click unsubscribe links on notification mails (RFC 8058): base64url, without padding, of
 *
 * <pre>
 * version (1 byte, 1) | type (1 byte, {@link NotificationType} ordinal) | member id (ASCII) | tag (16 bytes)
 * </pre>
 *
 * the tag being HMAC-SHA256 of what precedes it, cut to 128 bits, under a key derived from the installation secret
 * with the context {@code "smtpy notification unsubscribe v1"}, so it can never be taken for a block link's or a rule
 * post's signature (core's {@link SignedTokens} makes and opens the envelope). The link is its own credential: no
 * login, nothing stored per mail.
 *
 * <p>A token does not expire: all it can do is turn one type of mail off for one member, which the member can undo,
 * and an unsubscribe link in an old mail is expected to keep working. Only the exact spelling {@link #token} writes is
 * accepted, and the tag is checked (in constant time) before any field is read.
 */
public final class UnsubscribeTokens {
    /** Minimum length of the installation secret. */
    public static final int MIN_SECRET_BYTES = SignedTokens.MIN_SECRET_BYTES;
    private static final int VERSION = 1;
    private static final int MAX_TOKEN_CHARS = 256;

    private final SignedTokens tokens;

    /**
     * @throws IllegalArgumentException when the secret is shorter than {@value #MIN_SECRET_BYTES} bytes
     */
    public UnsubscribeTokens(byte[] installationSecret) {
        this.tokens = new SignedTokens(installationSecret, "smtpy notification unsubscribe v1", MAX_TOKEN_CHARS);
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
        byte[] claim = new byte[2 + id.length];
        claim[0] = VERSION;
        claim[1] = (byte) type.ordinal();
        System.arraycopy(id, 0, claim, 2, id.length);
        return tokens.seal(claim);
    }

    /**
     * @throws InvalidTokenException for anything but an authentic token, whatever the input
     */
    public Claim verify(String token) throws InvalidTokenException {
        byte[] claim;
        try {
            claim = tokens.open(token, 3);
        } catch (SignedTokens.RefusedTokenException e) {
            throw new InvalidTokenException(e.getMessage());
        }
        if (claim[0] != VERSION || (claim[1] & 0xff) >= NotificationType.values().length) {
            throw new InvalidTokenException("the token's fields are not understood by this server");
        }
        try {
            AccessId member = AccessId.of(new String(claim, 2, claim.length - 2, StandardCharsets.US_ASCII));
            return new Claim(member, NotificationType.values()[claim[1] & 0xff]);
        } catch (IllegalArgumentException e) {
            throw new InvalidTokenException("the token's fields are not understood by this server");
        }
    }
}
