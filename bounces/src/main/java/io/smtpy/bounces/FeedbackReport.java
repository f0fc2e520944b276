package io.smtpy.bounces;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A complaint as {@link ArfParser} read it (RFC 5965 section 3.1): its type, who reported it, the envelope and arrival
 * of the message complained about, the domains reported, and the {@link OriginalMessage} (its Message-ID and smtpy's
 * trace field), which tie the complaint to our message and its aliases. {@link #invalidReason()} says why a message
 * could not be read as a complaint.
 */
public final class FeedbackReport extends Report {
    private final FeedbackType feedbackType;
    private final Optional<String> feedbackTypeText;
    private final Optional<String> userAgent;
    private final Optional<String> version;
    private final Optional<String> originalMailFrom;
    private final List<String> originalRcptTo;
    private final Optional<String> arrivalDate;
    private final Optional<String> sourceIp;
    private final List<String> reportedDomains;

    FeedbackReport(FeedbackType feedbackType, Optional<String> feedbackTypeText, Optional<String> userAgent, Optional<String> version,
                   Optional<String> originalMailFrom, List<String> originalRcptTo, Optional<String> arrivalDate,
                   Optional<String> sourceIp, List<String> reportedDomains, OriginalMessage original, Optional<String> invalidReason) {
        super(original, invalidReason);
        this.feedbackType = Objects.requireNonNull(feedbackType);
        this.feedbackTypeText = Objects.requireNonNull(feedbackTypeText);
        this.userAgent = Objects.requireNonNull(userAgent);
        this.version = Objects.requireNonNull(version);
        this.originalMailFrom = Objects.requireNonNull(originalMailFrom);
        this.originalRcptTo = List.copyOf(originalRcptTo);
        this.arrivalDate = Objects.requireNonNull(arrivalDate);
        this.sourceIp = Objects.requireNonNull(sourceIp);
        this.reportedDomains = List.copyOf(reportedDomains);
    }

    static FeedbackReport invalid(String reason, OriginalMessage original) {
        return new FeedbackReport(FeedbackType.UNKNOWN, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
            List.of(), Optional.empty(), Optional.empty(), List.of(), original, Optional.of(reason));
    }

    public FeedbackType feedbackType() {
        return feedbackType;
    }

    /** The {@code Feedback-Type} as written. */
    public Optional<String> feedbackTypeText() {
        return feedbackTypeText;
    }

    public Optional<String> userAgent() {
        return userAgent;
    }

    public Optional<String> version() {
        return version;
    }

    /** Without angle brackets. */
    public Optional<String> originalMailFrom() {
        return originalMailFrom;
    }

    /** Without angle brackets. */
    public List<String> originalRcptTo() {
        return originalRcptTo;
    }

    public Optional<String> arrivalDate() {
        return arrivalDate;
    }

    public Optional<String> sourceIp() {
        return sourceIp;
    }

    public List<String> reportedDomains() {
        return reportedDomains;
    }

    @Override
    public String toString() {
        return "FeedbackReport{" + feedbackTypeText.orElse("-") + " " + userAgent.orElse("-") + " " + originalRcptTo + " "
            + describeRest() + "}";
    }
}
