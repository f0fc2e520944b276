package io.smtpy.sending.tracking;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.OptionalInt;

import io.smtpy.core.links.SignedTokens;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.LocalPart;

/**
 * Makes and checks the tokens of tracking links, sealed by {@link SignedTokens} (HMAC-SHA256-128 under a key derived
 * from the installation secret with the context {@code "smtpy tracking link v1"}, a key of its own). The claim is
 *
 * <pre>
 * version (1 byte, 1) | kind ('o' or 'c') | domain length (1) | domain (ASCII) | alias length (1, 0 for none) | alias
 * | journey length (2) | journey (UTF-8) | recipient index (2, 0xffff for unknown) | url length (2) | url (UTF-8)
 * </pre>
 *
 * A click token carries the URL the mail had, so the redirect goes only where the signed mail pointed: smtpy is no
 * open redirect, and nothing is stored per link. Tokens do not expire: a link in an old mail must keep taking its
 * reader where it pointed. Changing the installation secret invalidates them all (the click routes then answer 404).
 */
public final class TrackingTokens {
    static final int VERSION = 1;
    /** Links are written into HTML; 2,000 characters of URL are far above real ones. */
    public static final int MAX_URL_BYTES = 4096;
    private static final int MAX_TOKEN_CHARS = 8192;
    private static final int NO_INDEX = 0xffff;
    /** Version, kind, domain length, the shortest domain, alias length, journey length, index, url length. */
    private static final int MIN_CLAIM_BYTES = 1 + 1 + 1 + 3 + 1 + 2 + 2 + 2;

    private final SignedTokens tokens;

    public TrackingTokens(byte[] installationSecret) {
        this.tokens = new SignedTokens(installationSecret, "smtpy tracking link v1", MAX_TOKEN_CHARS);
    }

    /**
     * @throws IllegalArgumentException when the URL or the journey id is too long for a token
     */
    public String token(TrackingClaim claim) {
        byte[] domain = claim.domain().asString().getBytes(StandardCharsets.US_ASCII);
        byte[] alias = claim.alias().map(localPart -> localPart.asString().getBytes(StandardCharsets.UTF_8)).orElse(new byte[0]);
        byte[] journey = claim.journeyId().getBytes(StandardCharsets.UTF_8);
        byte[] url = claim.url().map(value -> value.getBytes(StandardCharsets.UTF_8)).orElse(new byte[0]);
        if (url.length > MAX_URL_BYTES || journey.length > 0xffff || alias.length > 0xff) {
            throw new IllegalArgumentException("the link's URL, journey or alias is too long for a tracking token");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 + url.length);
        out.write(VERSION);
        out.write(claim.kind().code());
        out.write(domain.length);
        out.writeBytes(domain);
        out.write(alias.length);
        out.writeBytes(alias);
        writeShort(out, journey.length);
        out.writeBytes(journey);
        writeShort(out, claim.recipientIndex().isPresent() && claim.recipientIndex().getAsInt() < NO_INDEX
            ? claim.recipientIndex().getAsInt() : NO_INDEX);
        writeShort(out, url.length);
        out.writeBytes(url);
        return tokens.seal(out.toByteArray());
    }

    /**
     * The claim of an authentic token of {@code kind}.
     *
     * @throws InvalidTrackingTokenException for anything else (a pixel token used as a click, too), never another exception
     */
    public TrackingClaim verify(TrackingKind kind, String token) throws InvalidTrackingTokenException {
        byte[] claim;
        try {
            claim = tokens.open(token, MIN_CLAIM_BYTES, VERSION);
        } catch (SignedTokens.RefusedTokenException e) {
            throw new InvalidTrackingTokenException(e.getMessage());
        }
        TrackingClaim read = read(ByteBuffer.wrap(claim));
        if (read.kind() != kind) {
            throw new InvalidTrackingTokenException("the token is not a " + kind.name().toLowerCase(java.util.Locale.ROOT) + " link's");
        }
        return read;
    }

    /** The fields, tag already checked: an inconsistency here means a bug or a leaked secret, not a typo. */
    private static TrackingClaim read(ByteBuffer claim) throws InvalidTrackingTokenException {
        try {
            claim.get();
            TrackingKind kind = TrackingKind.ofCode(claim.get() & 0xff);
            DomainName domain = DomainName.of(new String(field(claim, claim.get() & 0xff), StandardCharsets.US_ASCII));
            byte[] aliasBytes = field(claim, claim.get() & 0xff);
            Optional<LocalPart> alias = aliasBytes.length == 0
                ? Optional.empty() : Optional.of(LocalPart.of(new String(aliasBytes, StandardCharsets.UTF_8)));
            String journey = new String(field(claim, claim.getShort() & 0xffff), StandardCharsets.UTF_8);
            int index = claim.getShort() & 0xffff;
            byte[] url = field(claim, claim.getShort() & 0xffff);
            if (claim.hasRemaining()) {
                throw new InvalidTrackingTokenException("the token has trailing bytes");
            }
            return TrackingClaim.of(kind, domain, alias, journey, index == NO_INDEX ? OptionalInt.empty() : OptionalInt.of(index),
                url.length == 0 ? Optional.empty() : Optional.of(new String(url, StandardCharsets.UTF_8)));
        } catch (RuntimeException inconsistent) {
            throw new InvalidTrackingTokenException("the token's fields are inconsistent");
        }
    }

    private static byte[] field(ByteBuffer claim, int length) {
        byte[] field = new byte[length];
        claim.get(field);
        return field;
    }

    private static void writeShort(ByteArrayOutputStream out, int value) {
        out.write(value >> 8);
        out.write(value & 0xff);
    }

    /** Names no secret. */
    @Override
    public String toString() {
        return "TrackingTokens";
    }
}
