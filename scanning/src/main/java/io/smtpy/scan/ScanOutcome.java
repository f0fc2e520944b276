package io.smtpy.scan;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import com.google.common.collect.ImmutableList;

import io.smtpy.core.mailpath.HeaderField;
import io.smtpy.core.model.ScanAction;
import io.smtpy.core.smtp.SmtpStatus;

/**
 * What a message's scan verdicts mean for one domain's recipients: an action (quarantine, reject, drop) and why, or
 * none; and the fields its forwarded copies carry (the score, the flag, the mark of an unscanned message).
 */
public final class ScanOutcome {
    public static final ScanOutcome NOTHING = new ScanOutcome(Optional.empty(), "", List.of());

    private final Optional<ScanAction> action;
    private final String reason;
    private final List<HeaderField> fields;

    ScanOutcome(Optional<ScanAction> action, String reason, List<HeaderField> fields) {
        if (action.isPresent() && action.get() == ScanAction.TAG) {
            throw new IllegalArgumentException("tagging is a field, not an action");
        }
        this.action = action;
        this.reason = Objects.requireNonNull(reason);
        this.fields = ImmutableList.copyOf(fields);
    }

    /** {@code quarantine}, {@code reject} or {@code drop}; empty when the mail goes on (perhaps tagged). */
    public Optional<ScanAction> action() {
        return action;
    }

    /** Why the action applies, for the owner ({@code spam score 1000.0 >= 10.0 (GTUBE)}); "" without action. */
    public String reason() {
        return reason;
    }

    /** The answer to the client when the action is {@code reject}. */
    public Optional<SmtpStatus> refusal() {
        if (action.isEmpty() || action.get() != ScanAction.REJECT) {
            return Optional.empty();
        }
        return Optional.of(SmtpStatus.of(550, "5.7.1", reason.startsWith("virus")
            ? "message refused: it contains a virus" : "message refused as spam"));
    }

    public List<HeaderField> fields() {
        return fields;
    }

    @Override
    public String toString() {
        return action.map(a -> a.asString() + ": " + reason).orElse("pass") + (fields.isEmpty() ? "" : " " + fields);
    }
}
