package io.smtpy.bounces;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads a returned message as a delivery report: a {@code multipart/report; report-type=delivery-status} (RFC 3464)
 * with mime4j, else, best effort, the text bounces of qmail, Exim and others ({@link NonStandardBounces}).
 *
 * <p>Never throws: a message that is not a delivery report, or is too broken to read, gives a report whose
 * {@link DeliveryReport#invalidReason()} says why. Work is bounded by {@link MessageParts}' limits.
 */
public final class DsnParser {
    private DsnParser() {
    }

    public static DeliveryReport parse(byte[] message) {
        try {
            return report(MessageParts.read(message));
        } catch (RuntimeException unexpected) {
            return DeliveryReport.invalid("unreadable: " + unexpected.getClass().getSimpleName(), OriginalMessage.UNKNOWN);
        }
    }

    static DeliveryReport report(MessageParts message) {
        Optional<MessageParts.Part> status = message.part("message/delivery-status")
            .or(() -> message.part("message/global-delivery-status"));
        if (status.isEmpty()) {
            return NonStandardBounces.parse(message);
        }
        OriginalMessage original = OriginalMessage.of(message);
        List<HeaderFields> groups = HeaderFields.groups(status.get().text);
        Optional<String> reportingMta = Optional.empty();
        List<RecipientReport> recipients = new ArrayList<>();
        for (HeaderFields group : groups) {
            if (group.first("Final-Recipient").isPresent() || group.first("Original-Recipient").isPresent()) {
                recipients.add(new RecipientReport(
                    group.first("Final-Recipient").map(DsnParser::withoutType),
                    group.first("Original-Recipient").map(DsnParser::withoutType),
                    group.first("Action").map(value -> value.trim().toLowerCase(Locale.ROOT)),
                    group.first("Status").flatMap(BounceClassifier::enhancedStatus),
                    group.first("Remote-MTA").map(DsnParser::withoutType),
                    group.first("Diagnostic-Code").map(DsnParser::withoutType)));
            } else if (reportingMta.isEmpty()) {
                reportingMta = group.first("Reporting-MTA").map(DsnParser::withoutType);
            }
        }
        if (recipients.isEmpty()) {
            return DeliveryReport.invalid("the delivery-status part names no recipient"
                + message.broken.map(reason -> " (" + reason + ")").orElse(""), original);
        }
        return new DeliveryReport(DeliveryReport.Format.RFC3464, reportingMta, recipients, original, Optional.empty());
    }

    /** {@code rfc822; a@b} is {@code a@b}, {@code dns; mx.example} is {@code mx.example}; angle brackets dropped. */
    static String withoutType(String value) {
        int semicolon = value.indexOf(';');
        String bare = semicolon >= 0 && value.substring(0, semicolon).trim().matches("[A-Za-z0-9-]+")
            ? value.substring(semicolon + 1).trim() : value.trim();
        if (bare.startsWith("<") && bare.endsWith(">")) {
            bare = bare.substring(1, bare.length() - 1).trim();
        }
        return bare;
    }
}
