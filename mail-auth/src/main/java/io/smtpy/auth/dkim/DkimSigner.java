package io.smtpy.auth.dkim;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import io.smtpy.core.model.DomainName;

/**
 * Signs a message with DKIM (RFC 6376), once per key given: rsa-sha256 and ed25519-sha256 (RFC 8463), so a domain
 * can sign with both while receivers learn Ed25519. Returns the DKIM-Signature fields; the caller puts them in
 * front of the message, in the order returned.
 *
 * <p>Every signature uses relaxed/relaxed canonicalization, which survives the re-folding and whitespace changes
 * of relays and mailing lists. It signs the fields of {@link #SIGNED_FIELDS} that the message has, each instance,
 * and From once more than present ("over-signing", RFC 6376 §8.15) so that no From can be added without breaking
 * the signature. {@code t=} is the injected clock's time; {@code x=} is added when a lifetime is configured.
 *
 * <p>Built on smtpy's own {@link Canonicalization}, shared with the verifier and ARC, rather than jdkim's
 * {@code DKIMSigner}: see {@link Canonicalization} for the jdkim 0.3 defects that rule it out.
 */
public final class DkimSigner {
    /** The fields signed when present, in this order in {@code h=}. */
    public static final List<String> SIGNED_FIELDS = List.of("from", "to", "cc", "subject", "date", "message-id",
        "reply-to", "in-reply-to", "references", "mime-version", "content-type", "content-transfer-encoding",
        "list-id", "list-unsubscribe", "list-unsubscribe-post");

    private final Clock clock;
    private final Optional<Duration> lifetime;

    /** Signatures without expiry. */
    public DkimSigner(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.lifetime = Optional.empty();
    }

    /** Signatures expiring {@code lifetime} after signing ({@code x=}). */
    public DkimSigner(Clock clock, Duration lifetime) {
        this.clock = Objects.requireNonNull(clock, "clock");
        if (lifetime.isNegative() || lifetime.getSeconds() < 1) {
            throw new IllegalArgumentException("signature lifetime must be at least one second, not " + lifetime);
        }
        this.lifetime = Optional.of(lifetime);
    }

    /**
     * @param message the whole message, lines ended by CRLF
     * @param keys at least one, all of the same domain
     * @return one DKIM-Signature field per key, in key order, each folded and ending with CRLF
     * @throws IllegalArgumentException when no key is given or the keys are of different domains
     */
    public List<String> sign(byte[] message, List<SigningKey> keys) {
        RawMessage parsed = RawMessage.parse(message);
        return sign(parsed, relaxedBodyHash(parsed), keys);
    }

    /**
     * The same, for a message parsed already and its {@link #relaxedBodyHash}, which ARC's message signature of the
     * same copy shares (one body hash per message, not per signature).
     */
    public List<String> sign(RawMessage parsed, String relaxedBodyHash, List<SigningKey> keys) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("no key to sign with");
        }
        DomainName domain = keys.get(0).domain();
        for (SigningKey key : keys) {
            if (!key.domain().equals(domain)) {
                throw new IllegalArgumentException("keys of " + domain + " and " + key.domain()
                    + " given: one signing domain per call");
            }
        }
        List<String> signedFields = signedFields(parsed, List.of());
        long now = clock.instant().getEpochSecond();
        List<HeaderField> covered = parsed.select(signedFields);
        List<String> signatures = new ArrayList<>(keys.size());
        for (SigningKey key : keys) {
            SignatureFieldWriter writer = new SignatureFieldWriter("DKIM-Signature")
                .tag("v", "1")
                .tag("a", key.algorithm().signatureAlgorithm())
                .tag("c", "relaxed/relaxed")
                .tag("d", key.domain().asString())
                .tag("s", key.selector().asString())
                .tag("t", Long.toString(now));
            lifetime.ifPresent(duration -> writer.tag("x", Long.toString(now + duration.getSeconds())));
            writer.headerList(signedFields).tag("bh", relaxedBodyHash);
            byte[] signedData = Canonicalization.RELAXED.signedHeaderData(covered, writer.unsigned());
            signatures.add(writer.signed(key.sign(signedData)));
        }
        return signatures;
    }

    /** {@code bh=} of a relaxed, unlimited signature of {@code message}: base64 of the SHA-256 of its canonical body. */
    public static String relaxedBodyHash(RawMessage message) {
        return Base64.getEncoder().encodeToString(Canonicalization.RELAXED.hashBody(message, -1).digest());
    }

    /** Signs with one key. */
    public String sign(byte[] message, SigningKey key) {
        return sign(message, List.of(key)).get(0);
    }

    /**
     * The {@code h=} list for {@code message}: each of {@link #SIGNED_FIELDS} and of {@code extraFields} as many
     * times as it occurs, then From once more.
     */
    public static List<String> signedFields(RawMessage message, List<String> extraFields) {
        List<String> names = new ArrayList<>();
        for (String name : SIGNED_FIELDS) {
            addEachInstance(message, name, names);
        }
        for (String name : extraFields) {
            addEachInstance(message, name, names);
        }
        names.add("from");
        return names;
    }

    private static void addEachInstance(RawMessage message, String name, List<String> names) {
        for (int i = message.count(name); i > 0; i--) {
            names.add(name);
        }
    }
}
