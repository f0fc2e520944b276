package io.smtpy.rules;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import javax.mail.internet.AddressException;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;

/** Messages for rule tests: header lines and a body, sent by alice@sender.org to sales@example.com at noon UTC. */
final class Mails {
    /** A Wednesday. */
    static final Instant NOON = Instant.parse("2026-01-07T12:00:00Z");

    private final List<String> header = new ArrayList<>();
    private String body = "Hello.\r\n";
    private String raw;
    private MaybeSender sender = MaybeSender.of(address("alice@sender.org"));
    private MailAddress recipient = address("sales@example.com");
    private Verdicts verdicts = Verdicts.none();
    private Instant at = NOON;
    final AtomicInteger rawReads = new AtomicInteger();

    static Mails message() {
        return new Mails();
    }

    static MailAddress address(String address) {
        try {
            return new MailAddress(address);
        } catch (AddressException e) {
            throw new IllegalArgumentException(e);
        }
    }

    Mails header(String name, String value) {
        header.add(name + ": " + value);
        return this;
    }

    Mails body(String body) {
        this.body = body;
        return this;
    }

    /** The whole message as given, header and body. */
    Mails raw(String raw) {
        this.raw = raw;
        return this;
    }

    Mails sender(MaybeSender sender) {
        this.sender = sender;
        return this;
    }

    Mails recipient(String recipient) {
        this.recipient = address(recipient);
        return this;
    }

    Mails verdicts(Map<String, String> verdicts) {
        this.verdicts = Verdicts.of(verdicts);
        return this;
    }

    Mails scanned(Optional<Double> spamScore, Optional<String> virus) {
        this.verdicts = verdicts.withScan(spamScore, virus);
        return this;
    }

    Mails at(Instant at) {
        this.at = at;
        return this;
    }

    byte[] bytes() {
        String text = raw != null ? raw : String.join("\r\n", header) + "\r\n\r\n" + body;
        return text.getBytes(StandardCharsets.UTF_8);
    }

    MessageView view() {
        byte[] bytes = bytes();
        return MessageView.of(sender, recipient, () -> {
            rawReads.incrementAndGet();
            return bytes;
        }, verdicts, at);
    }

    /** A multipart message with a text part and a 9-byte PDF attachment named invoice-42.pdf. */
    static Mails withAttachment() {
        return message().raw("From: Alice <alice@sender.org>\r\n"
            + "To: sales@example.com\r\n"
            + "Subject: Invoice\r\n"
            + "MIME-Version: 1.0\r\n"
            + "Content-Type: multipart/mixed; boundary=\"b1\"\r\n"
            + "\r\n"
            + "--b1\r\n"
            + "Content-Type: text/plain; charset=utf-8\r\n"
            + "\r\n"
            + "Please find the invoice attached.\r\n"
            + "--b1\r\n"
            + "Content-Type: application/pdf; name=\"invoice-42.pdf\"\r\n"
            + "Content-Disposition: attachment; filename=\"invoice-42.pdf\"\r\n"
            + "Content-Transfer-Encoding: base64\r\n"
            + "\r\n"
            + "JVBERi0xLjQK\r\n"
            + "--b1--\r\n");
    }
}
