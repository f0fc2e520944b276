package io.smtpy.server.tools;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * {@code ./smtpy send --from A --to B [--to C...] [--subject S] [--body T] [--server HOST:PORT]}: sends one
 * plain-text message over SMTP (default server 127.0.0.1:2525, smtpy's own port) and prints the dialogue, each
 * command as {@code C: ...} and each reply as {@code S: ...}, so a newcomer sees what the server said.
 *
 * <p>Exit codes: 0 when the server answered 250 to the message, 1 when it refused something (the reply, with its
 * SMTP code, is printed on stderr) or could not be reached, 2 on a bad flag.
 */
public final class SendMain {
    static final int EXIT_SENT = 0;
    static final int EXIT_REFUSED = 1;
    static final int EXIT_USAGE = 2;
    static final String DEFAULT_SERVER = "127.0.0.1:2525";
    static final String USAGE = String.join(System.lineSeparator(),
        "usage: smtpy send --from ADDRESS --to ADDRESS [--to ADDRESS...] [--subject TEXT] [--body TEXT] [--server HOST:PORT]",
        "  sends one plain-text message over SMTP and prints the server's replies",
        "  --from ADDRESS      envelope sender and From field",
        "  --to ADDRESS        a recipient (repeat for more); envelope and To field",
        "  --subject TEXT      default: \"Hello from smtpy send\"",
        "  --body TEXT         default: a line saying who sent it",
        "  --server HOST:PORT  default: " + DEFAULT_SERVER,
        "exit code: 0 accepted (250), 1 refused or unreachable, 2 bad flag");

    private static final Pattern ADDRESS = Pattern.compile("[^\\s<>@]+@[^\\s<>@]+");
    private static final int TIMEOUT_MILLIS = 30_000;

    private SendMain() {
    }

    public static void main(String[] args) {
        ToolLogging.warningsOnStderr();
        System.exit(run(Arrays.asList(args), System.out, System.err));
    }

    /** Sends as the flags say; returns the exit code. */
    static int run(List<String> arguments, PrintStream out, PrintStream err) {
        if (arguments.contains("--help") || arguments.contains("-h")) {
            out.println(USAGE);
            return EXIT_SENT;
        }
        Request request;
        try {
            request = Request.parse(arguments);
        } catch (IllegalArgumentException e) {
            err.println("smtpy send: " + e.getMessage());
            err.println(USAGE);
            return EXIT_USAGE;
        }
        try {
            return new Dialogue(request, out, err).send();
        } catch (IOException e) {
            err.println("smtpy send: " + request.host + ":" + request.port + ": " + e.getMessage());
            return EXIT_REFUSED;
        }
    }

    /** What to send, and where. */
    static final class Request {
        String from;
        final List<String> to = new ArrayList<>();
        String subject = "Hello from smtpy send";
        Optional<String> body = Optional.empty();
        String host;
        int port;

        static Request parse(List<String> arguments) {
            Request request = new Request();
            String server = DEFAULT_SERVER;
            for (int index = 0; index < arguments.size(); index++) {
                String argument = arguments.get(index);
                String flag = argument;
                String value;
                int equalsSign = argument.indexOf('=');
                if (argument.startsWith("--") && equalsSign > 0) {
                    flag = argument.substring(0, equalsSign);
                    value = argument.substring(equalsSign + 1);
                } else if (argument.startsWith("--") && index + 1 < arguments.size()) {
                    value = arguments.get(++index);
                } else if (argument.startsWith("--")) {
                    throw new IllegalArgumentException(argument + " needs a value");
                } else {
                    throw new IllegalArgumentException("unknown argument '" + argument + "'");
                }
                switch (flag) {
                    case "--from":
                        request.from = address(flag, value);
                        break;
                    case "--to":
                        request.to.add(address(flag, value));
                        break;
                    case "--subject":
                        request.subject = value;
                        break;
                    case "--body":
                        request.body = Optional.of(value);
                        break;
                    case "--server":
                        server = value;
                        break;
                    default:
                        throw new IllegalArgumentException("unknown argument '" + flag + "'");
                }
            }
            if (request.from == null) {
                throw new IllegalArgumentException("--from is required");
            }
            if (request.to.isEmpty()) {
                throw new IllegalArgumentException("at least one --to is required");
            }
            if (request.subject.indexOf('\r') >= 0 || request.subject.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("--subject must be one line");
            }
            int colon = server.lastIndexOf(':');
            if (colon <= 0 || colon == server.length() - 1) {
                throw new IllegalArgumentException("--server: '" + server + "' is not HOST:PORT");
            }
            request.host = server.substring(0, colon);
            if (request.host.startsWith("[") && request.host.endsWith("]")) {
                request.host = request.host.substring(1, request.host.length() - 1);
            }
            try {
                request.port = Integer.parseInt(server.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--server: '" + server + "' is not HOST:PORT");
            }
            if (request.port < 1 || request.port > 65535) {
                throw new IllegalArgumentException("--server: port " + request.port + " is not between 1 and 65535");
            }
            return request;
        }

        private static String address(String flag, String value) {
            String trimmed = value.trim();
            if (!ADDRESS.matcher(trimmed).matches()) {
                throw new IllegalArgumentException(flag + ": '" + value + "' is not a mail address (local@domain)");
            }
            return trimmed;
        }
    }

    /** One SMTP session: EHLO, MAIL, RCPT..., DATA, QUIT; stops at the first refusal. */
    private static final class Dialogue {
        private final Request request;
        private final PrintStream out;
        private final PrintStream err;
        private BufferedReader replies;
        private OutputStream commands;

        Dialogue(Request request, PrintStream out, PrintStream err) {
            this.request = request;
            this.out = out;
            this.err = err;
        }

        int send() throws IOException {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(request.host, request.port), TIMEOUT_MILLIS);
                socket.setSoTimeout(TIMEOUT_MILLIS);
                replies = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
                commands = socket.getOutputStream();

                if (!expect(reply(), 220)
                    || !expect(command("EHLO " + clientName()), 250)
                    || !expect(command("MAIL FROM:<" + request.from + ">"), 250)) {
                    return quit();
                }
                for (String recipient : request.to) {
                    if (!expect(command("RCPT TO:<" + recipient + ">"), 250, 251)) {
                        return quit();
                    }
                }
                if (!expect(command("DATA"), 354)) {
                    return quit();
                }
                byte[] message = message().getBytes(StandardCharsets.UTF_8);
                commands.write(message);
                out.println("C: (the message: " + message.length + " bytes, subject \"" + request.subject + "\")");
                if (!expect(command("."), 250)) {
                    return quit();
                }
                command("QUIT");
                out.println("smtpy send: accepted");
                return EXIT_SENT;
            }
        }

        private int quit() throws IOException {
            command("QUIT");
            return EXIT_REFUSED;
        }

        private Reply command(String line) throws IOException {
            out.println("C: " + line);
            commands.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
            commands.flush();
            return reply();
        }

        /** A reply, all its lines printed; a multi-line reply ends at the line with a space after the code. */
        private Reply reply() throws IOException {
            StringBuilder text = new StringBuilder();
            while (true) {
                String line = replies.readLine();
                if (line == null) {
                    throw new IOException("the server closed the connection");
                }
                out.println("S: " + line);
                text.append(text.length() > 0 ? " / " : "").append(line);
                if (line.length() < 4 || line.charAt(3) != '-') {
                    int code;
                    try {
                        code = Integer.parseInt(line.substring(0, Math.min(3, line.length())));
                    } catch (NumberFormatException e) {
                        throw new IOException("not an SMTP reply: " + line);
                    }
                    return new Reply(code, text.toString());
                }
            }
        }

        private boolean expect(Reply reply, int... accepted) {
            if (Arrays.stream(accepted).anyMatch(code -> code == reply.code)) {
                return true;
            }
            err.println("smtpy send: refused with " + reply.code + ": " + reply.text);
            return false;
        }

        private String message() {
            String body = request.body.orElse("This message was sent by ./smtpy send from " + clientName() + ".");
            boolean ascii = StandardCharsets.US_ASCII.newEncoder().canEncode(body);
            StringBuilder message = new StringBuilder();
            message.append("From: <").append(request.from).append(">\r\n");
            message.append("To: ").append(request.to.stream().map(to -> "<" + to + ">").collect(Collectors.joining(", "))).append("\r\n");
            message.append("Subject: ").append(encodedWord(request.subject)).append("\r\n");
            message.append("Date: ").append(DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now())).append("\r\n");
            // Unique enough for a test message, without the seconds SecureRandom may take to seed.
            message.append("Message-ID: <").append(Long.toHexString(System.currentTimeMillis())).append('.')
                .append(Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1)).append("@smtpy-send>\r\n");
            message.append("MIME-Version: 1.0\r\n");
            message.append("Content-Type: text/plain; charset=UTF-8\r\n");
            if (ascii) {
                message.append("Content-Transfer-Encoding: 7bit\r\n\r\n");
                for (String line : body.split("\r?\n|\r", -1)) {
                    // Dot-stuffing (RFC 5321 4.5.2): a line that starts with a dot gets another.
                    message.append(line.startsWith(".") ? "." : "").append(line).append("\r\n");
                }
            } else {
                message.append("Content-Transfer-Encoding: base64\r\n\r\n");
                message.append(Base64.getMimeEncoder().encodeToString(body.getBytes(StandardCharsets.UTF_8))).append("\r\n");
            }
            return message.toString();
        }

        private static String encodedWord(String text) {
            if (StandardCharsets.US_ASCII.newEncoder().canEncode(text)) {
                return text;
            }
            return "=?UTF-8?B?" + Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8)) + "?=";
        }

        /** The EHLO name: the machine's name, without a DNS lookup (which may be slow where DNS is unreachable). */
        private static String clientName() {
            try {
                return InetAddress.getLocalHost().getHostName().toLowerCase(Locale.ROOT);
            } catch (UnknownHostException e) {
                return "localhost";
            }
        }
    }

    private static final class Reply {
        private final int code;
        private final String text;

        private Reply(int code, String text) {
            this.code = code;
            this.text = text;
        }
    }
}
