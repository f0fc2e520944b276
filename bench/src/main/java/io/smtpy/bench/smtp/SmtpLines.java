package io.smtpy.bench.smtp;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads CRLF-terminated lines from a socket as bytes, without decoding them: the sink reads 1 MB bodies line by
 * line and must not become the bottleneck of the benchmark it measures.
 */
final class SmtpLines {
    private final InputStream in;
    private final byte[] buffer = new byte[64 * 1024];
    private int position;
    private int limit;
    private byte[] line = new byte[1024];
    private int length;

    SmtpLines(InputStream in) {
        this.in = in;
    }

    /**
     * Reads the next line, without its line end, into this reader.
     *
     * @return false at the end of the stream
     */
    boolean next() throws IOException {
        length = 0;
        while (true) {
            if (position == limit) {
                int read = in.read(buffer, 0, buffer.length);
                if (read <= 0) {
                    position = 0;
                    limit = 0;
                    return length > 0;
                }
                position = 0;
                limit = read;
            }
            int start = position;
            while (position < limit && buffer[position] != '\n') {
                position++;
            }
            append(start, position - start);
            if (position < limit) {
                position++;
                if (length > 0 && line[length - 1] == '\r') {
                    length--;
                }
                return true;
            }
        }
    }

    /** Whether the client already sent more than was read (a pipelined command). */
    boolean hasBuffered() {
        return position < limit;
    }

    /** The data terminator: a line holding one dot. */
    boolean isDot() {
        return length == 1 && line[0] == '.';
    }

    boolean isEmpty() {
        return length == 0;
    }

    boolean startsWithIgnoringCase(String prefix) {
        if (length < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (Character.toUpperCase((char) line[i]) != Character.toUpperCase(prefix.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** The reply code of an SMTP reply line, or -1. */
    int replyCode() {
        if (length < 3) {
            return -1;
        }
        int code = 0;
        for (int i = 0; i < 3; i++) {
            int digit = line[i] - '0';
            if (digit < 0 || digit > 9) {
                return -1;
            }
            code = code * 10 + digit;
        }
        return code;
    }

    /** Whether this reply line is the last of its reply ({@code 250 ...}, not {@code 250-...}). */
    boolean isLastReplyLine() {
        return length == 3 || (length > 3 && line[3] == ' ');
    }

    String text() {
        return new String(line, 0, length, StandardCharsets.US_ASCII);
    }

    private void append(int start, int count) {
        if (length + count > line.length) {
            line = Arrays.copyOf(line, Math.max(line.length * 2, length + count));
        }
        System.arraycopy(buffer, start, line, length, count);
        length += count;
    }
}
