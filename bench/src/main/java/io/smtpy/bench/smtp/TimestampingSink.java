package io.smtpy.bench.smtp;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

/**
 * The destination MX of every forwarder under test: accepts every message on loopback and tells its
 * {@link Listener} when the final dot of a message arrived, with the message's {@value TestMessage#ID_HEADER}
 * and how many recipients (copies) the transaction had. The load generator runs in the same JVM, so both ends of
 * a latency are read from the same {@link System#nanoTime()} clock.
 *
 * <p>It answers like {@code smtp-sink}: ESMTP with PIPELINING, no TLS, one thread per connection.
 */
public final class TimestampingSink implements AutoCloseable {
    /** Told of each message as its final dot arrives. */
    public interface Listener {
        void arrived(long messageId, int recipients, long nanoTime);
    }

    /** The envelope sender and the header lines (folded as received) of one delivered message. */
    public static final class Delivery {
        public final String mailFrom;
        public final List<String> headerLines;

        Delivery(String mailFrom, List<String> headerLines) {
            this.mailFrom = mailFrom;
            this.headerLines = List.copyOf(headerLines);
        }

        /** The address of {@code MAIL FROM:<address> ...}. */
        public String envelopeSender() {
            return mailFrom.replaceFirst("(?i)^MAIL FROM:\\s*<([^>]*)>.*$", "$1");
        }

        /** The header fields, unfolded (continuation lines joined to their field). */
        public List<String> fields() {
            List<String> fields = new ArrayList<>();
            for (String line : headerLines) {
                if (!fields.isEmpty() && (line.startsWith(" ") || line.startsWith("\t"))) {
                    fields.set(fields.size() - 1, fields.get(fields.size() - 1) + line);
                } else {
                    fields.add(line);
                }
            }
            return fields;
        }

        /** Whether the copy has a field of this name (case-insensitive). */
        public boolean hasField(String name) {
            return field(name) != null;
        }

        /** The value of the first field of this name (case-insensitive), unfolded, its white space runs one space; null when there is none. */
        public String field(String name) {
            String prefix = name + ":";
            return fields().stream().filter(field -> field.regionMatches(true, 0, prefix, 0, prefix.length()))
                .map(field -> field.substring(prefix.length()).replaceAll("\\s+", " ").trim()).findFirst().orElse(null);
        }

        /** Whether a field {@code name} (DKIM-Signature, ARC-Seal) carries the tag {@code d=domain}. */
        public boolean hasFieldFrom(String name, String domain) {
            Pattern tag = Pattern.compile("(?i)^" + Pattern.quote(name) + ":.*[;\\s]d=" + Pattern.quote(domain) + "\\s*(;.*)?$");
            return fields().stream().anyMatch(field -> tag.matcher(field).matches());
        }
    }

    private static final Listener NOBODY = (messageId, recipients, nanoTime) -> { };
    private static final byte[] GREETING = reply("220 sink.bench ESMTP");
    private static final byte[] EHLO = reply("250-sink.bench\r\n250-PIPELINING\r\n250-8BITMIME\r\n250 SIZE 104857600");
    private static final byte[] OK = reply("250 2.0.0 Ok");
    private static final byte[] DATA = reply("354 End data with <CR><LF>.<CR><LF>");
    private static final byte[] QUEUED = reply("250 2.0.0 Ok: queued");
    private static final byte[] BYE = reply("221 2.0.0 Bye");
    private static final byte[] UNKNOWN = reply("502 5.5.2 Error: command not recognized");

    private final ServerSocket server;
    private final ExecutorService sessions = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "sink-session");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicLong messages = new AtomicLong();
    private volatile Listener listener = NOBODY;
    private final AtomicReference<CompletableFuture<Delivery>> capture = new AtomicReference<>();

    private TimestampingSink(ServerSocket server) {
        this.server = server;
        Thread acceptor = new Thread(this::acceptUntilClosed, "sink-acceptor");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Listens on a free loopback port. */
    public static TimestampingSink start() throws IOException {
        return start(0);
    }

    /** Listens on the given loopback port (0: any free one). */
    public static TimestampingSink start(int port) throws IOException {
        return new TimestampingSink(new ServerSocket(port, 512, InetAddress.getLoopbackAddress()));
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Replaces the listener; messages arriving with no run listening are only counted. */
    public void listen(Listener listener) {
        this.listener = listener == null ? NOBODY : listener;
    }

    /**
     * The envelope and headers of the next message whose transaction starts after this call: what a forwarder did
     * to the mail, checked once before a forwarder is measured. Sessions only keep lines while a capture is pending.
     */
    public CompletableFuture<Delivery> captureNext() {
        CompletableFuture<Delivery> next = new CompletableFuture<>();
        capture.set(next);
        return next;
    }

    /** Messages (transactions) received since start. */
    public long messages() {
        return messages.get();
    }

    @Override
    public void close() throws IOException {
        server.close();
        sessions.shutdownNow();
    }

    private void acceptUntilClosed() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                sessions.execute(() -> serve(socket));
            } catch (IOException closedOrFailed) {
                if (server.isClosed()) {
                    return;
                }
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            socket.setTcpNoDelay(true);
            SmtpLines in = new SmtpLines(socket.getInputStream());
            OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 8192);
            out.write(GREETING);
            out.flush();
            int recipients = 0;
            String mailFrom = null;
            while (in.next()) {
                byte[] answer;
                if (in.startsWithIgnoringCase("EHLO")) {
                    answer = EHLO;
                } else if (in.startsWithIgnoringCase("HELO") || in.startsWithIgnoringCase("NOOP")) {
                    answer = OK;
                } else if (in.startsWithIgnoringCase("MAIL") || in.startsWithIgnoringCase("RSET")) {
                    recipients = 0;
                    mailFrom = capture.get() == null ? null : in.text();
                    answer = OK;
                } else if (in.startsWithIgnoringCase("RCPT")) {
                    recipients++;
                    answer = OK;
                } else if (in.startsWithIgnoringCase("DATA")) {
                    out.write(DATA);
                    out.flush();
                    receiveMessage(in, recipients, mailFrom);
                    recipients = 0;
                    mailFrom = null;
                    answer = QUEUED;
                } else if (in.startsWithIgnoringCase("QUIT")) {
                    out.write(BYE);
                    out.flush();
                    return;
                } else {
                    answer = UNKNOWN;
                }
                out.write(answer);
                // Pipelining: answer a batch of commands in one segment, as a real server does.
                if (!in.hasBuffered()) {
                    out.flush();
                }
            }
        } catch (SocketException clientWentAway) {
            // A forwarder closing without QUIT is not the sink's business.
        } catch (IOException e) {
            System.err.println("sink: session failed: " + e);
        }
    }

    private void receiveMessage(SmtpLines in, int recipients, String mailFrom) throws IOException {
        long messageId = -1;
        boolean inHeaders = true;
        List<String> captured = mailFrom == null ? null : new ArrayList<>();
        while (in.next()) {
            if (in.isDot()) {
                long arrivedAt = System.nanoTime();
                messages.incrementAndGet();
                listener.arrived(messageId, recipients, arrivedAt);
                if (captured != null) {
                    CompletableFuture<Delivery> waiting = capture.getAndSet(null);
                    if (waiting != null) {
                        waiting.complete(new Delivery(mailFrom, captured));
                    }
                }
                return;
            }
            if (inHeaders) {
                if (captured != null && !in.isEmpty()) {
                    captured.add(in.text());
                }
                if (in.isEmpty()) {
                    inHeaders = false;
                } else if (in.startsWithIgnoringCase(TestMessage.ID_HEADER + ":")) {
                    messageId = TestMessage.parseId(in.text());
                }
            }
        }
        throw new SocketException("connection closed in DATA");
    }

    private static byte[] reply(String text) {
        return (text + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }
}
