package io.smtpy.scan.clamd;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

import io.smtpy.scan.VirusVerdict;
import io.smtpy.scan.daemon.DaemonEndpoint;
import io.smtpy.scan.daemon.DaemonException;
import io.smtpy.scan.daemon.DaemonSettings;

/**
 * A client of ClamAV's clamd, speaking its INSTREAM command over TCP: {@code zINSTREAM\0}, the message in chunks each
 * preceded by its length (4 bytes, big-endian), a zero-length chunk to end; clamd answers one NUL-terminated line,
 * {@code stream: OK}, {@code stream: <signature> FOUND} or {@code <reason> ERROR}. Only a complete {@code OK} is clean:
 * an error (such as {@code INSTREAM size limit exceeded}, over clamd's {@code StreamMaxLength}), a malformed or
 * truncated answer, and a message over our own size limit are {@link DaemonException}s.
 */
public final class ClamdClient {
    private static final int CHUNK = 32 * 1024;
    private static final int MAX_ANSWER = 1024;
    private static final String STREAM = "stream: ";

    private final DaemonEndpoint endpoint;

    public ClamdClient(DaemonSettings settings) {
        this.endpoint = new DaemonEndpoint(settings);
    }

    public DaemonSettings settings() {
        return endpoint.settings();
    }

    /**
     * Scans a message: {@link VirusVerdict#CLEAN} or {@link VirusVerdict#infected} with the signature's name.
     *
     * @throws DaemonException when clamd cannot be reached, is busy, is too slow, refuses the message (too large) or
     *                         answers something malformed
     */
    public VirusVerdict scan(byte[] message) throws DaemonException {
        long limit = endpoint.settings().maxSizeBytes();
        if (message.length > limit) {
            throw new DaemonException("message too large to scan (" + kib(message.length) + " KiB > " + kib(limit) + " KiB)");
        }
        return endpoint.exchange((in, out) -> {
            try {
                send(message, out);
            } catch (IOException e) {
                // clamd stops reading and answers as soon as the stream is over its StreamMaxLength: read why.
                return parseInstream(answerAfter(e, in));
            }
            return parseInstream(answer(in));
        });
    }

    /** Asks clamd whether it is alive ({@code zPING\0} → {@code PONG}). */
    public void ping() throws DaemonException {
        endpoint.exchange((in, out) -> {
            out.write("zPING\0".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String answer = answer(in);
            if (!answer.equals("PONG")) {
                throw DaemonException.protocol("PING answered " + DaemonException.printable(answer));
            }
            return null;
        });
    }

    /** The answer to {@code INSTREAM}, without its NUL; visible for the protocol tests of malformed answers. */
    static VirusVerdict parseInstream(String answer) throws DaemonException {
        if (answer.endsWith(" ERROR")) {
            String reason = answer.substring(0, answer.length() - " ERROR".length());
            reason = reason.startsWith(STREAM) ? reason.substring(STREAM.length()) : reason;
            throw new DaemonException("clamd refused the message: " + DaemonException.printable(reason.trim().replaceAll("\\.$", "")));
        }
        if (!answer.startsWith(STREAM)) {
            throw DaemonException.protocol("not an INSTREAM answer: " + DaemonException.printable(answer));
        }
        String result = answer.substring(STREAM.length());
        if (result.equals("OK")) {
            return VirusVerdict.CLEAN;
        }
        if (result.endsWith(" FOUND")) {
            String name = result.substring(0, result.length() - " FOUND".length()).trim();
            if (!name.isEmpty() && name.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
                return VirusVerdict.infected(name);
            }
        }
        throw DaemonException.protocol("not an INSTREAM answer: " + DaemonException.printable(answer));
    }

    private static void send(byte[] message, OutputStream out) throws IOException {
        out.write("zINSTREAM\0".getBytes(StandardCharsets.US_ASCII));
        for (int offset = 0; offset < message.length; offset += CHUNK) {
            int length = Math.min(CHUNK, message.length - offset);
            writeLength(out, length);
            out.write(message, offset, length);
        }
        writeLength(out, 0);
        out.flush();
    }

    private static void writeLength(OutputStream out, int length) throws IOException {
        out.write(length >>> 24);
        out.write(length >>> 16);
        out.write(length >>> 8);
        out.write(length);
    }

    /** The answer clamd sent before closing a connection we were still writing to, or the write's failure. */
    private static String answerAfter(IOException writeFailure, InputStream in) throws IOException {
        try {
            return answer(in);
        } catch (IOException | DaemonException e) {
            throw writeFailure;
        }
    }

    /** One NUL-terminated answer ({@code z} commands); the end of the stream before the NUL is a truncated answer. */
    private static String answer(InputStream in) throws IOException, DaemonException {
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw DaemonException.protocol(answer.size() == 0 ? "connection closed without an answer"
                    : "answer truncated: " + DaemonException.printable(answer.toString(StandardCharsets.ISO_8859_1)));
            }
            if (b == 0) {
                return answer.toString(StandardCharsets.ISO_8859_1);
            }
            if (answer.size() >= MAX_ANSWER) {
                throw DaemonException.protocol("an answer over " + MAX_ANSWER + " bytes");
            }
            answer.write(b);
        }
    }

    private static long kib(long bytes) {
        return (bytes + 1023) / 1024;
    }
}
