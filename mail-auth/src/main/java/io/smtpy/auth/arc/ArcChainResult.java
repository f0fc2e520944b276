package io.smtpy.auth.arc;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

import io.smtpy.auth.AuthStatus;

/**
 * What {@link ArcValidator} found on a message: the chain validation status an ARC sealer writes as {@code cv=} and
 * an Authentication-Results header as {@code arc=}, with why and where a chain fails.
 *
 * <p>The status is {@link AuthStatus#NONE} (no ARC set), {@link AuthStatus#PASS}, {@link AuthStatus#FAIL}, or
 * {@link AuthStatus#TEMPERROR} when a key could not be fetched: RFC 8617 knows only the first three, but a DNS
 * timeout says nothing about the chain, and sealing it as failed would condemn it for every later hop.
 */
public final class ArcChainResult {
    private final AuthStatus status;
    private final int highestInstance;
    private final OptionalInt failedInstance;
    private final Optional<String> reason;
    private final boolean failureSealedUpstream;

    private ArcChainResult(AuthStatus status, int highestInstance, OptionalInt failedInstance, Optional<String> reason,
                           boolean failureSealedUpstream) {
        this.status = status;
        this.highestInstance = highestInstance;
        this.failedInstance = failedInstance;
        this.reason = reason;
        this.failureSealedUpstream = failureSealedUpstream;
    }

    /** No ARC set on the message. */
    public static ArcChainResult none() {
        return new ArcChainResult(AuthStatus.NONE, 0, OptionalInt.empty(), Optional.empty(), false);
    }

    /** Sets 1 to {@code highestInstance} all valid. */
    public static ArcChainResult pass(int highestInstance) {
        return new ArcChainResult(AuthStatus.PASS, highestInstance, OptionalInt.empty(), Optional.empty(), false);
    }

    /**
     * @param highestInstance the highest instance found (for the next set's number), 0 when none could be read
     * @param failedInstance the instance at fault, when one is
     */
    public static ArcChainResult fail(int highestInstance, OptionalInt failedInstance, String reason) {
        return new ArcChainResult(AuthStatus.FAIL, highestInstance, failedInstance,
            Optional.of(Objects.requireNonNull(reason, "reason")), false);
    }

    /** The newest ARC-Seal already says {@code cv=fail}: an earlier hop found the chain broken. */
    public static ArcChainResult failedUpstream(int highestInstance) {
        return new ArcChainResult(AuthStatus.FAIL, highestInstance, OptionalInt.of(highestInstance),
            Optional.of("ARC-Seal i=" + highestInstance + " reports cv=fail"), true);
    }

    /** A key of instance {@code instance} could not be fetched. */
    public static ArcChainResult temporaryError(int highestInstance, int instance, String reason) {
        return new ArcChainResult(AuthStatus.TEMPERROR, highestInstance, OptionalInt.of(instance),
            Optional.of(Objects.requireNonNull(reason, "reason")), false);
    }

    /**
     * Validation did not finish (the inbound checks' time budget ran out): TEMPERROR, and nothing known of the
     * chain, so no sealer adds a set to it.
     */
    public static ArcChainResult unfinished(String reason) {
        return new ArcChainResult(AuthStatus.TEMPERROR, 0, OptionalInt.empty(),
            Optional.of(Objects.requireNonNull(reason, "reason")), false);
    }

    public AuthStatus status() {
        return status;
    }

    /** The highest {@code i=} of the ARC sets on the message (N); 0 without ARC. The next set is N+1. */
    public int highestInstance() {
        return highestInstance;
    }

    /** The instance whose set made the chain fail, when the failure is tied to one. */
    public OptionalInt failedInstance() {
        return failedInstance;
    }

    /** Why the chain did not pass; empty on pass and none. */
    public Optional<String> reason() {
        return reason;
    }

    /**
     * Whether the failure was declared by an earlier sealer ({@code cv=fail} in the newest ARC-Seal) rather than
     * found now. RFC 8617 §5.1 has a sealer stop there: such a chain gets no further set.
     */
    public boolean failureSealedUpstream() {
        return failureSealedUpstream;
    }

    /**
     * This result in one line, to carry from the SMTP hook that validated the chain to the sealer of the forwarded
     * copies (a mail attribute), so the chain's keys are not fetched twice: {@code <status> <highest instance>
     * [<failed instance>] [upstream]}. The reason stays behind; {@link #fromSummary} gives a generic one.
     */
    public String summary() {
        return status.token() + " " + highestInstance
            + (failedInstance.isPresent() ? " " + failedInstance.getAsInt() : "")
            + (failureSealedUpstream ? " upstream" : "");
    }

    /** The result a {@link #summary()} describes; empty when the text is not one. */
    public static Optional<ArcChainResult> fromSummary(String summary) {
        String[] words = summary.trim().split(" ");
        try {
            int highest = Integer.parseInt(words[1]);
            OptionalInt failed = words.length > 2 && !words[2].equals("upstream")
                ? OptionalInt.of(Integer.parseInt(words[2])) : OptionalInt.empty();
            boolean upstream = words[words.length - 1].equals("upstream");
            switch (words[0]) {
                case "none":
                    return highest == 0 ? Optional.of(none()) : Optional.empty();
                case "pass":
                    return Optional.of(pass(highest));
                case "fail":
                    return Optional.of(upstream ? failedUpstream(highest)
                        : fail(highest, failed, "the chain failed validation on arrival"));
                case "temperror":
                    return Optional.of(temporaryError(highest, failed.orElse(highest),
                        "a key could not be fetched on arrival"));
                default:
                    return Optional.empty();
            }
        } catch (RuntimeException notASummary) {
            return Optional.empty();
        }
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ArcChainResult)) {
            return false;
        }
        ArcChainResult other = (ArcChainResult) o;
        return status == other.status && highestInstance == other.highestInstance
            && failedInstance.equals(other.failedInstance) && reason.equals(other.reason)
            && failureSealedUpstream == other.failureSealedUpstream;
    }

    @Override
    public int hashCode() {
        return Objects.hash(status, highestInstance, failedInstance, reason, failureSealedUpstream);
    }

    @Override
    public String toString() {
        return "arc=" + status.token() + reason.map(r -> " (" + r + ")").orElse("")
            + (failedInstance.isPresent() ? " at i=" + failedInstance.getAsInt() : "");
    }
}
