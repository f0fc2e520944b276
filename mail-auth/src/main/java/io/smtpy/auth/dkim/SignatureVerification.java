package io.smtpy.auth.dkim;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.smtpy.auth.AuthStatus;

/**
 * Checks DKIM-style signatures (DKIM-Signature, ARC-Message-Signature) of one message, in the order of RFC 6376
 * §6.1: expiry, key, body hash, then the signature over the header fields. Body hashes are remembered per
 * canonicalization and length limit, so many signatures of one message cost one pass over the body each kind.
 * One instance per message; not thread-safe.
 */
public final class SignatureVerification {
    private final RawMessage message;
    private final KeyRecordLookup keys;
    private final Clock clock;
    private final Map<String, BodyHash> bodyHashes = new HashMap<>();

    public SignatureVerification(RawMessage message, KeyRecordLookup keys, Clock clock) {
        this.message = message;
        this.keys = keys;
        this.clock = clock;
    }

    /**
     * Returns normally when {@code signature} passes.
     *
     * @throws SignatureCheckException FAIL ("signature expired", "key revoked", "body hash mismatch", "signature did
     *     not verify"), PERMERROR (no or unusable key, {@code l=} longer than the body), TEMPERROR (DNS failure)
     */
    public void check(MessageSignature signature) throws SignatureCheckException {
        if (signature.expiration().isPresent() && clock.instant().getEpochSecond() > signature.expiration().getAsLong()) {
            throw new SignatureCheckException(AuthStatus.FAIL, "signature expired");
        }
        PublicKeyRecord key = keys.find(signature.selector(), signature.domain());
        key.checkUsableFor(signature.algorithm());
        if (key.strictIdentity() && !signature.identityDomain().orElse(signature.domain()).equals(signature.domain())) {
            throw new SignatureCheckException(AuthStatus.PERMERROR, "key t=s requires the i= domain to be d=");
        }
        BodyHash body = bodyHash(signature.bodyCanonicalization(), signature.bodyLengthLimit());
        if (signature.bodyLengthLimit() > body.canonicalLength()) {
            throw new SignatureCheckException(AuthStatus.PERMERROR, "l= is longer than the body");
        }
        if (!body.matches(signature.bodyHash())) {
            throw new SignatureCheckException(AuthStatus.FAIL, "body hash mismatch");
        }
        byte[] signedData = signature.headerCanonicalization()
            .signedHeaderData(message.select(signature.signedHeaders()), signature.field());
        if (!key.verifies(signedData, signature.signature())) {
            throw new SignatureCheckException(AuthStatus.FAIL, "signature did not verify");
        }
    }

    /**
     * Checks an ARC-Seal over the ARC fields it seals ({@code sealedFields}, in hashing order; its own field comes
     * last, added here), with the key its {@code d=} and {@code s=} name. Returns normally when it verifies.
     *
     * @throws SignatureCheckException as {@link #check}, without the body checks
     */
    public void checkSeal(MessageSignature seal, List<HeaderField> sealedFields) throws SignatureCheckException {
        PublicKeyRecord key = keys.find(seal.selector(), seal.domain());
        key.checkUsableFor(seal.algorithm());
        byte[] signedData = Canonicalization.RELAXED.signedHeaderData(sealedFields, seal.field());
        if (!key.verifies(signedData, seal.signature())) {
            throw new SignatureCheckException(AuthStatus.FAIL, "signature did not verify");
        }
    }

    private BodyHash bodyHash(Canonicalization canonicalization, long limit) {
        return bodyHashes.computeIfAbsent(canonicalization + "/" + limit,
            any -> canonicalization.hashBody(message, limit));
    }
}
