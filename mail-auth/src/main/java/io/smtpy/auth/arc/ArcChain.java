package io.smtpy.auth.arc;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

import io.smtpy.auth.AuthStatus;
import io.smtpy.auth.dkim.HeaderField;
import io.smtpy.auth.dkim.MessageSignature;
import io.smtpy.auth.dkim.RawMessage;
import io.smtpy.auth.dkim.SignatureCheckException;
import io.smtpy.auth.dkim.TagList;

/**
 * The ARC sets of a message, by instance, with their structure checked (RFC 8617 §5.2 steps 1-2): instances 1 to
 * N, each with exactly one ARC-Authentication-Results, ARC-Message-Signature and ARC-Seal, N at most 50. Sets are
 * found by their {@code i=}, wherever the fields stand in the header.
 */
final class ArcChain {
    static final String AUTHENTICATION_RESULTS = "ARC-Authentication-Results";
    static final String MESSAGE_SIGNATURE = "ARC-Message-Signature";
    static final String SEAL = "ARC-Seal";
    /** Longer ARC-Message-Signature or ARC-Seal fields are not parsed. */
    static final int MAX_SIGNATURE_FIELD_LENGTH = 16 * 1024;
    private static final int INSTANCE_PREFIX_BYTES = 64;

    private final HeaderField[] authenticationResults;
    private final HeaderField[] messageSignatures;
    private final HeaderField[] seals;
    private final MessageSignature[] parsedSeals;
    private final String[] chainValidations;

    private ArcChain(int size) {
        authenticationResults = new HeaderField[size];
        messageSignatures = new HeaderField[size];
        seals = new HeaderField[size];
        parsedSeals = new MessageSignature[size];
        chainValidations = new String[size];
    }

    /**
     * @throws BrokenChainException when the sets are not complete, unique and numbered 1..N with N at most 50, or a
     *     seal is malformed
     */
    static ArcChain read(RawMessage message) throws BrokenChainException {
        List<HeaderField> results = message.fieldsNamed(AUTHENTICATION_RESULTS);
        List<HeaderField> signatures = message.fieldsNamed(MESSAGE_SIGNATURE);
        List<HeaderField> seals = message.fieldsNamed(SEAL);
        int fields = results.size() + signatures.size() + seals.size();
        if (fields > 3 * MessageSignature.MAX_ARC_INSTANCE) {
            throw new BrokenChainException(MessageSignature.MAX_ARC_INSTANCE, OptionalInt.empty(),
                fields + " ARC header fields: more than " + MessageSignature.MAX_ARC_INSTANCE + " ARC sets");
        }
        // First every instance number, so that even a broken chain tells the next sealer its highest instance.
        int[] resultInstances = new int[results.size()];
        int[] signatureInstances = new int[signatures.size()];
        int[] sealInstances = new int[seals.size()];
        BrokenChainException firstProblem = null;
        int highest = 0;
        for (int i = 0; i < results.size(); i++) {
            try {
                resultInstances[i] = authenticationResultsInstance(results.get(i));
                highest = Math.max(highest, resultInstances[i]);
            } catch (SignatureCheckException e) {
                firstProblem = firstProblem != null ? firstProblem : problem(AUTHENTICATION_RESULTS, e);
            }
        }
        for (int i = 0; i < signatures.size(); i++) {
            try {
                signatureInstances[i] = MessageSignature.arcInstance(tags(signatures.get(i)));
                highest = Math.max(highest, signatureInstances[i]);
            } catch (SignatureCheckException e) {
                firstProblem = firstProblem != null ? firstProblem : problem(MESSAGE_SIGNATURE, e);
            }
        }
        MessageSignature[] parsedSeals = new MessageSignature[seals.size()];
        String[] chainValidations = new String[seals.size()];
        for (int i = 0; i < seals.size(); i++) {
            try {
                TagList sealTags = tags(seals.get(i));
                parsedSeals[i] = MessageSignature.of(seals.get(i), sealTags, MessageSignature.Kind.ARC_SEAL);
                chainValidations[i] = sealTags.require("cv");
                sealInstances[i] = parsedSeals[i].instance();
                highest = Math.max(highest, sealInstances[i]);
            } catch (SignatureCheckException e) {
                firstProblem = firstProblem != null ? firstProblem : problem(SEAL, e);
            }
        }
        if (firstProblem != null) {
            throw firstProblem.withHighestInstance(highest);
        }
        ArcChain chain = new ArcChain(highest);
        for (int i = 0; i < results.size(); i++) {
            place(chain.authenticationResults, resultInstances[i], results.get(i), AUTHENTICATION_RESULTS, highest);
        }
        for (int i = 0; i < signatures.size(); i++) {
            place(chain.messageSignatures, signatureInstances[i], signatures.get(i), MESSAGE_SIGNATURE, highest);
        }
        for (int i = 0; i < seals.size(); i++) {
            place(chain.seals, sealInstances[i], seals.get(i), SEAL, highest);
            chain.parsedSeals[sealInstances[i] - 1] = parsedSeals[i];
            chain.chainValidations[sealInstances[i] - 1] = chainValidations[i];
        }
        for (int instance = 1; instance <= highest; instance++) {
            if (chain.authenticationResults[instance - 1] == null || chain.messageSignatures[instance - 1] == null
                || chain.seals[instance - 1] == null) {
                throw new BrokenChainException(highest, OptionalInt.of(instance), "ARC set i=" + instance
                    + " is incomplete");
            }
        }
        return chain;
    }

    private static void place(HeaderField[] slots, int instance, HeaderField field, String name, int highest)
            throws BrokenChainException {
        if (slots[instance - 1] != null) {
            throw new BrokenChainException(highest, OptionalInt.of(instance), "two " + name + " fields with i="
                + instance);
        }
        slots[instance - 1] = field;
    }

    private static TagList tags(HeaderField field) throws SignatureCheckException {
        if (field.length() > MAX_SIGNATURE_FIELD_LENGTH) {
            throw new SignatureCheckException(AuthStatus.PERMERROR, "field longer than "
                + MAX_SIGNATURE_FIELD_LENGTH + " bytes");
        }
        return TagList.parse(field.value());
    }

    /** An ARC-Authentication-Results value starts with {@code i=N;} and continues as Authentication-Results. */
    private static int authenticationResultsInstance(HeaderField field) throws SignatureCheckException {
        String prefix = field.valuePrefix(INSTANCE_PREFIX_BYTES);
        int semicolon = prefix.indexOf(';');
        if (semicolon < 0) {
            throw new SignatureCheckException(AuthStatus.PERMERROR, "no i= at its start");
        }
        return MessageSignature.arcInstance(TagList.parse(prefix.substring(0, semicolon)));
    }

    private static BrokenChainException problem(String fieldName, SignatureCheckException e) {
        return new BrokenChainException(0, OptionalInt.empty(), "malformed " + fieldName + ": " + e.reason());
    }

    /** N, the highest instance; 0 for a message without ARC. */
    int size() {
        return seals.length;
    }

    HeaderField authenticationResults(int instance) {
        return authenticationResults[instance - 1];
    }

    HeaderField messageSignature(int instance) {
        return messageSignatures[instance - 1];
    }

    MessageSignature seal(int instance) {
        return parsedSeals[instance - 1];
    }

    /** The {@code cv=} of the seal of {@code instance}: none, pass or fail. */
    String chainValidation(int instance) {
        return chainValidations[instance - 1];
    }

    /**
     * The fields an ARC-Seal signs before its own (RFC 8617 §5.1.1): for each instance from 1 to {@code instance},
     * its ARC-Authentication-Results, ARC-Message-Signature and ARC-Seal.
     */
    List<HeaderField> fieldsThrough(int instance) {
        List<HeaderField> fields = new ArrayList<>(3 * instance);
        for (int i = 1; i <= instance; i++) {
            fields.add(authenticationResults[i - 1]);
            fields.add(messageSignatures[i - 1]);
            fields.add(seals[i - 1]);
        }
        return fields;
    }

    /** Why the ARC sets of a message cannot form a chain. */
    static final class BrokenChainException extends Exception {
        private static final long serialVersionUID = 1L;

        private final int highestInstance;
        private final OptionalInt instance;

        BrokenChainException(int highestInstance, OptionalInt instance, String reason) {
            super(reason, null, false, false);
            this.highestInstance = highestInstance;
            this.instance = instance;
        }

        BrokenChainException withHighestInstance(int highest) {
            return new BrokenChainException(highest, instance, getMessage());
        }

        int highestInstance() {
            return highestInstance;
        }

        OptionalInt instance() {
            return instance;
        }
    }
}
