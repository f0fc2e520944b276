package io.smtpy.rules.links;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

import javax.mail.internet.AddressException;

import org.apache.james.core.MailAddress;

import io.smtpy.core.links.SignedTokens;
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
 * with, so a signature shown to an owner can never serve as a link (core's {@link SignedTokens} makes and opens the
 * envelope). Typically 80 to 120 characters.
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
    public static final int MIN_SECRET_BYTES = SignedTokens.MIN_SECRET_BYTES;
    static final int VERSION = 1;
    static final int TAG_BYTES = SignedTokens.TAG_BYTES;
    private static final String CONTEXT = "smtpy block link v1";
    private static final long MAX_EXPIRY = 0xffff_ffffL;
    private static final int MAX_SENDER_BYTES = 0xffff;
    /** Version, action, expiry, three lengths, the shortest domain ("a.b") and alias. */
    private static final int MIN_CLAIM_BYTES = 1 + 1 + 4 + 1 + 3 + 1 + 1 + 2;
    /** Far above any real token: a longer input is refused before any decoding work. */
    private static final int MAX_TOKEN_CHARS = 1024;

    private final SignedTokens tokens;
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
        if (lifetime.isNegative() || lifetime.isZero()) {
            throw new IllegalArgumentException("a link's lifetime must be positive, not " + lifetime);
        }
        this.tokens = new SignedTokens(installationSecret, CONTEXT, MAX_TOKEN_CHARS);
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
        return tokens.seal(out.toByteArray());
    }

    /**
     * The claim of an authentic, unexpired token.
     *
     * @throws InvalidLinkException for anything else, never another exception, whatever the input
     */
    public LinkClaim verify(String token) throws InvalidLinkException {
        byte[] bytes;
        try {
            bytes = tokens.open(token, MIN_CLAIM_BYTES, VERSION);
        } catch (SignedTokens.RefusedTokenException e) {
            throw new InvalidLinkException(InvalidLinkException.Reason.valueOf(e.reason().name()), e.getMessage());
        }
        LinkClaim claim = read(ByteBuffer.wrap(bytes));
        if (!clock.instant().isBefore(claim.expiresAt())) {
            throw new InvalidLinkException(InvalidLinkException.Reason.EXPIRED, "the link expired at " + claim.expiresAt());
        }
        return claim;
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

    /** Names no secret. */
    @Override
    public String toString() {
        return "BlockLinks[lifetime " + lifetime + "]";
    }
}
