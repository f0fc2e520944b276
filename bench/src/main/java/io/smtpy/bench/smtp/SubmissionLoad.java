package io.smtpy.bench.smtp;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

/**
 * Mail clients submitting mail: N parallel sessions, each connect, EHLO, STARTTLS, EHLO, AUTH PLAIN (or, for implicit
 * TLS, the handshake at once, then EHLO and AUTH PLAIN), then M messages (MAIL, RCPT, DATA), QUIT, and again. M = 1 is
 * what phones and mail apps do: a connection per message. Arrivals are counted at a {@link TimestampingSink}, with the
 * same bound on copies accepted and not yet delivered as {@link LoadGenerator#saturate}.
 *
 * <p>Besides the sustained rate it times, for the messages accepted in the window, the <em>submission latency</em>: from
 * the start of the message's work to the 250 at its end of DATA, where the start is the connect for a connection's first
 * message (TCP, TLS, AUTH and the transaction: what the user waits for) and MAIL for the others; and, for the
 * connections authenticated in the window, the <em>setup</em>: connect to the 235 of AUTH.
 */
public final class SubmissionLoad {
    private final InetSocketAddress server;
    private final boolean implicitTls;
    private final int connections;
    private final int messagesPerConnection;
    private final TlsClient tls;
    private final String authPlain;
    private final String sender;
    private final TimestampingSink sink;

    /**
     * @param implicitTls true for the smtps port (TLS at once), false for STARTTLS on the submission port
     * @param sender      the envelope sender and From of every message: an address the credential may send as
     */
    public SubmissionLoad(int port, boolean implicitTls, int connections, int messagesPerConnection, TlsClient tls, String username,
                          String password, String sender, TimestampingSink sink) {
        this.server = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        this.implicitTls = implicitTls;
        this.connections = connections;
        this.messagesPerConnection = messagesPerConnection;
        this.tls = tls;
        this.authPlain = Base64.getEncoder().encodeToString(("\0" + username + "\0" + password).getBytes(StandardCharsets.UTF_8));
        this.sender = sender;
        this.sink = sink;
    }

    /** Sends for {@code ramp + window} as fast as accepted (within the bound), then waits until every accepted copy arrived. */
    public SubmissionResult saturate(String recipient, TestMessage message, Duration ramp, Duration window, int maxCopiesInFlight,
                                     CpuClocks cpu) throws InterruptedException {
        int capacity = (int) Math.min(Integer.MAX_VALUE / 4, (ramp.plus(window).toMillis() / 1000.0 + 1) * LoadGenerator.MAX_MESSAGES_PER_SECOND);
        LoadRun run = new LoadRun(capacity, 1, maxCopiesInFlight);
        Timings timings = new Timings(capacity);
        sink.listen(run);
        long start = System.nanoTime();
        long windowStart = start + ramp.toNanos();
        long windowEnd = windowStart + window.toNanos();
        long[][] clocks = new long[2][];
        Thread cpuProbe = LoadGenerator.cpuProbe(cpu, windowStart, windowEnd, clocks);
        List<Thread> clients = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            Thread client = new Thread(() -> submitUntil(run, timings, windowEnd, recipient, message), "submission-client-" + i);
            client.start();
            clients.add(client);
        }
        for (Thread client : clients) {
            client.join();
        }
        cpuProbe.join();
        run.awaitDrained(LoadGenerator.DRAIN_TIMEOUT_MILLIS);
        sink.listen(null);
        long[] inWindow = run.latenciesOfArrivalsBetween(windowStart, windowEnd);
        LoadResult load = new LoadResult(window.toNanos() / 1e9, run, inWindow.length, run.acceptedBetween(windowStart, windowEnd),
            CpuClocks.difference(clocks[0], clocks[1]), inWindow);
        return new SubmissionResult(load, timings.submissions(run, windowStart, windowEnd), timings.setups(windowStart, windowEnd),
            timings.session);
    }

    /** One session's greeting and EHLO before TLS, as the server answered them: for the check that AUTH waits for TLS. */
    public String plainEhlo() throws IOException {
        if (implicitTls) {
            return "implicit TLS: nothing before the handshake";
        }
        try (Socket socket = connect()) {
            SmtpLines in = new SmtpLines(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            StringBuilder text = new StringBuilder();
            LoadGenerator.expect(in, 220, text);
            LoadGenerator.command(out, "EHLO client.example");
            LoadGenerator.expect(in, 250, text);
            LoadGenerator.command(out, "QUIT");
            return text.toString();
        }
    }

    private void submitUntil(LoadRun run, Timings timings, long until, String recipient, TestMessage message) {
        try {
            while (System.nanoTime() < until) {
                if (!run.awaitRoom(50)) {
                    continue;
                }
                if (!session(run, timings, until, recipient, message)) {
                    // A refusing or dead server must not be hammered in a tight loop.
                    Thread.sleep(20);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * One connection, entered holding room for one message; false when it failed. Whatever room it holds for a message
     * not yet accepted goes back with the failure.
     */
    private boolean session(LoadRun run, Timings timings, long until, String recipient, TestMessage message) throws InterruptedException {
        boolean holdingRoom = true;
        long connecting = System.nanoTime();
        try (Socket plain = connect()) {
            Socket socket = plain;
            SmtpLines in = new SmtpLines(plain.getInputStream());
            OutputStream out = plain.getOutputStream();
            if (implicitTls) {
                socket = tls.handshake(plain, server.getPort());
                in = new SmtpLines(socket.getInputStream());
                out = socket.getOutputStream();
                LoadGenerator.expect(in, 220);
            } else {
                LoadGenerator.expect(in, 220);
                LoadGenerator.command(out, "EHLO client.example");
                LoadGenerator.expect(in, 250);
                LoadGenerator.command(out, "STARTTLS");
                LoadGenerator.expect(in, 220);
                socket = tls.handshake(plain, server.getPort());
                in = new SmtpLines(socket.getInputStream());
                out = socket.getOutputStream();
            }
            out = new BufferedOutputStream(out, 64 * 1024);
            LoadGenerator.command(out, "EHLO client.example");
            LoadGenerator.expect(in, 250);
            LoadGenerator.command(out, "AUTH PLAIN " + authPlain);
            LoadGenerator.expect(in, 235);
            timings.setup(connecting, System.nanoTime(), socket);
            for (int sent = 0; sent < messagesPerConnection; sent++) {
                if (sent > 0) {
                    holdingRoom = awaitRoomUntil(run, until);
                    if (!holdingRoom) {
                        break;
                    }
                }
                int index = run.claim();
                if (index < 0) {
                    run.giveBackRoom();
                    holdingRoom = false;
                    break;
                }
                timings.started(index, sent == 0 ? connecting : System.nanoTime());
                transaction(run, index, in, out, recipient, message);
                holdingRoom = false;
            }
            LoadGenerator.command(out, "QUIT");
            LoadGenerator.expect(in, 221);
            return true;
        } catch (IOException | RuntimeException e) {
            if (holdingRoom) {
                run.failed(e);
            }
            return false;
        }
    }

    /** Waits for room for one more message of this session; false when the window ended first. */
    private static boolean awaitRoomUntil(LoadRun run, long until) throws InterruptedException {
        while (System.nanoTime() < until) {
            if (run.awaitRoom(50)) {
                return true;
            }
        }
        return false;
    }

    private void transaction(LoadRun run, int index, SmtpLines in, OutputStream out, String recipient, TestMessage message)
            throws IOException {
        LoadGenerator.command(out, "MAIL FROM:<" + sender + ">");
        LoadGenerator.expect(in, 250);
        LoadGenerator.command(out, "RCPT TO:<" + recipient + ">");
        LoadGenerator.expect(in, 250);
        LoadGenerator.command(out, "DATA");
        LoadGenerator.expect(in, 354);
        out.write(message.headers(run.id(index), sender, recipient));
        out.write(message.body());
        run.endOfData(index, System.nanoTime());
        out.write(LoadGenerator.END_OF_DATA);
        out.flush();
        LoadGenerator.expect(in, 250);
        run.accepted(index, System.nanoTime());
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(LoadGenerator.REPLY_TIMEOUT_MILLIS);
            socket.connect(server, LoadGenerator.CONNECT_TIMEOUT_MILLIS);
            return socket;
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    /** When each message's work started, and each connection's setup; shared by the client threads. */
    private static final class Timings {
        private final AtomicLongArray started;
        private final AtomicLongArray setupEnded;
        private final AtomicLongArray setupNanos;
        private final AtomicInteger setups = new AtomicInteger();
        private volatile String session = "no TLS session";

        Timings(int capacity) {
            started = new AtomicLongArray(capacity);
            setupEnded = new AtomicLongArray(capacity);
            setupNanos = new AtomicLongArray(capacity);
        }

        void started(int index, long nanoTime) {
            started.set(index, nanoTime);
        }

        void setup(long connecting, long authenticated, Socket socket) {
            int slot = setups.getAndIncrement();
            if (slot < setupEnded.length()) {
                setupNanos.set(slot, authenticated - connecting);
                setupEnded.set(slot, authenticated);
            }
            if (slot == 0 && socket instanceof SSLSocket) {
                SSLSession tls = ((SSLSocket) socket).getSession();
                session = tls.getProtocol() + " " + tls.getCipherSuite();
            }
        }

        /** Submission latencies of the messages accepted in [from, to), sorted. */
        long[] submissions(LoadRun run, long from, long to) {
            int claimed = run.claimedCount();
            long[] selected = new long[claimed];
            int count = 0;
            for (int i = 0; i < claimed; i++) {
                long accepted = run.acceptedAt(i);
                if (accepted >= from && accepted < to && started.get(i) != 0) {
                    selected[count++] = accepted - started.get(i);
                }
            }
            long[] sorted = Arrays.copyOf(selected, count);
            Arrays.sort(sorted);
            return sorted;
        }

        /** Setups of the connections authenticated in [from, to), sorted. */
        long[] setups(long from, long to) {
            int count = Math.min(setups.get(), setupEnded.length());
            long[] selected = new long[count];
            int kept = 0;
            for (int i = 0; i < count; i++) {
                long ended = setupEnded.get(i);
                if (ended >= from && ended < to) {
                    selected[kept++] = setupNanos.get(i);
                }
            }
            long[] sorted = Arrays.copyOf(selected, kept);
            Arrays.sort(sorted);
            return sorted;
        }
    }
}
