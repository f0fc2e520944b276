package io.smtpy.scan.spamd;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.smtpy.scan.SpamVerdict;
import io.smtpy.scan.daemon.DaemonEndpoint;
import io.smtpy.scan.daemon.DaemonException;
import io.smtpy.scan.daemon.DaemonSettings;

/**
 * A client of SpamAssassin's spamd, speaking SPAMC/1.5 over TCP: one connection per message,
 * {@code SYMBOLS SPAMC/1.5} with the message, and an answer whose {@code Spam:} header carries the score and whose body
 * lists the rules that hit. The answer is parsed strictly: anything else than a complete, well-formed answer is a
 * {@link DaemonException}, never a verdict. Messages over the size limit are not sent (skipped, as spamc does).
 */
public final class SpamdClient {
    public static final String TOO_LARGE = "too large to score";
    private static final String PROTOCOL = "SPAMC/1.5";
    private static final Pattern STATUS = Pattern.compile("SPAMD/(\\d+\\.\\d+) (\\d+) (.*)");
    private static final Pattern SPAM = Pattern.compile("(True|False|Yes|No) ; (-?\\d+(?:\\.\\d+)?) / (-?\\d+(?:\\.\\d+)?)");
    private static final Pattern SYMBOL = Pattern.compile("\\w+");
    private static final int MAX_LINE = 1024;
    private static final int MAX_HEADERS = 32;
    private static final int MAX_BODY = 64 * 1024;

    private final DaemonEndpoint endpoint;

    public SpamdClient(DaemonSettings settings) {
        this.endpoint = new DaemonEndpoint(settings);
    }

    public DaemonSettings settings() {
        return endpoint.settings();
    }

    /**
     * Scores a message: {@link SpamVerdict#scanned} with spamd's score, its required score and the symbols, or
     * {@link SpamVerdict#skipped} ({@value #TOO_LARGE}) over the size limit.
     *
     * @throws DaemonException when spamd cannot be reached, is busy, is too slow or answers something malformed
     */
    public SpamVerdict score(byte[] message) throws DaemonException {
        if (message.length > endpoint.settings().maxSizeBytes()) {
            return SpamVerdict.skipped(TOO_LARGE);
        }
        return endpoint.exchange((in, out) -> {
            out.write(("SYMBOLS " + PROTOCOL + "\r\nContent-length: " + message.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(message);
            out.flush();
            return parseSymbols(in);
        });
    }

    /** Asks spamd whether it is alive ({@code PING} → {@code PONG}). */
    public void ping() throws DaemonException {
        endpoint.exchange((in, out) -> {
            out.write(("PING " + PROTOCOL + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Matcher status = status(in);
            if (!status.group(3).equals("PONG")) {
                throw DaemonException.protocol("PING answered " + status.group(0));
            }
            return null;
        });
    }

    /** The answer to {@code SYMBOLS}; visible for the protocol tests of malformed answers. */
    static SpamVerdict parseSymbols(InputStream in) throws IOException, DaemonException {
        status(in);
        Map<String, String> headers = headers(in);
        String spam = headers.get("spam");
        if (spam == null) {
            throw DaemonException.protocol("no Spam header");
        }
        Matcher score = SPAM.matcher(spam);
        if (!score.matches()) {
            throw DaemonException.protocol("malformed Spam header: " + DaemonException.printable(spam));
        }
        String length = headers.get("content-length");
        if (length == null || !length.matches("\\d{1,9}")) {
            throw DaemonException.protocol(length == null ? "no Content-length header" : "malformed Content-length: " + DaemonException.printable(length));
        }
        int bodyLength = Integer.parseInt(length);
        if (bodyLength > MAX_BODY) {
            throw DaemonException.protocol("a symbol list of " + bodyLength + " bytes");
        }
        byte[] body = in.readNBytes(bodyLength);
        if (body.length < bodyLength) {
            throw DaemonException.protocol("answer truncated (" + body.length + " of " + bodyLength + " bytes)");
        }
        return SpamVerdict.scanned(Double.parseDouble(score.group(2)), Double.parseDouble(score.group(3)),
            symbols(new String(body, StandardCharsets.US_ASCII)));
    }

    private static Matcher status(InputStream in) throws IOException, DaemonException {
        String line = line(in);
        Matcher status = STATUS.matcher(line);
        if (!status.matches()) {
            throw DaemonException.protocol("not a spamd answer: " + DaemonException.printable(line));
        }
        if (!status.group(2).equals("0")) {
            throw new DaemonException("spamd answered " + status.group(2) + " " + DaemonException.printable(status.group(3)));
        }
        return status;
    }

    private static Map<String, String> headers(InputStream in) throws IOException, DaemonException {
        Map<String, String> headers = new HashMap<>();
        for (int count = 0; count <= MAX_HEADERS; count++) {
            String line = line(in);
            if (line.isEmpty()) {
                return headers;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw DaemonException.protocol("malformed header: " + DaemonException.printable(line));
            }
            headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
        }
        throw DaemonException.protocol("more than " + MAX_HEADERS + " headers");
    }

    private static List<String> symbols(String body) throws DaemonException {
        String trimmed = body.trim();
        List<String> symbols = new ArrayList<>();
        if (trimmed.isEmpty()) {
            return symbols;
        }
        for (String symbol : trimmed.split(",", -1)) {
            if (!SYMBOL.matcher(symbol).matches()) {
                throw DaemonException.protocol("malformed symbol list: " + DaemonException.printable(trimmed));
            }
            symbols.add(symbol);
        }
        return symbols;
    }

    /** One line ending in CRLF, without it; the end of the stream before CRLF is a truncated answer. */
    private static String line(InputStream in) throws IOException, DaemonException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int previous = -1;
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw DaemonException.protocol(line.size() == 0 && previous < 0 ? "connection closed without an answer" : "answer truncated");
            }
            if (b == '\n' && previous == '\r') {
                byte[] bytes = line.toByteArray();
                return new String(bytes, 0, bytes.length - 1, StandardCharsets.ISO_8859_1);
            }
            if (line.size() >= MAX_LINE) {
                throw DaemonException.protocol("an answer line over " + MAX_LINE + " bytes");
            }
            line.write(b);
            previous = b;
        }
    }
}
