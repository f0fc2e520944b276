package io.smtpy.bounces;

import java.util.Objects;
import java.util.Optional;

/**
 * The one way in for mail that comes back (to an SRS address, to a feedback-loop address): reads the message once
 * and says what it is, a delivery report, a complaint, an auto-reply or challenge, or none of these, with what was
 * read of it.
 *
 * <p>Order: a {@code feedback-report} is a complaint; a delivery report that {@link DsnParser} can read (RFC 3464 or a
 * known text bounce) is a failure report; then {@link AutoReplyDetector}'s robots. Never throws, on any input.
 */
public final class ReturnedMail {
    public enum Kind {
        DELIVERY_REPORT,
        FEEDBACK_REPORT,
        AUTO_REPLY,
        CHALLENGE_RESPONSE,
        UNRECOGNISED
    }

    private final Kind kind;
    private final Optional<DeliveryReport> deliveryReport;
    private final Optional<FeedbackReport> feedbackReport;
    private final Optional<BounceClassification> robot;
    private final OriginalMessage original;

    private ReturnedMail(Kind kind, Optional<DeliveryReport> deliveryReport, Optional<FeedbackReport> feedbackReport,
                         Optional<BounceClassification> robot, OriginalMessage original) {
        this.kind = kind;
        this.deliveryReport = deliveryReport;
        this.feedbackReport = feedbackReport;
        this.robot = robot;
        this.original = Objects.requireNonNull(original);
    }

    public static ReturnedMail read(byte[] message) {
        try {
            return read(MessageParts.read(message));
        } catch (RuntimeException unexpected) {
            return new ReturnedMail(Kind.UNRECOGNISED, Optional.empty(), Optional.empty(), Optional.empty(), OriginalMessage.UNKNOWN);
        }
    }

    private static ReturnedMail read(MessageParts message) {
        if (message.reportType.filter("feedback-report"::equals).isPresent()) {
            FeedbackReport complaint = ArfParser.report(message);
            return new ReturnedMail(Kind.FEEDBACK_REPORT, Optional.empty(), Optional.of(complaint), Optional.empty(),
                complaint.original());
        }
        DeliveryReport report = DsnParser.report(message);
        if (report.isValid()) {
            return new ReturnedMail(Kind.DELIVERY_REPORT, Optional.of(report), Optional.empty(), Optional.empty(), report.original());
        }
        Optional<BounceClassification> robot = AutoReplyDetector.detectIn(message);
        Kind kind = robot.map(found -> found.cls() == BounceClass.CHALLENGE_RESPONSE ? Kind.CHALLENGE_RESPONSE : Kind.AUTO_REPLY)
            .orElse(Kind.UNRECOGNISED);
        OriginalMessage original = report.original() == OriginalMessage.UNKNOWN && robot.isPresent()
            ? OriginalMessage.answeredBy(message.header) : report.original();
        return new ReturnedMail(kind, Optional.of(report), Optional.empty(), robot, original);
    }

    public Kind kind() {
        return kind;
    }

    /** For {@link Kind#DELIVERY_REPORT}; for the other kinds but complaints, the invalid report that says why not. */
    public Optional<DeliveryReport> deliveryReport() {
        return deliveryReport;
    }

    /** For {@link Kind#FEEDBACK_REPORT} (possibly invalid: see its reason). */
    public Optional<FeedbackReport> feedbackReport() {
        return feedbackReport;
    }

    /** For {@link Kind#AUTO_REPLY} and {@link Kind#CHALLENGE_RESPONSE}: the rule that recognised the robot. */
    public Optional<BounceClassification> robot() {
        return robot;
    }

    /**
     * The message this one is about: from the header a report returns (Message-ID, smtpy's trace: domain and
     * aliases), or for a robot's reply only the Message-ID it answers ({@code In-Reply-To}).
     */
    public OriginalMessage original() {
        return original;
    }

    @Override
    public String toString() {
        return "ReturnedMail{" + kind + " " + original + "}";
    }
}
