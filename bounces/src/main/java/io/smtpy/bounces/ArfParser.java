package io.smtpy.bounces;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Reads complaints from mailbox providers' feedback loops: {@code multipart/report; report-type=feedback-report}
 * (ARF, RFC 5965) with mime4j. The fields come from the {@code message/feedback-report} part, the original's
 * Message-ID and smtpy trace field from the third part ({@code message/rfc822} or {@code text/rfc822-headers}).
 *
 * <p>Never throws: a message that is not a complaint, or lacks the required {@code Feedback-Type}, gives a report
 * whose {@link FeedbackReport#invalidReason()} says why. Work is bounded by {@link MessageParts}' limits.
 */
public final class ArfParser {
    private ArfParser() {
    }

    public static FeedbackReport parse(byte[] message) {
        try {
            return report(MessageParts.read(message));
        } catch (RuntimeException unexpected) {
            return FeedbackReport.invalid("unreadable: " + unexpected.getClass().getSimpleName(), OriginalMessage.UNKNOWN);
        }
    }

    static FeedbackReport report(MessageParts message) {
        OriginalMessage original = OriginalMessage.of(message);
        Optional<MessageParts.Part> part = message.part("message/feedback-report");
        if (part.isEmpty()) {
            return FeedbackReport.invalid(message.broken.orElse("not a feedback report: no message/feedback-report part"), original);
        }
        List<HeaderFields> groups = HeaderFields.groups(part.get().text);
        HeaderFields fields = groups.isEmpty() ? new HeaderFields() : groups.get(0);
        Optional<String> type = fields.first("Feedback-Type");
        if (type.isEmpty()) {
            return FeedbackReport.invalid("the feedback-report part has no Feedback-Type", original);
        }
        return new FeedbackReport(FeedbackType.of(type.get()), type, fields.first("User-Agent"), fields.first("Version"),
            fields.first("Original-Mail-From").map(DsnParser::withoutType),
            fields.all("Original-Rcpt-To").stream().map(DsnParser::withoutType).collect(Collectors.toList()),
            fields.first("Arrival-Date").or(() -> fields.first("Received-Date")),
            fields.first("Source-IP"), fields.all("Reported-Domain"), original, Optional.empty());
    }
}
