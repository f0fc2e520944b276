package io.smtpy.sending.queue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.ContentType;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeBodyPart;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeMultipart;

/**
 * The RFC 3464 "delayed" notice a sender gets once, when a copy of their mail is still undelivered after
 * {@code queue.delayNoticeAfter}: a {@code multipart/report; report-type=delivery-status} with a line of text for a
 * human, a {@code message/delivery-status} part ({@code Action: delayed}, a 4.x.x {@code Status}, the diagnostic when
 * one is known, {@code Will-Retry-Until}) and the original's header ({@code text/rfc822-headers}). It is sent with a
 * null envelope sender (so it never bounces back, RFC 3464 section 2.1) and travels in the notices' lane.
 */
public final class DelayNotice {
    /** RFC 3463 4.4.7 is for giving up; a delay with no known reply gets the generic persistent transient failure. */
    static final String DEFAULT_STATUS = "4.0.0";
    private static final DateTimeFormatter RFC_5322 = DateTimeFormatter.RFC_1123_DATE_TIME;

    private final String reportingMta;
    private final List<String> recipients;
    private final Instant arrival;
    private final Instant now;
    private final Optional<Instant> retryUntil;
    private final Optional<String> diagnostic;

    /**
     * @param reportingMta this server's name
     * @param recipients the copy's envelope recipients still waiting
     * @param arrival when the mail came in
     * @param retryUntil when the queue gives up on it, if known
     * @param diagnostic the last remote reply or error, if known
     */
    public DelayNotice(String reportingMta, List<String> recipients, Instant arrival, Instant now, Optional<Instant> retryUntil,
                       Optional<String> diagnostic) {
        this.reportingMta = Objects.requireNonNull(reportingMta);
        this.recipients = List.copyOf(recipients);
        this.arrival = arrival;
        this.now = now;
        this.retryUntil = retryUntil;
        this.diagnostic = diagnostic.map(text -> text.replaceAll("[\\r\\n]+", " ").trim()).filter(text -> !text.isEmpty());
    }

    /** The enhanced status of the last reply if it is a 4.x.x one, else 4.0.0. */
    String status() {
        return diagnostic.flatMap(DelayNotice::enhancedStatus).orElse(DEFAULT_STATUS);
    }

    private static Optional<String> enhancedStatus(String text) {
        java.util.regex.Matcher matcher = java.util.regex.Pattern.compile("\\b(4\\.[0-9]{1,3}\\.[0-9]{1,3})\\b").matcher(text);
        return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
    }

    /** For the human reading it: what happened and what happens next. */
    String humanText() {
        long hours = Duration.between(arrival, now).toHours();
        StringBuilder text = new StringBuilder()
            .append("This is the mail system at ").append(reportingMta).append(".\r\n\r\n")
            .append("Your message could not be delivered yet to the recipient(s) below; it has waited ")
            .append(hours).append(hours == 1 ? " hour" : " hours").append(". This is only a warning: you do not need\r\n")
            .append("to send it again. Delivery will be tried again")
            .append(retryUntil.map(until -> " until " + RFC_5322.format(until.atOffset(ZoneOffset.UTC))).orElse(""))
            .append(".\r\n\r\n");
        recipients.forEach(recipient -> text.append("  <").append(recipient).append(">\r\n"));
        diagnostic.ifPresent(reply -> text.append("\r\nThe last attempt got: ").append(reply).append("\r\n"));
        return text.toString();
    }

    /** The {@code message/delivery-status} body: per-message fields, then one block per recipient. */
    String deliveryStatus() {
        StringBuilder fields = new StringBuilder()
            .append("Reporting-MTA: dns; ").append(reportingMta).append("\r\n")
            .append("Arrival-Date: ").append(RFC_5322.format(arrival.atOffset(ZoneOffset.UTC))).append("\r\n");
        for (String recipient : recipients) {
            fields.append("\r\n")
                .append("Final-Recipient: rfc822; ").append(recipient).append("\r\n")
                .append("Action: delayed\r\n")
                .append("Status: ").append(status()).append("\r\n");
            diagnostic.ifPresent(reply -> fields.append("Diagnostic-Code: smtp; ").append(reply).append("\r\n"));
            retryUntil.ifPresent(until -> fields.append("Will-Retry-Until: ")
                .append(RFC_5322.format(until.atOffset(ZoneOffset.UTC))).append("\r\n"));
        }
        return fields.toString();
    }

    /**
     * The notice as a message from {@code from} to {@code sender} about {@code original}, whose header it quotes.
     */
    public MimeMessage toMessage(Session session, InternetAddress from, InternetAddress sender, MimeMessage original)
        throws MessagingException, IOException {
        MimeMessage notice = new MimeMessage(session);
        notice.setFrom(from);
        notice.setRecipient(javax.mail.Message.RecipientType.TO, sender);
        String subject = original.getSubject();
        notice.setSubject("Delayed Mail (still being retried)" + (subject == null ? "" : ": " + subject), "UTF-8");
        notice.setSentDate(java.util.Date.from(now));
        notice.setHeader("Auto-Submitted", "auto-replied");

        MimeMultipart report = new DeliveryStatusReport();
        MimeBodyPart human = new MimeBodyPart();
        human.setText(humanText(), "UTF-8");
        report.addBodyPart(human);

        MimeBodyPart status = new MimeBodyPart();
        status.setContent(deliveryStatus(), "message/delivery-status");
        status.setHeader("Content-Type", "message/delivery-status");
        report.addBodyPart(status);

        MimeBodyPart headers = new MimeBodyPart();
        headers.setContent(header(original), "text/rfc822-headers");
        headers.setHeader("Content-Type", "text/rfc822-headers");
        report.addBodyPart(headers);

        notice.setContent(report);
        notice.saveChanges();
        return notice;
    }

    private static String header(MimeMessage original) throws MessagingException, IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        java.util.Enumeration<String> lines = original.getAllHeaderLines();
        while (lines.hasMoreElements()) {
            out.write(lines.nextElement().getBytes(StandardCharsets.UTF_8));
            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** {@code multipart/report; report-type=delivery-status} (RFC 6522). */
    private static final class DeliveryStatusReport extends MimeMultipart {
        private DeliveryStatusReport() throws MessagingException {
            super("report");
            ContentType type = new ContentType(contentType);
            type.setParameter("report-type", "delivery-status");
            contentType = type.toString();
        }
    }
}
