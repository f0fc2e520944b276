package io.smtpy.bounces;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Best-effort reading of bounces written as text only: qmail-send's, Exim's (older ones, or with the report part
 * lost), and any other bounce-looking text with an SMTP status in it. Recipients found this way carry no
 * {@code Action}; their {@code Diagnostic-Code} is the text that explained the failure.
 */
final class NonStandardBounces {
    private static final Pattern QMAIL = Pattern.compile("This is the qmail-send program", Pattern.CASE_INSENSITIVE);
    private static final Pattern QMAIL_RECIPIENT = Pattern.compile("^<([^>\\s]*)>:\\s*$");
    private static final Pattern QMAIL_REMOTE = Pattern.compile("^(?:Giving up on|Connected to) ([^\\s]+?)\\.?\\s*$|^([^\\s]+) does not like recipient");
    private static final Pattern EXIM = Pattern.compile("created automatically by mail delivery software", Pattern.CASE_INSENSITIVE);
    private static final Pattern EXIM_FAILED = Pattern.compile("address\\(es\\) (failed|deferred)|could not be delivered to", Pattern.CASE_INSENSITIVE);
    private static final Pattern EXIM_HOST = Pattern.compile("^host ([^\\s]+)");
    private static final Pattern BOUNCE_HINT = Pattern.compile("undeliver|delivery (status|failure|has failed|failed)"
        + "|mail delivery|returned mail|failure notice|could not be delivered|delivery to the following|mailer-daemon|postmaster",
        Pattern.CASE_INSENSITIVE);
    private static final Pattern STATUS_LINE = Pattern.compile("(?<![\\d.])[45]\\d\\d[ -]+[45]\\.\\d{1,3}\\.\\d{1,3}(?![\\d.])"
        + "|^\\s*#?[45]\\d\\d[ -]|#[45]\\.\\d{1,3}\\.\\d{1,3}(?![\\d.])");
    private static final Pattern ADDRESS = Pattern.compile("[A-Za-z0-9._%+=-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}");
    private static final Pattern END_OF_REPORT = Pattern.compile("^(---|___)|^Original message|^Reporting-MTA:", Pattern.CASE_INSENSITIVE);

    private NonStandardBounces() {
    }

    static DeliveryReport parse(MessageParts message) {
        String text = message.text();
        OriginalMessage original = original(message, text);
        List<RecipientReport> recipients;
        DeliveryReport.Format format;
        if (QMAIL.matcher(text).find()) {
            format = DeliveryReport.Format.QMAIL;
            recipients = qmail(text.split("\r?\n"));
        } else if (EXIM.matcher(text).find() && EXIM_FAILED.matcher(text).find()) {
            format = DeliveryReport.Format.EXIM;
            recipients = exim(text.split("\r?\n"));
        } else {
            format = DeliveryReport.Format.PLAIN_TEXT;
            recipients = bounceLooking(message, text) ? plainText(message, text.split("\r?\n")) : List.of();
        }
        if (recipients.isEmpty()) {
            return DeliveryReport.invalid(message.broken.orElse("not a delivery report: no delivery-status part and no "
                + "bounce text with a recipient and a status"), original);
        }
        return new DeliveryReport(format, Optional.empty(), recipients, original, Optional.empty());
    }

    private static List<RecipientReport> qmail(String[] lines) {
        List<RecipientReport> recipients = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            Matcher recipient = QMAIL_RECIPIENT.matcher(lines[i]);
            if (!recipient.matches()) {
                continue;
            }
            StringBuilder diagnostic = new StringBuilder();
            Optional<String> remote = Optional.empty();
            int j = i + 1;
            for (; j < lines.length && !lines[j].isBlank() && !QMAIL_RECIPIENT.matcher(lines[j]).matches(); j++) {
                Matcher host = QMAIL_REMOTE.matcher(lines[j]);
                if (remote.isEmpty() && host.find()) {
                    remote = Optional.ofNullable(host.group(1) != null ? host.group(1) : host.group(2));
                }
                diagnostic.append(diagnostic.length() == 0 ? "" : " ").append(lines[j].trim());
            }
            recipients.add(recipient(recipient.group(1), remote, diagnostic.toString()));
            i = j - 1;
        }
        return recipients;
    }

    private static List<RecipientReport> exim(String[] lines) {
        List<RecipientReport> recipients = new ArrayList<>();
        int i = 0;
        while (i < lines.length && !EXIM_FAILED.matcher(lines[i]).find()) {
            i++;
        }
        String address = null;
        Optional<String> remote = Optional.empty();
        StringBuilder diagnostic = new StringBuilder();
        for (i++; i < lines.length && !END_OF_REPORT.matcher(lines[i]).find(); i++) {
            String line = lines[i];
            boolean recipientLine = line.startsWith("  ") && !line.startsWith("   ") && ADDRESS.matcher(line).find();
            if (recipientLine) {
                if (address != null) {
                    recipients.add(recipient(address, remote, diagnostic.toString()));
                }
                Matcher found = ADDRESS.matcher(line);
                address = found.find() ? found.group() : line.trim();
                remote = Optional.empty();
                diagnostic.setLength(0);
            } else if (address != null && line.startsWith("    ")) {
                Matcher host = EXIM_HOST.matcher(line.trim());
                if (remote.isEmpty() && host.find()) {
                    remote = Optional.of(host.group(1));
                }
                diagnostic.append(diagnostic.length() == 0 ? "" : " ").append(line.trim());
            }
        }
        if (address != null) {
            recipients.add(recipient(address, remote, diagnostic.toString()));
        }
        return recipients;
    }

    private static List<RecipientReport> plainText(MessageParts message, String[] lines) {
        for (int i = 0; i < lines.length; i++) {
            if (STATUS_LINE.matcher(lines[i]).find()) {
                Optional<String> address = message.header.first("X-Failed-Recipients").map(DsnParser::withoutType);
                // The address is on the status line or, in Exchange's and Lotus's layouts, a few lines above it.
                for (int j = i; address.isEmpty() && j >= Math.max(0, i - 3); j--) {
                    Matcher found = ADDRESS.matcher(lines[j]);
                    address = found.find() ? Optional.of(found.group()) : Optional.empty();
                }
                return List.of(new RecipientReport(address, Optional.empty(), Optional.empty(),
                    Optional.empty(), Optional.empty(), Optional.of(lines[i].trim())));
            }
        }
        return List.of();
    }

    private static boolean bounceLooking(MessageParts message, String text) {
        return message.header.first("X-Failed-Recipients").isPresent()
            || message.header.first("From").map(from -> BOUNCE_HINT.matcher(from).find()).orElse(false)
            || message.header.first("Subject").map(subject -> BOUNCE_HINT.matcher(subject).find()).orElse(false)
            || BOUNCE_HINT.matcher(text.length() > 2000 ? text.substring(0, 2000) : text).find();
    }

    private static RecipientReport recipient(String address, Optional<String> remote, String diagnostic) {
        return new RecipientReport(Optional.of(address), Optional.empty(), Optional.empty(), Optional.empty(), remote,
            diagnostic.isEmpty() ? Optional.empty() : Optional.of(diagnostic));
    }

    /** The returned original: its own part, else the copy of its header that text bounces quote after the report. */
    private static OriginalMessage original(MessageParts message, String text) {
        OriginalMessage attached = OriginalMessage.of(message);
        if (attached != OriginalMessage.UNKNOWN) {
            return attached;
        }
        return HeaderFields.groups(text).stream()
            .filter(group -> group.first("Message-ID").isPresent())
            .findFirst().map(OriginalMessage::of).orElse(OriginalMessage.UNKNOWN);
    }
}
