package io.smtpy.bounces;

import java.util.Objects;
import java.util.Optional;

/**
 * One recipient of a delivery report (RFC 3464 section 2.3): who, what happened ({@code failed}, {@code delayed},
 * {@code delivered}, {@code relayed}, {@code expanded}), the status, the remote server and its reply, and the
 * {@link BounceClassification} of that reply. Type prefixes ({@code rfc822;}, {@code dns;}, {@code smtp;}) are removed.
 */
public final class RecipientReport {
    private final Optional<String> finalRecipient;
    private final Optional<String> originalRecipient;
    private final Optional<String> action;
    private final Optional<String> status;
    private final Optional<String> remoteMta;
    private final Optional<String> diagnosticCode;
    private final BounceClassification classification;

    RecipientReport(Optional<String> finalRecipient, Optional<String> originalRecipient, Optional<String> action,
                    Optional<String> status, Optional<String> remoteMta, Optional<String> diagnosticCode) {
        this.finalRecipient = Objects.requireNonNull(finalRecipient);
        this.originalRecipient = Objects.requireNonNull(originalRecipient);
        this.action = Objects.requireNonNull(action);
        this.status = Objects.requireNonNull(status);
        this.remoteMta = Objects.requireNonNull(remoteMta);
        this.diagnosticCode = Objects.requireNonNull(diagnosticCode);
        this.classification = BounceClassifier.classify(diagnosticCode.orElse(""), status);
    }

    public Optional<String> finalRecipient() {
        return finalRecipient;
    }

    public Optional<String> originalRecipient() {
        return originalRecipient;
    }

    /** Lower case: {@code failed}, {@code delayed}, {@code delivered}, {@code relayed} or {@code expanded}. */
    public Optional<String> action() {
        return action;
    }

    /** The enhanced status ({@code 5.1.1}). */
    public Optional<String> status() {
        return status;
    }

    public Optional<String> remoteMta() {
        return remoteMta;
    }

    public Optional<String> diagnosticCode() {
        return diagnosticCode;
    }

    public BounceClassification classification() {
        return classification;
    }

    /** Whether the report says delivery to this recipient failed (not delayed, nor delivered). */
    public boolean failed() {
        return action.map(value -> value.equals("failed")).orElse(classification.severity() == Severity.PERMANENT);
    }

    @Override
    public String toString() {
        return finalRecipient.orElse("-") + " " + action.orElse("-") + " " + status.orElse("-") + " " + classification;
    }
}
