package io.smtpy.auth.dkim;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Messages as they travel: CRLF line ends, built here rather than read from files a checkout could convert. */
public final class TestMessages {
    private static final String CRLF = "\r\n";

    private TestMessages() {
    }

    /** The lines joined by CRLF, each ended by CRLF, as UTF-8. */
    public static byte[] message(String... lines) {
        return (String.join(CRLF, lines) + CRLF).getBytes(StandardCharsets.UTF_8);
    }

    /** A short plain-text message. */
    public static byte[] plain() {
        return message(
            "From: Alice <alice@example.test>",
            "To: Bob <bob@example.org>",
            "Subject: Lunch",
            "Date: Tue, 01 Jul 2025 10:00:00 +0000",
            "Message-ID: <lunch-1@example.test>",
            "",
            "Shall we meet at noon?",
            "Alice");
    }

    /**
     * Multipart MIME with an 8-bit UTF-8 part and header, long folded headers, whitespace a relay might change,
     * several To fields, list headers, and blank lines at the end of the body.
     */
    public static byte[] multipart() {
        return message(
            "Received: from mail.example.test (mail.example.test [192.0.2.1])",
            "\tby mx.example.org with ESMTPS id 4B2C1; Tue, 01 Jul 2025 10:00:01 +0000",
            "From: \"Ålice Ünïcode\" <alice@example.test>",
            "To: Bob <bob@example.org>,",
            "  Carol <carol@example.org>, Dave <dave@example.org>, Erin <erin@example.org>,",
            "\tFrank <frank@example.org>",
            "To: second-to@example.org",
            "Cc: team@example.org",
            "Subject: Quarterly report — résumé des chiffres, with a subject long enough to be folded",
            "  onto a second line",
            "Date: Tue, 01 Jul 2025 10:00:00 +0000",
            "Message-ID: <report-2025-q2@example.test>",
            "List-Id: Reports <reports.example.test>",
            "List-Unsubscribe: <mailto:unsubscribe@example.test?subject=unsubscribe>,",
            " <https://example.test/unsubscribe/0123456789abcdef>",
            "List-Unsubscribe-Post: List-Unsubscribe=One-Click",
            "MIME-Version: 1.0",
            "Content-Type: multipart/mixed; boundary=\"=_boundary_42\"",
            "",
            "This is a multi-part message in MIME format.",
            "",
            "--=_boundary_42",
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: 8bit",
            "",
            "Bonjour à tous,   voici le résumé.\t ",
            "  Indented line with trailing spaces   ",
            "Ünïcödé 日本語 ✓",
            "",
            "--=_boundary_42",
            "Content-Type: text/csv; name=\"figures.csv\"",
            "Content-Disposition: attachment; filename=\"figures.csv\"",
            "Content-Transfer-Encoding: base64",
            "",
            "cXVhcnRlcixyZXZlbnVlCjEsMTAwCjIsMTIwCg==",
            "",
            "--=_boundary_42--",
            "",
            "",
            "");
    }

    /** Header fields and the blank line, no body at all. */
    public static byte[] emptyBody() {
        return message(
            "From: alice@example.test",
            "To: bob@example.org",
            "Subject: (no body)",
            "");
    }

    /** {@code fields} (each ending with CRLF) in front of {@code message}. */
    public static byte[] prepend(List<String> fields, byte[] message) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String field : fields) {
            out.writeBytes(field.getBytes(StandardCharsets.UTF_8));
        }
        out.writeBytes(message);
        return out.toByteArray();
    }

    public static byte[] prepend(String field, byte[] message) {
        return prepend(List.of(field), message);
    }

    /** {@code message} with the first {@code target} replaced (bytes compared as ISO-8859-1, so UTF-8 is kept). */
    public static byte[] replaceFirst(byte[] message, String target, String replacement) {
        String text = new String(message, StandardCharsets.ISO_8859_1);
        int at = text.indexOf(target);
        if (at < 0) {
            throw new IllegalArgumentException("'" + target + "' is not in the message");
        }
        return (text.substring(0, at) + replacement + text.substring(at + target.length()))
            .getBytes(StandardCharsets.ISO_8859_1);
    }

    public static String text(byte[] message) {
        return new String(message, StandardCharsets.UTF_8);
    }
}
