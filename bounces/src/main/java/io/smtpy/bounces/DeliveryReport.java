package io.smtpy.bounces;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link DsnParser} read of a returned message: the report's format, the reporting server, one
 * {@link RecipientReport} per recipient, the {@link OriginalMessage} it is about, and, when it could not be read as
 * a delivery report, why ({@link #invalidReason()}).
 */
public final class DeliveryReport extends Report {
    /** How the report was written. */
    public enum Format {
        /** {@code multipart/report; report-type=delivery-status} (RFC 3464). */
        RFC3464,
        /** qmail-send's "Hi. This is the qmail-send program" text. */
        QMAIL,
        /** Exim's "This message was created automatically by mail delivery software" text. */
        EXIM,
        /** Another text bounce with an SMTP status in it. */
        PLAIN_TEXT,
        /** Not readable as a delivery report. */
        NONE
    }

    private final Format format;
    private final Optional<String> reportingMta;
    private final List<RecipientReport> recipients;

    DeliveryReport(Format format, Optional<String> reportingMta, List<RecipientReport> recipients, OriginalMessage original,
                   Optional<String> invalidReason) {
        super(original, invalidReason);
        this.format = Objects.requireNonNull(format);
        this.reportingMta = Objects.requireNonNull(reportingMta);
        this.recipients = List.copyOf(recipients);
    }

    static DeliveryReport invalid(String reason, OriginalMessage original) {
        return new DeliveryReport(Format.NONE, Optional.empty(), List.of(), original, Optional.of(reason));
    }

    public Format format() {
        return format;
    }

    public Optional<String> reportingMta() {
        return reportingMta;
    }

    public List<RecipientReport> recipients() {
        return recipients;
    }

    @Override
    public String toString() {
        return "DeliveryReport{" + format + " " + reportingMta.orElse("-") + " " + recipients + " " + describeRest() + "}";
    }
}
