package io.smtpy.sending.tracking;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Properties;

import javax.mail.BodyPart;
import javax.mail.MessagingException;
import javax.mail.Multipart;
import javax.mail.Part;
import javax.mail.Session;
import javax.mail.internet.ContentType;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimePart;
import javax.mail.internet.ParseException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts tracking into a whole message ({@link HtmlTracking} on each {@code text/html} part): single-part HTML, and
 * HTML anywhere in nested multiparts ({@code alternative}, {@code related}, {@code mixed}), in any charset and transfer
 * encoding (JavaMail decodes, and encodes the new text again choosing quoted-printable or base64 for it). Left as they
 * are: plain-text parts (their links are not rewritten: a reader sees a plain-text URL, and a redirect there would show),
 * attachments (a part with {@code Content-Disposition: attachment}) and attached messages ({@code message/rfc822}).
 * The header fields stay, Message-ID included; those of a changed part are rewritten by JavaMail.
 *
 * <p>A message that cannot be read is left untouched, with a log line: tracking must never lose or break a mail.
 */
public final class MessageTracking {
    private static final Logger LOGGER = LoggerFactory.getLogger(MessageTracking.class);
    private static final Session SESSION = Session.getInstance(new Properties());

    private MessageTracking() {
    }

    /** The message with tracking; empty when it has no HTML to track, or could not be read (left as it is). */
    public static Optional<byte[]> rewrite(byte[] message, LinkTracker tracker) {
        try {
            KeepingMessageId parsed = new KeepingMessageId(message);
            if (!track(parsed, tracker)) {
                return Optional.empty();
            }
            parsed.saveChanges();
            ByteArrayOutputStream out = new ByteArrayOutputStream(message.length + 1024);
            parsed.writeTo(out);
            return Optional.of(out.toByteArray());
        } catch (MessagingException | IOException | RuntimeException unreadable) {
            LOGGER.warn("Message left without tracking: it could not be read as MIME ({})", unreadable.toString());
            return Optional.empty();
        }
    }

    /** Whether anything in the part changed. */
    private static boolean track(Part part, LinkTracker tracker) throws MessagingException, IOException {
        if (Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition())) {
            return false;
        }
        if (part.isMimeType("multipart/*")) {
            Object content = part.getContent();
            if (!(content instanceof Multipart)) {
                return false;
            }
            Multipart multipart = (Multipart) content;
            boolean changed = false;
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart child = multipart.getBodyPart(i);
                changed |= track(child, tracker);
            }
            if (changed) {
                // The multipart JavaMail parsed is written out from its (changed) parts with its own boundary.
                part.setContent(multipart);
            }
            return changed;
        }
        if (!part.isMimeType("text/html")) {
            return false;
        }
        String charset = charset(part);
        Object content = part.getContent();
        String html = content instanceof String ? (String) content : new String(((java.io.InputStream) content).readAllBytes(), charset);
        String tracked = HtmlTracking.rewrite(html, tracker);
        if (tracked.equals(html)) {
            return false;
        }
        String keptCharset = StandardCharsets.US_ASCII.newEncoder().canEncode(tracked) || !charset.equalsIgnoreCase("us-ascii")
            ? charset : "utf-8";
        ((MimePart) part).setText(tracked, keptCharset, "html");
        return true;
    }

    private static String charset(Part part) throws MessagingException {
        try {
            String charset = new ContentType(part.getContentType()).getParameter("charset");
            return charset == null || charset.isBlank() ? "us-ascii" : charset.trim();
        } catch (ParseException unreadable) {
            return "us-ascii";
        }
    }

    /** JavaMail's {@code saveChanges} would give the message a new Message-ID; smtpy's events know it by the old one. */
    private static final class KeepingMessageId extends MimeMessage {
        KeepingMessageId(byte[] message) throws MessagingException {
            super(SESSION, new ByteArrayInputStream(message));
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            if (getHeader("Message-ID") == null) {
                super.updateMessageID();
            }
        }
    }
}
