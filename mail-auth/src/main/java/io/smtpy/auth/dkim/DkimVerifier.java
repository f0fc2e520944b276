package io.smtpy.auth.dkim;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

import io.smtpy.auth.AuthStatus;
import io.smtpy.auth.DkimVerdict;
import io.smtpy.auth.DkimVerification;
import io.smtpy.core.dns.DnsLookup;

/**
 * Verifies the DKIM-Signature fields of a message (RFC 6376 §6, RFC 8301, RFC 8463) against the keys DNS publishes
 * now: rsa-sha256 and ed25519-sha256, simple and relaxed canonicalization, {@code l=}, {@code t=}/{@code x=}.
 *
 * <p>Verdicts, one per signature considered, top to bottom:
 * <ul>
 * <li>PASS;</li>
 * <li>FAIL: "body hash mismatch", "signature did not verify", "signature expired" ({@code x=} passed), "key
 * revoked" (empty {@code p=});</li>
 * <li>PERMERROR: a malformed or incomplete signature, {@code h=} without From, {@code i=} outside {@code d=},
 * rsa-sha1 or an unknown algorithm, no key record ("no key for signature"), a key record that is malformed, of the
 * wrong type or excluding SHA-256 by {@code h=}, an {@code l=} longer than the body;</li>
 * <li>TEMPERROR: the key could not be fetched (DNS failure or timeout).</li>
 * </ul>
 *
 * <p>Bounded on hostile input: only the first {@value #MAX_SIGNATURES} signatures are evaluated and the others are
 * ignored (no verdict), so a message cannot make us run thousands of DNS queries and RSA operations nor grow
 * Authentication-Results without limit; a signature field longer than {@value #MAX_SIGNATURE_FIELD_LENGTH} bytes is
 * a PERMERROR without parsing; each body canonicalization is one linear pass. Never throws for a bad message.
 */
public final class DkimVerifier implements DkimVerification {
    /** How many DKIM-Signature fields, from the top, are evaluated. */
    public static final int MAX_SIGNATURES = 10;
    /** The longest DKIM-Signature field parsed. */
    public static final int MAX_SIGNATURE_FIELD_LENGTH = 16 * 1024;

    private final DnsLookup dns;
    private final Clock clock;

    public DkimVerifier(DnsLookup dns) {
        this(dns, Clock.systemUTC());
    }

    /** @param clock the time {@code x=} is compared with */
    public DkimVerifier(DnsLookup dns, Clock clock) {
        this.dns = Objects.requireNonNull(dns, "dns");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public List<DkimVerdict> verify(byte[] message) {
        RawMessage parsed = RawMessage.parse(message);
        List<HeaderField> signatures = parsed.fieldsNamed("DKIM-Signature");
        SignatureVerification verification = new SignatureVerification(parsed, new KeyRecordLookup(dns), clock);
        List<DkimVerdict> verdicts = new ArrayList<>();
        for (HeaderField signature : signatures.subList(0, Math.min(MAX_SIGNATURES, signatures.size()))) {
            verdicts.add(verify(signature, verification));
        }
        return verdicts;
    }

    private DkimVerdict verify(HeaderField field, SignatureVerification verification) {
        if (field.length() > MAX_SIGNATURE_FIELD_LENGTH) {
            return verdict(AuthStatus.PERMERROR, null, "signature field longer than " + MAX_SIGNATURE_FIELD_LENGTH
                + " bytes");
        }
        TagList tags = null;
        try {
            tags = TagList.parse(field.value());
            verification.check(MessageSignature.of(field, tags, MessageSignature.Kind.DKIM_SIGNATURE));
            return verdict(AuthStatus.PASS, tags, null);
        } catch (SignatureCheckException e) {
            return verdict(e.status(), tags, e.reason());
        } catch (RuntimeException e) {
            // A defect of ours must not lose the mail: the signature is then unusable, not the message.
            return verdict(AuthStatus.PERMERROR, tags, "internal error: " + e);
        }
    }

    private static DkimVerdict verdict(AuthStatus status, TagList tags, String reason) {
        String domain = tags == null ? "" : tags.getOrEmpty("d").toLowerCase(Locale.ROOT);
        String selector = tags == null ? "" : tags.getOrEmpty("s");
        String algorithm = tags == null ? "" : tags.getOrEmpty("a");
        return new DkimVerdict(status, bounded(domain), bounded(selector), bounded(algorithm),
            Optional.ofNullable(reason));
    }

    /** A hostile tag value must not flow whole into Authentication-Results; a real one is at most 253 characters. */
    private static String bounded(String value) {
        return value.length() <= 255 ? value : value.substring(0, 255);
    }
}
