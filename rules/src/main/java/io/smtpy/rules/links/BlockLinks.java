package io.smtpy.rules.links;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.mail.internet.AddressException;

import org.apache.james.core.MailAddress;

import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.LocalPart;

/**
 * Makes and checks the tokens of one-click block links. A token is base64url (no padding) of
 *
 * <pre>
 * version (1 byte, 1) | action (1 byte) | expiry (4 bytes, unsigned unix seconds, big-endian)
 * | domain length (1) | domain (ASCII) | alias length (1) | alias (ASCII)
 * | sender length (2, 0 for none) | sender (UTF-8) | tag (16 bytes)
 * </pre>
 *
 * where the tag is HMAC-SHA256 of everything before it, truncated to 128 bits (as HMAC-SHA-256-128 of RFC 4868: a
 * forger still has to guess 2^128 values, and the link stays short), under a key derived from the installation
 * secret with the context {@code "smtpy block link v1"}: a key of its own, unlike the one rule posts are signed
 * with, so a signature shown to an owner can never serve as a link. Typically 80 to 120 characters.
 *
 * <p>Verification checks the tag (in constant time) before reading any field, then the expiry, and refuses
 * everything else with an {@link InvalidLinkException}: the input comes from anyone on the internet. A token is
 * accepted only in the exact form {@link #token} writes, so no two strings carry the same claim. Revoking links is
 * done by what they act on (a block that exists already, an alias re-enabled), or for all of them at once by
 * changing the installation secret.
 */
public final class BlockLinks {
    public static final Duration DEFAULT_LIFETIME = Duration.ofDays(60);
    /** Minimum length of the installation secret, as for rule post keys. */
    public static final int MIN_SECRET_BYTES = 32;
    static final int VERSION = 1;
    static final int TAG_BYTES = 16;
    private static final String HMAC = "HmacSHA256";
    private static final byte[] CONTEXT = "smtpy block link v1".getBytes(StandardCharsets.US_ASCII);
    private static final long MAX_EXPIRY = 0xffff_ffffL;
    private static final int MAX_SENDER_BYTES = 0xffff;
    /** Version, action, expiry, three lengths, the shortest domain ("a.b") and alias, the tag. */
    private static final int MIN_BYTES = 1 + 1 + 4 + 1 + 3 + 1 + 1 + 2 + TAG_BYTES;
    /** Far above any real token: a longer input is refused before any decoding work. */
    private static final int MAX_TOKEN_CHARS = 1024;
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private final SecretKeySpec key;
    private final Clock clock;
    private final Duration lifetime;

    /**
     * @param lifetime how long a link works after the mail carrying it was forwarded; long enough for mail read
     *                 late, short enough that an old message found later cannot still act
     * @throws IllegalArgumentException when the secret is shorter than {@value #MIN_SECRET_BYTES} bytes or the
     *                                  lifetime is not positive
     */
    public BlockLinks(byte[] installationSecret, Clock clock, Duration lifetime) {
        Objects.requireNonNull(installationSecret, "installationSecret");
        if (installationSecret.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("the installation secret must be at least " + MIN_SECRET_BYTES
                + " bytes long, it is " + installationSecret.length);
        }
        if (lifetime.isNegative() || lifetime.isZero()) {
            throw new IllegalArgumentException("a link's lifetime must be positive, not " + lifetime);
        }
        this.key = new SecretKeySpec(mac(new SecretKeySpec(installationSecret, HMAC), CONTEXT, CONTEXT.length), HMAC);
        this.clock = Objects.requireNonNull(clock);
        this.lifetime = lifetime;
    }

    /** With the {@link #DEFAULT_LIFETIME} of 60 days. */
    public BlockLinks(byte[] installationSecret, Clock clock) {
        this(installationSecret, clock, DEFAULT_LIFETIME);
    }

    /**
     * A token for {@code action} on {@code alias@domain}, valid from now for the lifetime.
     *
     * @param sender the sender to block; empty stands for the null sender ({@code <>}), so blocking it blocks the
     *               alias's bounces and notifications. A {@link LinkAction#DISABLE_ALIAS} token carries it too, so the
     *               page can say which mail the link came with.
     */
    public String token(LinkAction action, DomainName domain, LocalPart alias, Optional<MailAddress> sender) {
        long expiry = clock.instant().plus(lifetime).getEpochSecond();
        if (expiry < 0 || expiry > MAX_EXPIRY) {
            throw new IllegalStateException("a link expiring at " + expiry + " does not fit in 32 bits");
        }
        byte[] domainBytes = domain.asString().getBytes(StandardCharsets.US_ASCII);
        byte[] aliasBytes = alias.asString().getBytes(StandardCharsets.UTF_8);
        byte[] senderBytes = sender.map(address -> address.asString().getBytes(StandardCharsets.UTF_8)).orElse(new byte[0]);
        if (senderBytes.length > MAX_SENDER_BYTES) {
            throw new IllegalArgumentException("a sender of " + senderBytes.length + " bytes is too long for a link");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 + senderBytes.length);
        out.write(VERSION);
        out.write(action.code());
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) expiry).array());
        out.write(domainBytes.length);
        out.writeBytes(domainBytes);
        out.write(aliasBytes.length);
        out.writeBytes(aliasBytes);
        out.write(senderBytes.length >> 8);
        out.write(senderBytes.length & 0xff);
        out.writeBytes(senderBytes);
        byte[] claim = out.toByteArray();
        out.writeBytes(tag(claim, claim.length));
        return ENCODER.encodeToString(out.toByteArray());
    }

    /**
     * The claim of an authentic, unexpired token.
     *
     * @throws InvalidLinkException for anything else, never another exception, whatever the input
     */
    public LinkClaim verify(String token) throws InvalidLinkException {
        byte[] bytes = decode(token);
        if ((bytes[0] & 0xff) != VERSION) {
            throw new InvalidLinkException(InvalidLinkException.Reason.UNKNOWN_VERSION,
                "the link has format version " + (bytes[0] & 0xff) + ", this server reads " + VERSION);
        }
        int claimLength = bytes.length - TAG_BYTES;
        byte[] expected = tag(bytes, claimLength);
        if (!MessageDigest.isEqual(expected, Arrays.copyOfRange(bytes, claimLength, bytes.length))) {
            throw new InvalidLinkException(InvalidLinkException.Reason.FORGED,
                "the link is not authentic: it was changed, or made with another secret");
        }
        LinkClaim claim = read(ByteBuffer.wrap(bytes, 0, claimLength));
        if (!clock.instant().isBefore(claim.expiresAt())) {
            throw new InvalidLinkException(InvalidLinkException.Reason.EXPIRED, "the link expired at " + claim.expiresAt());
        }
        return claim;
    }

    private static byte[] decode(String token) throws InvalidLinkException {
        if (token == null || token.isEmpty()) {
            throw malformed("the link has no token");
        }
        if (token.length() > MAX_TOKEN_CHARS) {
            throw malformed("the token is longer than " + MAX_TOKEN_CHARS + " characters");
        }
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(token);
        } catch (IllegalArgumentException notBase64) {
            throw malformed("the token is not base64url");
        }
        // The decoder ignores the unused low bits of the last character and accepts padding: only the one spelling
        // token() writes is taken, so that a changed character never leaves the token valid.
        if (!ENCODER.encodeToString(bytes).equals(token)) {
            throw malformed("the token is not in canonical base64url");
        }
        if (bytes.length < MIN_BYTES) {
            throw malformed("the token is truncated");
        }
        return bytes;
    }

    /** The fields, tag already checked: an inconsistency here means a bug or a leaked secret, not a typo. */
    private static LinkClaim read(ByteBuffer claim) throws InvalidLinkException {
        try {
            claim.get();
            LinkAction action = LinkAction.ofCode(claim.get() & 0xff);
            Instant expiresAt = Instant.ofEpochSecond(claim.getInt() & 0xffff_ffffL);
            DomainName domain = DomainName.of(new String(field(claim, claim.get() & 0xff), StandardCharsets.US_ASCII));
            LocalPart alias = LocalPart.of(new String(field(claim, claim.get() & 0xff), StandardCharsets.UTF_8));
            byte[] senderBytes = field(claim, claim.getShort() & 0xffff);
            Optional<MailAddress> sender = senderBytes.length == 0
                ? Optional.empty()
                : Optional.of(new MailAddress(new String(senderBytes, StandardCharsets.UTF_8)));
            if (claim.hasRemaining()) {
                throw malformed("the token has trailing bytes");
            }
            return new LinkClaim(action, domain, alias, sender, expiresAt);
        } catch (RuntimeException | AddressException inconsistent) {
            throw malformed("the token's fields are inconsistent");
        }
    }

    private static byte[] field(ByteBuffer claim, int length) {
        byte[] field = new byte[length];
        claim.get(field);
        return field;
    }

    private static InvalidLinkException malformed(String message) {
        return new InvalidLinkException(InvalidLinkException.Reason.MALFORMED, message);
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
        return "BlockLinks[lifetime " + lifetime + "]";
    }
}
