package io.smtpy.scan.daemon;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * One request to a scanning daemon over a fresh TCP connection, bounded in time and in number: a request first takes
 * one of {@code maxConcurrent} slots, and everything (waiting for the slot, connecting, writing the message, reading
 * the answer) must end within the timeout, whatever the peer does. A request waits for a slot at most half its timeout
 * (then it fails as busy): one that got a slot with no time left would only fail later and less clearly. The socket's read timeout alone would not bound a
 * write to a peer that stops reading, nor a peer that drips one byte at a time, so a watchdog closes the socket at
 * the deadline.
 */
public final class DaemonEndpoint {
    /** What is said over one connection. */
    @FunctionalInterface
    public interface Exchange<T> {
        T run(InputStream in, OutputStream out) throws IOException, DaemonException;
    }

    private static final ScheduledThreadPoolExecutor WATCHDOG = watchdog();

    private final DaemonSettings settings;
    private final Semaphore slots;

    public DaemonEndpoint(DaemonSettings settings) {
        this.settings = settings;
        this.slots = new Semaphore(settings.maxConcurrent(), true);
    }

    public DaemonSettings settings() {
        return settings;
    }

    /** @throws DaemonException with a short detail when the exchange does not complete in time, or fails */
    public <T> T exchange(Exchange<T> exchange) throws DaemonException {
        long timeoutNanos = settings.timeout().toNanos();
        long deadline = System.nanoTime() + timeoutNanos;
        acquireSlot(timeoutNanos / 2);
        Socket socket = new Socket();
        ScheduledFuture<?> watchdog = WATCHDOG.schedule(() -> closeQuietly(socket), timeoutNanos, TimeUnit.NANOSECONDS);
        boolean connected = false;
        try {
            int remainingMillis = remainingMillis(deadline);
            socket.connect(new InetSocketAddress(settings.address().getHost(), settings.address().getPort()), remainingMillis);
            connected = true;
            socket.setSoTimeout(Math.max(1, remainingMillis(deadline)));
            socket.setTcpNoDelay(true);
            return exchange.run(new BufferedInputStream(socket.getInputStream()), new BufferedOutputStream(socket.getOutputStream(), 64 * 1024));
        } catch (UnknownHostException e) {
            throw new DaemonException("unknown host " + settings.address().getHost(), e);
        } catch (ConnectException e) {
            throw new DaemonException("connection refused", e);
        } catch (IOException e) {
            if (e instanceof SocketTimeoutException || System.nanoTime() - deadline >= 0) {
                throw new DaemonException((connected ? "no answer within " : "could not connect within ") + seconds(), e);
            }
            throw new DaemonException((connected ? "connection lost: " : "could not connect: ") + e.getMessage(), e);
        } finally {
            watchdog.cancel(false);
            closeQuietly(socket);
            slots.release();
        }
    }

    private void acquireSlot(long waitNanos) throws DaemonException {
        try {
            if (!slots.tryAcquire(waitNanos, TimeUnit.NANOSECONDS)) {
                throw new DaemonException("busy: " + settings.maxConcurrent() + " requests in progress for "
                    + duration(TimeUnit.NANOSECONDS.toMillis(waitNanos)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DaemonException("interrupted", e);
        }
    }

    private String seconds() {
        return duration(settings.timeout().toMillis());
    }

    private static String duration(long millis) {
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
    }

    private static int remainingMillis(long deadline) throws SocketTimeoutException {
        long remaining = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (remaining <= 0) {
            // 0 would mean "no timeout" to connect and setSoTimeout.
            throw new SocketTimeoutException("deadline passed");
        }
        return (int) Math.min(Integer.MAX_VALUE, remaining);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closing is all that is left to do
        }
    }

    private static ScheduledThreadPoolExecutor watchdog() {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "smtpy-scan-deadline");
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
        return executor;
    }
}
