package io.smtpy.auth.arc;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import io.smtpy.auth.AuthStatus;
import io.smtpy.auth.dkim.Canonicalization;
import io.smtpy.auth.dkim.DkimSigner;
import io.smtpy.auth.dkim.HeaderField;
import io.smtpy.auth.dkim.MessageSignature;
import io.smtpy.auth.dkim.RawMessage;
import io.smtpy.auth.dkim.SignatureFieldWriter;
import io.smtpy.auth.dkim.SigningKey;

/**
 * Adds this hop's ARC set (RFC 8617 §5.1) to a message: instance N+1 after the N sets present, made of
 * <ul>
 * <li>{@code ARC-Authentication-Results: i=N+1; <authserv-id>; <results>}, the caller's authentication results;</li>
 * <li>{@code ARC-Message-Signature}: a DKIM signature with {@code i=} and no {@code v=}, relaxed/relaxed, over the
 * fields {@link DkimSigner} signs plus any DKIM-Signature, From over-signed; never ARC fields nor
 * Authentication-Results, which later hops may remove (RFC 8617 §4.1.2);</li>
 * <li>{@code ARC-Seal} with {@code cv=} from the incoming chain: none for the first set, pass when the chain passed,
 * fail when it failed here; it signs the ARC fields of every set, oldest first, or, for {@code cv=fail}, only the
 * new set (RFC 8617 §5.1.2).</li>
 * </ul>
 * The three fields are returned in the order to put them in front of the message: ARC-Seal, ARC-Message-Signature,
 * ARC-Authentication-Results, the order other sealers (python-dkim) produce.
 *
 * <p>No set is added (the list is empty) when the chain already carries {@code cv=fail} from an earlier hop (RFC
 * 8617 §5.1 step 1: the chain is over), when 50 sets are present (RFC 8617 §4.2.1: a 51st would fail every
 * validator), or when the incoming result is TEMPERROR: sealing {@code cv=fail} over our own DNS trouble would
 * condemn the chain for good, so the caller decides (forward unsealed or retry later).
 *
 * <p>RSA and Ed25519 keys both work here and with {@link ArcValidator}; RFC 8617 names only rsa-sha256 and python-dkim
 * 1.1.4 validates nothing else, so seal with RSA where interoperability matters.
 */
public final class ArcSealer {
    private static final String CRLF = "\r\n";
    private static final int LINE_LENGTH = 78;

    private final SigningKey key;
    private final Clock clock;

    /** @param clock the time written in {@code t=} */
    public ArcSealer(SigningKey key, Clock clock) {
        this.key = Objects.requireNonNull(key, "key");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * @param message the message as received, lines ended by CRLF
     * @param incomingChain what {@link ArcValidator#validate} said of these same bytes
     * @param authservId the authentication service identifier of this hop, e.g. {@code mx.smtpy.example}
     * @param authenticationResults the results this hop found, as in Authentication-Results after the authserv-id,
     *     e.g. {@code spf=pass smtp.mailfrom=example.org; dkim=pass header.d=example.org; arc=none}
     * @return ARC-Seal, ARC-Message-Signature, ARC-Authentication-Results, each folded and ending with CRLF; empty
     *     when no set may be added
     * @throws IllegalArgumentException when the authserv-id or results could not be written in a header field, or
     *     {@code incomingChain} does not describe {@code message}
     */
    public List<String> seal(byte[] message, ArcChainResult incomingChain, String authservId,
                             String authenticationResults) {
        RawMessage parsed = RawMessage.parse(message);
        return seal(parsed, DkimSigner.relaxedBodyHash(parsed), incomingChain, authservId, authenticationResults);
    }

    /**
     * The same, for a message parsed already and its {@link DkimSigner#relaxedBodyHash}, shared with the copy's
     * DKIM signature.
     */
    public List<String> seal(RawMessage parsed, String relaxedBodyHash, ArcChainResult incomingChain, String authservId,
                             String authenticationResults) {
        checkText("authserv-id", authservId);
        checkText("authentication results", authenticationResults);
        if (authservId.isBlank() || authservId.contains(";")) {
            throw new IllegalArgumentException("authserv-id must be one token, not '" + authservId + "'");
        }
        int instance = incomingChain.highestInstance() + 1;
        if (incomingChain.status() == AuthStatus.TEMPERROR || incomingChain.failureSealedUpstream()
            || instance > MessageSignature.MAX_ARC_INSTANCE) {
            return List.of();
        }
        String chainValidation = chainValidation(incomingChain, instance);
        long now = clock.instant().getEpochSecond();

        String results = authenticationResults.isBlank() ? "none" : authenticationResults.trim();
        String authenticationResultsField = foldAtSpaces(ArcChain.AUTHENTICATION_RESULTS + ": i=" + instance
            + "; " + authservId.trim() + "; " + results) + CRLF;

        List<String> signedFields = DkimSigner.signedFields(parsed, List.of("dkim-signature"));
        SignatureFieldWriter messageSignature = new SignatureFieldWriter(ArcChain.MESSAGE_SIGNATURE)
            .tag("i", Integer.toString(instance))
            .tag("a", key.algorithm().signatureAlgorithm())
            .tag("c", "relaxed/relaxed")
            .tag("d", key.domain().asString())
            .tag("s", key.selector().asString())
            .tag("t", Long.toString(now))
            .headerList(signedFields)
            .tag("bh", relaxedBodyHash);
        String messageSignatureField = messageSignature.signed(key.sign(Canonicalization.RELAXED
            .signedHeaderData(parsed.select(signedFields), messageSignature.unsigned())));

        List<HeaderField> sealed = new ArrayList<>();
        if (!chainValidation.equals("fail")) {
            sealed.addAll(existingSets(parsed, instance - 1));
        }
        sealed.add(HeaderField.of(authenticationResultsField));
        sealed.add(HeaderField.of(messageSignatureField));
        SignatureFieldWriter seal = new SignatureFieldWriter(ArcChain.SEAL)
            .tag("i", Integer.toString(instance))
            .tag("a", key.algorithm().signatureAlgorithm())
            .tag("t", Long.toString(now))
            .tag("cv", chainValidation)
            .tag("d", key.domain().asString())
            .tag("s", key.selector().asString());
        String sealField = seal.signed(key.sign(Canonicalization.RELAXED.signedHeaderData(sealed, seal.unsigned())));
        return List.of(sealField, messageSignatureField, authenticationResultsField);
    }

    private static String chainValidation(ArcChainResult incomingChain, int instance) {
        switch (incomingChain.status()) {
            case NONE:
                return "none";
            case PASS:
                return "pass";
            case FAIL:
                return "fail";
            default:
                throw new IllegalArgumentException("not a chain validation result: " + incomingChain
                    + " (for instance " + instance + ")");
        }
    }

    private static List<HeaderField> existingSets(RawMessage message, int count) {
        ArcChain chain;
        try {
            chain = ArcChain.read(message);
        } catch (ArcChain.BrokenChainException e) {
            throw new IllegalArgumentException("the incoming chain result does not match this message, whose ARC "
                + "sets are broken: " + e.getMessage(), e);
        }
        if (chain.size() != count) {
            throw new IllegalArgumentException("the incoming chain result counts " + count + " sets, the message has "
                + chain.size());
        }
        return chain.fieldsThrough(count);
    }

    private static void checkText(String what, String text) {
        if (text.indexOf('\r') >= 0 || text.indexOf('\n') >= 0) {
            throw new IllegalArgumentException(what + " must be one line");
        }
    }

    /**
     * Folds before spaces once a line would pass 78 characters: a CRLF put before an existing space is removed by
     * unfolding, so the value means exactly what the caller wrote.
     */
    private static String foldAtSpaces(String field) {
        String[] words = field.split(" ", -1);
        StringBuilder folded = new StringBuilder(words[0]);
        int lineLength = words[0].length();
        for (int i = 1; i < words.length; i++) {
            if (lineLength + 1 + words[i].length() > LINE_LENGTH) {
                folded.append(CRLF);
                lineLength = 0;
            }
            folded.append(' ').append(words[i]);
            lineLength += 1 + words[i].length();
        }
        return folded.toString();
    }
}
