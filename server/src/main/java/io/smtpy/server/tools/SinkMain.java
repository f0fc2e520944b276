package io.smtpy.server.tools;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import org.subethamail.smtp.MessageContext;
import org.subethamail.smtp.MessageHandler;
import org.subethamail.smtp.server.SMTPServer;

/**
 * {@code ./smtpy sink [--port N]}: an SMTP server on loopback (port 2526 by default) that accepts every message
 * and prints it to stdout with its envelope (MAIL FROM, each RCPT TO), until Ctrl-C. With
 * {@code ./smtpy run --gateway 127.0.0.1:2526} it shows what smtpy forwards, with nothing else installed.
 *
 * <p>Exit codes: 0 after Ctrl-C, 1 if the port cannot be bound, 2 on a bad flag.
 */
public final class SinkMain {
    public static final int DEFAULT_PORT = 2526;
    static final String USAGE = String.join(System.lineSeparator(),
        "usage: smtpy sink [--port N]",
        "  an SMTP server on 127.0.0.1 that accepts every message and prints it with its envelope; Ctrl-C stops it",
        "  --port N   port to listen on (default " + DEFAULT_PORT + ")");

    private SinkMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        int port;
        try {
            port = port(Arrays.asList(args));
        } catch (UsageException e) {
            System.err.println("smtpy sink: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        } catch (HelpRequested e) {
            System.out.println(USAGE);
            return;
        }
        ToolLogging.warningsOnStderr();
        Sink sink;
        try {
            sink = Sink.start(port, System.out);
        } catch (RuntimeException e) {
            System.err.println("smtpy sink: cannot listen on 127.0.0.1:" + port + ": " + e.getMessage());
            System.exit(1);
            return;
        }
        System.err.println("smtpy sink: listening on 127.0.0.1:" + port + ", printing every message it receives (Ctrl-C stops)");
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sink.close();
            stopped.countDown();
        }, "smtpy-sink-shutdown"));
        stopped.await();
    }

    static int port(List<String> arguments) throws UsageException, HelpRequested {
        int port = DEFAULT_PORT;
        for (int index = 0; index < arguments.size(); index++) {
            String argument = arguments.get(index);
            if (argument.equals("--help") || argument.equals("-h")) {
                throw new HelpRequested();
            }
            String value;
            if (argument.startsWith("--port=")) {
                value = argument.substring("--port=".length());
            } else if (argument.equals("--port")) {
                if (index + 1 >= arguments.size()) {
                    throw new UsageException("--port needs a value");
                }
                value = arguments.get(++index);
            } else {
                throw new UsageException("unknown argument '" + argument + "'");
            }
            try {
                port = Integer.parseInt(value.trim());
            } catch (NumberFormatException e) {
                throw new UsageException("--port: '" + value + "' is not a port number");
            }
            if (port < 1 || port > 65535) {
                throw new UsageException("--port: " + port + " is not between 1 and 65535");
            }
        }
        return port;
    }

    /** A wrong flag or value: exit code 2. */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    /** {@code --help}: the usage on stdout, exit code 0. */
    static final class HelpRequested extends Exception {
        private static final long serialVersionUID = 1L;
    }

    /** The running sink; each message is printed whole, one at a time, however many clients send at once. */
    static final class Sink implements AutoCloseable {
        private final SMTPServer server;
        private final PrintStream out;
        private final AtomicInteger received = new AtomicInteger();

        private Sink(int port, PrintStream out) {
            this.out = out;
            this.server = new SMTPServer(this::handler);
            server.setBindAddress(InetAddress.getLoopbackAddress());
            server.setPort(port);
            server.setSoftwareName("smtpy sink");
            // Print the message as it was sent, without a Received field of our own.
            server.setDisableReceivedHeaders(true);
            server.start();
        }

        static Sink start(int port, PrintStream out) {
            return new Sink(port, out);
        }

        private MessageHandler handler(MessageContext context) {
            return new MessageHandler() {
                private String sender = "";
                private final List<String> recipients = new ArrayList<>();

                @Override
                public void from(String from) {
                    sender = from;
                }

                @Override
                public void recipient(String recipient) {
                    recipients.add(recipient);
                }

                @Override
                public void data(InputStream data) throws IOException {
                    String message = new String(data.readAllBytes(), StandardCharsets.UTF_8);
                    print(context.getRemoteAddress(), sender, recipients, message);
                }

                @Override
                public void done() {
                }
            };
        }

        private void print(SocketAddress client, String sender, List<String> recipients, String message) {
            int number = received.incrementAndGet();
            String clientName = client instanceof InetSocketAddress
                ? ((InetSocketAddress) client).getAddress().getHostAddress() : String.valueOf(client);
            StringBuilder text = new StringBuilder();
            text.append("=== message ").append(number).append(", from ").append(clientName).append(" at ")
                .append(Instant.now()).append('\n');
            text.append("MAIL FROM:<").append(sender).append(">\n");
            recipients.forEach(recipient -> text.append("RCPT TO:<").append(recipient).append(">\n"));
            text.append('\n');
            // The terminal wants its own line ends; the message's CRLFs would show as ^M in a file.
            String body = message.replace("\r\n", "\n");
            text.append(body);
            if (!body.endsWith("\n")) {
                text.append('\n');
            }
            text.append("=== end of message ").append(number).append('\n');
            synchronized (out) {
                out.print(text);
                out.flush();
            }
        }

        @Override
        public void close() {
            server.stop();
        }
    }
}
