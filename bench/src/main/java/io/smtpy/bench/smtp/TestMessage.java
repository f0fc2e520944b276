package io.smtpy.bench.smtp;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * A plain-text message of a fixed total size (headers included), carrying its benchmark id in
 * {@value #ID_HEADER} so that the sink can tell which message arrived. The body is shared by every message of a
 * size; only the few header lines are written per message.
 */
public final class TestMessage {
    public static final String ID_HEADER = "X-Bench-Id";
    private static final int LINE_LENGTH = 76;
    /** The per-message headers are about this long; the body makes up the rest of the size. */
    private static final int HEADER_ALLOWANCE = 360;

    private final int size;
    private final byte[] body;

    private TestMessage(int size, byte[] body) {
        this.size = size;
        this.body = body;
    }

    /** A message of about {@code size} bytes on the wire (CRLF line ends, before dot-stuffing, of which it needs none). */
    public static TestMessage ofSize(int size) {
        ByteArrayOutputStream body = new ByteArrayOutputStream(size);
        int line = 0;
        while (body.size() + LINE_LENGTH + 2 <= Math.max(LINE_LENGTH + 2, size - HEADER_ALLOWANCE)) {
            String text = String.format("%06d the quick brown fox jumps over the lazy dog; smtpy bench body text.", line++);
            body.writeBytes((text + " ".repeat(Math.max(0, LINE_LENGTH - text.length()))).substring(0, LINE_LENGTH)
                .getBytes(StandardCharsets.US_ASCII));
            body.writeBytes(new byte[] {'\r', '\n'});
        }
        return new TestMessage(size, body.toByteArray());
    }

    /** A message whose body is this one line (the scan phase's EICAR test mail). */
    public static TestMessage carrying(String line) {
        byte[] body = (line + "\r\n").getBytes(StandardCharsets.US_ASCII);
        return new TestMessage(HEADER_ALLOWANCE + body.length, body);
    }

    public int size() {
        return size;
    }

    /** A label for tables: 2 KB, 50 KB, 1 MB. */
    public static String label(int size) {
        if (size >= 1024 * 1024 && size % (1024 * 1024) == 0) {
            return size / (1024 * 1024) + " MB";
        }
        return size / 1024 + " KB";
    }

    byte[] headers(long id, String sender, String recipient) {
        String headers = "From: Bench Sender <" + sender + ">\r\n"
            + "To: <" + recipient + ">\r\n"
            + "Subject: smtpy bench message " + id + "\r\n"
            + "Date: " + DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now()) + "\r\n"
            + "Message-ID: <" + id + ".bench@client.example>\r\n"
            + ID_HEADER + ": " + id + "\r\n"
            + "MIME-Version: 1.0\r\n"
            + "Content-Type: text/plain; charset=us-ascii\r\n"
            + "\r\n";
        return headers.getBytes(StandardCharsets.US_ASCII);
    }

    byte[] body() {
        return body;
    }

    static long parseId(String headerLine) {
        try {
            return Long.parseLong(headerLine.substring(headerLine.indexOf(':') + 1).trim());
        } catch (NumberFormatException notOurs) {
            return -1;
        }
    }
}
