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
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

/**
 * Sends test messages over SMTP the way {@code smtp-source -s N} does: N parallel sessions, one message per
 * connection (connect, EHLO, MAIL, RCPT, DATA, QUIT), no pipelining, and counts arrivals at a
 * {@link TimestampingSink}. Given several servers (the nodes of a cluster), each connection goes to the next one in
 * turn, and arrivals are counted by the server their message went to.
 *
 * <p>Two shapes of load:
 * <ul>
 *   <li>{@link #saturate}: as fast as the forwarder accepts, with a bound on copies accepted but not yet delivered
 *   (so that a forwarder that accepts faster than it delivers reaches a steady state instead of piling up a queue
 *   the run would then wait for); the delivery rate in the window is the sustained end-to-end throughput;</li>
 *   <li>{@link #fixedRate}: messages started at a fixed rate, for latency without queueing.</li>
 * </ul>
 */
public final class LoadGenerator {
    private static final String SENDER = "sender@client.example";
    static final int CONNECT_TIMEOUT_MILLIS = 10_000;
    static final int REPLY_TIMEOUT_MILLIS = 120_000;
    static final long DRAIN_TIMEOUT_MILLIS = 60_000;
    /** Upper bound on messages per run, far above what one loopback server on 2 cores accepts. */
    static final int MAX_MESSAGES_PER_SECOND = 20_000;
    static final byte[] END_OF_DATA = ".\r\n".getBytes(StandardCharsets.US_ASCII);

    private final List<InetSocketAddress> servers;
    private final AtomicInteger nextServer = new AtomicInteger();
    private final int connections;
    private final TimestampingSink sink;

    public LoadGenerator(int port, int connections, TimestampingSink sink) {
        this(List.of(port), connections, sink);
    }

    /** Load spread over servers on these loopback ports: each new connection goes to the next port in turn. */
    public LoadGenerator(List<Integer> ports, int connections, TimestampingSink sink) {
        if (ports.isEmpty()) {
            throw new IllegalArgumentException("a load generator needs at least one server");
        }
        this.servers = ports.stream().map(port -> new InetSocketAddress(InetAddress.getLoopbackAddress(), port)).collect(Collectors.toList());
        this.connections = connections;
        this.sink = sink;
    }

    /**
     * Sends for {@code ramp + window} as fast as accepted, then waits until every accepted copy arrived.
     *
     * @param copiesPerMessage destinations of {@code recipient}: copies the sink receives per message
     * @param maxCopiesInFlight copies accepted but not yet arrived at most
     * @param cpu CPU clocks (forwarder, harness, machine), read at the start and at the end of the window
     */
    public LoadResult saturate(String recipient, int copiesPerMessage, TestMessage message, Duration ramp, Duration window,
                               int maxCopiesInFlight, CpuClocks cpu) throws InterruptedException {
        int capacity = (int) Math.min(Integer.MAX_VALUE / 4,
            (ramp.plus(window).toMillis() / 1000.0 + 1) * MAX_MESSAGES_PER_SECOND / copiesPerMessage);
        LoadRun run = new LoadRun(capacity, copiesPerMessage, maxCopiesInFlight);
        sink.listen(run);
        long start = System.nanoTime();
        long windowStart = start + ramp.toNanos();
        long windowEnd = windowStart + window.toNanos();
        long[][] clocks = new long[2][];
        Thread cpuProbe = cpuProbe(cpu, windowStart, windowEnd, clocks);
        List<Thread> senders = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            Thread sender = new Thread(() -> sendUntil(run, windowEnd, recipient, message), "load-sender-" + i);
            sender.start();
            senders.add(sender);
        }
        for (Thread sender : senders) {
            sender.join();
        }
        cpuProbe.join();
        run.awaitDrained(DRAIN_TIMEOUT_MILLIS);
        sink.listen(null);
        long[] inWindow = run.latenciesOfArrivalsBetween(windowStart, windowEnd);
        return new LoadResult(window.toNanos() / 1e9, run, run.arrivalsByServerBetween(windowStart, windowEnd, servers.size()),
            run.acceptedBetween(windowStart, windowEnd), CpuClocks.difference(clocks[0], clocks[1]), inWindow);
    }

    /**
     * Starts {@code perSecond} messages a second for {@code duration} (each on a free session of the
     * {@code connections}), then waits until every accepted copy arrived. All arrivals are latency samples.
     */
    public LoadResult fixedRate(String recipient, int copiesPerMessage, TestMessage message, double perSecond,
                                Duration duration) throws InterruptedException {
        int count = (int) Math.max(1, Math.round(perSecond * duration.toMillis() / 1000.0));
        LoadRun run = new LoadRun(count, copiesPerMessage, 0);
        sink.listen(run);
        ExecutorService sessions = Executors.newFixedThreadPool(connections);
        long start = System.nanoTime();
        long period = (long) (1e9 / perSecond);
        for (int i = 0; i < count; i++) {
            sleepUntil(start + i * period);
            int index = run.claim();
            sessions.execute(() -> sendOrCount(run, index, recipient, message));
        }
        sessions.shutdown();
        sessions.awaitTermination(REPLY_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        long end = System.nanoTime();
        run.awaitDrained(DRAIN_TIMEOUT_MILLIS);
        sink.listen(null);
        long[] all = run.latenciesOfArrivalsBetween(start, Long.MAX_VALUE);
        return new LoadResult((end - start) / 1e9, run, run.arrivalsByServerBetween(start, Long.MAX_VALUE, servers.size()),
            run.acceptedBetween(start, end), new long[3], all);
    }

    private void sendUntil(LoadRun run, long until, String recipient, TestMessage message) {
        try {
            while (System.nanoTime() < until) {
                if (!run.awaitRoom(50)) {
                    continue;
                }
                int index = run.claim();
                if (index < 0) {
                    run.giveBackRoom();
                    return;
                }
                if (!sendOrCount(run, index, recipient, message)) {
                    // A refusing or dead server must not be hammered in a tight loop.
                    Thread.sleep(20);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean sendOrCount(LoadRun run, int index, String recipient, TestMessage message) {
        try {
            send(run, index, recipient, message);
            return true;
        } catch (IOException | SmtpReplyException e) {
            run.failed(e);
            return false;
        }
    }

    private void send(LoadRun run, int index, String recipient, TestMessage message) throws IOException {
        long id = run.id(index);
        int server = Math.floorMod(nextServer.getAndIncrement(), servers.size());
        run.sentTo(index, server);
        try (Socket socket = new Socket()) {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(REPLY_TIMEOUT_MILLIS);
            socket.connect(servers.get(server), CONNECT_TIMEOUT_MILLIS);
            SmtpLines in = new SmtpLines(socket.getInputStream());
            OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
            expect(in, 220);
            command(out, "EHLO client.example");
            expect(in, 250);
            command(out, "MAIL FROM:<" + SENDER + ">");
            expect(in, 250);
            command(out, "RCPT TO:<" + recipient + ">");
            expect(in, 250);
            command(out, "DATA");
            expect(in, 354);
            out.write(message.headers(id, SENDER, recipient));
            out.write(message.body());
            run.endOfData(index, System.nanoTime());
            out.write(END_OF_DATA);
            out.flush();
            expect(in, 250);
            run.accepted(index, System.nanoTime());
            command(out, "QUIT");
            expect(in, 221);
        }
    }

    static void command(OutputStream out, String command) throws IOException {
        out.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    static void expect(SmtpLines in, int code) throws IOException {
        expect(in, code, null);
    }

    /** Reads one reply, its lines appended to {@code text} when given; fails unless its code is of {@code code}'s class. */
    static void expect(SmtpLines in, int code, StringBuilder text) throws IOException {
        while (true) {
            if (!in.next()) {
                throw new IOException("connection closed while waiting for " + code);
            }
            if (text != null) {
                text.append(in.text()).append('\n');
            }
            if (in.isLastReplyLine()) {
                break;
            }
        }
        if (in.replyCode() / 100 != code / 100) {
            throw new SmtpReplyException("expected " + code + ", got '" + in.text() + "'");
        }
    }

    /** A started thread that reads the CPU clocks into {@code clocks[0]} at the window's start and {@code clocks[1]} at its end. */
    static Thread cpuProbe(CpuClocks cpu, long windowStart, long windowEnd, long[][] clocks) {
        Thread probe = new Thread(() -> {
            sleepUntil(windowStart);
            clocks[0] = cpu.read();
            sleepUntil(windowEnd);
            clocks[1] = cpu.read();
        }, "load-cpu-probe");
        probe.start();
        return probe;
    }

    static void sleepUntil(long nanoTime) {
        long remaining;
        while ((remaining = nanoTime - System.nanoTime()) > 0) {
            LockSupport.parkNanos(remaining);
        }
    }

    /** The server answered with an unexpected code. */
    static final class SmtpReplyException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SmtpReplyException(String message) {
            super(message);
        }
    }
}
