package io.smtpy.scan.daemon;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.google.common.net.HostAndPort;

/**
 * A peer on a loopback port that plays a broken daemon: it accepts connections and then stays silent, or reads the
 * request (until {@code requestEnd} bytes were seen) and answers fixed bytes and closes.
 */
public final class FakeDaemon implements AutoCloseable {
    private final ServerSocket server;
    private final List<Socket> connections = new CopyOnWriteArrayList<>();
    private final AtomicInteger accepted = new AtomicInteger();
    private final Thread acceptor;

    private FakeDaemon(byte[] requestEnd, byte[] answer, boolean silent) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(() -> serve(requestEnd, answer, silent), "fake-daemon");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Accepts and never answers (nor reads). */
    public static FakeDaemon silent() throws IOException {
        return new FakeDaemon(new byte[0], new byte[0], true);
    }

    /** Reads the request until its last bytes are {@code requestEnd}, then writes {@code answer} and closes. */
    public static FakeDaemon answering(byte[] requestEnd, byte[] answer) throws IOException {
        return new FakeDaemon(requestEnd, answer, false);
    }

    public HostAndPort address() {
        return HostAndPort.fromParts("127.0.0.1", server.getLocalPort());
    }

    public int accepted() {
        return accepted.get();
    }

    /** A loopback address where nothing listens (a port just released). */
    public static HostAndPort nothingListening() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return HostAndPort.fromParts("127.0.0.1", socket.getLocalPort());
        }
    }

    private void serve(byte[] requestEnd, byte[] answer, boolean silent) {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                accepted.incrementAndGet();
                connections.add(socket);
                if (!silent) {
                    Thread answering = new Thread(() -> answer(socket, requestEnd, answer), "fake-daemon-answer");
                    answering.setDaemon(true);
                    answering.start();
                }
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void answer(Socket socket, byte[] requestEnd, byte[] answer) {
        try (socket) {
            InputStream in = socket.getInputStream();
            byte[] window = new byte[requestEnd.length];
            int seen = 0;
            while (requestEnd.length > 0 && !endsWith(window, seen, requestEnd)) {
                int b = in.read();
                if (b < 0) {
                    return;
                }
                System.arraycopy(window, 1, window, 0, window.length - 1);
                window[window.length - 1] = (byte) b;
                seen++;
            }
            OutputStream out = socket.getOutputStream();
            out.write(answer);
            out.flush();
        } catch (IOException e) {
            // the client went away: nothing to answer
        }
    }

    private static boolean endsWith(byte[] window, int seen, byte[] end) {
        return seen >= end.length && java.util.Arrays.equals(window, end);
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : connections) {
            socket.close();
        }
    }
}
