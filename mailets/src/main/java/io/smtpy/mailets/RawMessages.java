package io.smtpy.mailets;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Enumeration;
import java.util.List;
import java.util.function.Predicate;

import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.james.server.core.MailHeaders;
import org.apache.james.server.core.MailImpl;
import org.apache.mailet.Mail;
import org.apache.james.server.core.MimeMessageInputStreamSource;
import org.apache.james.server.core.MimeMessageWrapper;

/**
 * A message's bytes as they go on the wire, and copies with header fields put in front, written byte for byte.
 *
 * <p>Why not {@code new MimeMessageWrapper(message)} + {@code addHeader}: once a mailet touched the headers (the
 * shipped {@code RemoveMimeHeader bcc} always does, even without a Bcc), {@code writeTo} first runs JavaMail's
 * {@code saveChanges}, which rewrites {@code MIME-Version} to a bare "1.0" at the top, e.g. drops Apple Mail's
 * "Mime-Version: 1.0 (Mac OS X Mail ...)", and the sender's DKIM signature no longer verifies. Here the header lines
 * are written as JavaMail read them (ISO-8859-1 is its byte-per-char decoding), the body straight from the source,
 * and an unmodified {@link MimeMessageWrapper} writes such a copy out unchanged, so what smtpy signs is what is sent.
 */
final class RawMessages {
    private static final byte[] CRLF = {'\r', '\n'};

    private RawMessages() {
    }

    /** The whole message, headers and body, as {@link #withHeadersInFront} would write it without new fields. */
    static byte[] bytes(MimeMessage message) throws MessagingException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            write(message, List.of(), header -> true, out);
        } catch (IOException e) {
            throw new MessagingException("could not read the message", e);
        }
        return out.toByteArray();
    }

    /**
     * A copy with {@code fields} (each a whole header field, folded, ending with CRLF) in front, in order, and the
     * original header lines for which {@code keep} is true (it is given each line as read, first line of a field
     * with its continuation lines).
     */
    static MimeMessageWrapper withHeadersInFront(MimeMessage message, List<String> fields, Predicate<String> keep)
            throws MessagingException {
        MimeMessageInputStreamSource source = MimeMessageInputStreamSource.create("smtpy-" + MailImpl.getId());
        try (OutputStream out = source.getWritableOutputStream()) {
            write(message, fields, keep, out);
        } catch (IOException e) {
            source.dispose();
            throw new MessagingException("could not copy the message", e);
        } catch (MessagingException | RuntimeException e) {
            source.dispose();
            throw e;
        }
        return new MimeMessageWrapper(source);
    }

    /**
     * Makes {@code message} the mail's message as it is: {@code Mail.setMessage} would copy it whole once more into a
     * new wrapper, which James's {@code MailImpl} lets us skip.
     */
    static void replace(Mail mail, MimeMessageWrapper message) throws MessagingException {
        if (mail instanceof MailImpl) {
            ((MailImpl) mail).setMessageNoCopy(message);
        } else {
            mail.setMessage(message);
        }
    }

    private static void write(MimeMessage message, List<String> fields, Predicate<String> keep, OutputStream out)
            throws IOException, MessagingException {
        for (String field : fields) {
            out.write(field.getBytes(StandardCharsets.UTF_8));
        }
        for (Enumeration<String> lines = message.getAllHeaderLines(); lines.hasMoreElements(); ) {
            String line = lines.nextElement();
            if (keep.test(line)) {
                out.write((line + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            }
        }
        out.write(CRLF);
        try (InputStream body = rawBody(message)) {
            body.transferTo(out);
        }
    }

    /** The body as received; from James's stored source when there is one, so a large mail is not parsed into memory. */
    private static InputStream rawBody(MimeMessage message) throws MessagingException {
        if (message instanceof MimeMessageWrapper) {
            InputStream whole = ((MimeMessageWrapper) message).getMessageInputStream();
            new MailHeaders(whole);
            return whole;
        }
        return message.getRawInputStream();
    }
}
