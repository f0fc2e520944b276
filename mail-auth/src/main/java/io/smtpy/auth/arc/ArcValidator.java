package io.smtpy.auth.arc;

import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

import io.smtpy.auth.AuthStatus;
import io.smtpy.auth.dkim.HeaderField;
import io.smtpy.auth.dkim.KeyRecordLookup;
import io.smtpy.auth.dkim.MessageSignature;
import io.smtpy.auth.dkim.RawMessage;
import io.smtpy.auth.dkim.SignatureCheckException;
import io.smtpy.auth.dkim.SignatureVerification;
import io.smtpy.auth.dkim.TagList;
import io.smtpy.core.dns.DnsLookup;

/**
 * Validates the Authenticated Received Chain already on a message (RFC 8617 §5.2), with keys from DNS:
 * <ol>
 * <li>no ARC set: none;</li>
 * <li>sets not numbered 1..N, incomplete, duplicated, more than 50, or a malformed seal: fail;</li>
 * <li>the newest ARC-Seal says {@code cv=fail}: fail (and {@link ArcChainResult#failureSealedUpstream()});</li>
 * <li>the seal of instance 1 not {@code cv=none}, or a later one not {@code cv=pass}: fail;</li>
 * <li>the newest ARC-Message-Signature does not verify (DKIM-style, header fields and body): fail;</li>
 * <li>an ARC-Seal, from the newest down to 1, does not verify over the ARC fields of instances 1 to its own, each
 * instance as ARC-Authentication-Results, ARC-Message-Signature, ARC-Seal in relaxed form: fail;</li>
 * <li>otherwise pass.</li>
 * </ol>
 * A key that cannot be fetched because of DNS gives TEMPERROR instead of fail (see {@link ArcChainResult}). Older
 * ARC-Message-Signatures are not checked: RFC 8617 needs them only for the optional "oldest pass". Bounded: at most
 * 150 ARC fields are looked at, at most 51 signatures verified, one key query per selector. Never throws for a bad
 * message.
 */
public final class ArcValidator {
    private final DnsLookup dns;
    private final Clock clock;

    public ArcValidator(DnsLookup dns) {
        this(dns, Clock.systemUTC());
    }

    /** @param clock the time the newest ARC-Message-Signature's {@code x=} is compared with */
    public ArcValidator(DnsLookup dns, Clock clock) {
        this.dns = Objects.requireNonNull(dns, "dns");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** @param message the whole message as received, lines ended by CRLF */
    public ArcChainResult validate(byte[] message) {
        try {
            return validate(RawMessage.parse(message));
        } catch (RuntimeException e) {
            // A defect of ours must not lose the mail: the chain is then unusable, not the message.
            return ArcChainResult.fail(0, OptionalInt.empty(), "internal error: " + e);
        }
    }

    private ArcChainResult validate(RawMessage parsed) {
        ArcChain chain;
        try {
            chain = ArcChain.read(parsed);
        } catch (ArcChain.BrokenChainException e) {
            return ArcChainResult.fail(e.highestInstance(), e.instance(), e.getMessage());
        }
        int newest = chain.size();
        if (newest == 0) {
            return ArcChainResult.none();
        }
        if (chain.chainValidation(newest).equals("fail")) {
            return ArcChainResult.failedUpstream(newest);
        }
        for (int instance = 1; instance <= newest; instance++) {
            String expected = instance == 1 ? "none" : "pass";
            String found = chain.chainValidation(instance);
            if (!found.equals(expected)) {
                return ArcChainResult.fail(newest, OptionalInt.of(instance), "ARC-Seal i=" + instance + " has cv="
                    + found + " where " + expected + " is required");
            }
        }
        SignatureVerification verification = new SignatureVerification(parsed, new KeyRecordLookup(dns), clock);
        try {
            verifyMessageSignature(chain.messageSignature(newest), newest, verification);
        } catch (SignatureCheckException e) {
            return failure(newest, newest, "ARC-Message-Signature i=" + newest + ": " + e.reason(), e);
        } catch (RuntimeException e) {
            return ArcChainResult.fail(newest, OptionalInt.of(newest), "internal error: " + e);
        }
        for (int instance = newest; instance >= 1; instance--) {
            List<HeaderField> sealed = chain.fieldsThrough(instance - 1);
            sealed.add(chain.authenticationResults(instance));
            sealed.add(chain.messageSignature(instance));
            try {
                verification.checkSeal(chain.seal(instance), sealed);
            } catch (SignatureCheckException e) {
                return failure(newest, instance, "ARC-Seal i=" + instance + ": " + e.reason(), e);
            } catch (RuntimeException e) {
                return ArcChainResult.fail(newest, OptionalInt.of(instance), "internal error: " + e);
            }
        }
        return ArcChainResult.pass(newest);
    }

    private static void verifyMessageSignature(HeaderField field, int instance, SignatureVerification verification)
            throws SignatureCheckException {
        if (field.length() > ArcChain.MAX_SIGNATURE_FIELD_LENGTH) {
            throw new SignatureCheckException(AuthStatus.PERMERROR, "field longer than "
                + ArcChain.MAX_SIGNATURE_FIELD_LENGTH + " bytes");
        }
        MessageSignature signature = MessageSignature.of(field, TagList.parse(field.value()),
            MessageSignature.Kind.ARC_MESSAGE_SIGNATURE);
        if (signature.instance() != instance) {
            throw new IllegalStateException("the chain placed i=" + signature.instance() + " at " + instance);
        }
        verification.check(signature);
    }

    private static ArcChainResult failure(int newest, int instance, String reason, SignatureCheckException e) {
        if (e.status() == AuthStatus.TEMPERROR) {
            return ArcChainResult.temporaryError(newest, instance, reason);
        }
        return ArcChainResult.fail(newest, OptionalInt.of(instance), reason);
    }
}
