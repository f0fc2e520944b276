package io.smtpy.dns.testing;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A UDP relay on a free loopback port in front of a DNS server (a {@link Dnsmasq}), which loses queries the way an
 * overloaded resolver does: the next {@link #dropNext(int) n} queries, all of them while {@link #dropAll(boolean)}
 * is on, or those for names under a slow zone ({@link #dropNamesEndingWith}). Queries it keeps go to the server; answers come back to whoever asked, matched by query id. Counts the
 * queries it received, and the query ids and source ports they came with. Its two threads are daemons; {@link #close()} ends them.
 */
public final class LossyUdpRelay implements AutoCloseable {
    private final DatagramSocket clients;
    private final DatagramSocket upstream;
    private final InetSocketAddress server;
    private final Map<Integer, SocketAddress> askers = new ConcurrentHashMap<>();
    private final AtomicInteger toDrop = new AtomicInteger();
    private final AtomicBoolean dropAll = new AtomicBoolean();
    private volatile Optional<String> droppedSuffix = Optional.empty();
    private final AtomicInteger received = new AtomicInteger();
    private final AtomicInteger dropped = new AtomicInteger();
    private final Set<Integer> queryIds = ConcurrentHashMap.newKeySet();
    private final Set<Integer> askerPorts = ConcurrentHashMap.newKeySet();

    private LossyUdpRelay(InetSocketAddress server) throws IOException {
        this.server = server;
        this.clients = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        this.upstream = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        thread("relay-queries", this::relayQueries).start();
        thread("relay-answers", this::relayAnswers).start();
    }

    /** A relay to the DNS server on loopback at {@code serverPort}. */
    public static LossyUdpRelay inFrontOf(int serverPort) throws IOException {
        return new LossyUdpRelay(new InetSocketAddress(InetAddress.getLoopbackAddress(), serverPort));
    }

    public int port() {
        return clients.getLocalPort();
    }

    /** The next {@code count} queries are lost. */
    public LossyUdpRelay dropNext(int count) {
        toDrop.set(count);
        return this;
    }

    /** While on, every query is lost. */
    public LossyUdpRelay dropAll(boolean on) {
        dropAll.set(on);
        return this;
    }

    /** Every query for a name ending with {@code suffix} (any case) is lost, as for a zone whose servers are slow. */
    public LossyUdpRelay dropNamesEndingWith(String suffix) {
        droppedSuffix = Optional.of(suffix.toLowerCase(Locale.ROOT));
        return this;
    }

    /** Queries received, lost ones included. */
    public int received() {
        return received.get();
    }

    public int dropped() {
        return dropped.get();
    }

    /** The distinct query ids received. */
    public Set<Integer> queryIds() {
        return Set.copyOf(queryIds);
    }

    /** The distinct source ports queries came from: one per socket. */
    public Set<Integer> askerPorts() {
        return Set.copyOf(askerPorts);
    }

    private void relayQueries() {
        byte[] buffer = new byte[65535];
        while (!clients.isClosed()) {
            try {
                DatagramPacket query = new DatagramPacket(buffer, buffer.length);
                clients.receive(query);
                received.incrementAndGet();
                queryIds.add(queryId(query.getData()));
                askerPorts.add(query.getPort());
                if (dropAll.get() || droppedName(query.getData()) || toDrop.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
                    dropped.incrementAndGet();
                    continue;
                }
                byte[] data = Arrays.copyOfRange(query.getData(), query.getOffset(), query.getOffset() + query.getLength());
                askers.put(queryId(data), query.getSocketAddress());
                upstream.send(new DatagramPacket(data, data.length, server));
            } catch (IOException e) {
                // closed, or one bad packet: go on until closed
            }
        }
    }

    private void relayAnswers() {
        byte[] buffer = new byte[65535];
        while (!upstream.isClosed()) {
            try {
                DatagramPacket answer = new DatagramPacket(buffer, buffer.length);
                upstream.receive(answer);
                byte[] data = Arrays.copyOfRange(answer.getData(), answer.getOffset(), answer.getOffset() + answer.getLength());
                SocketAddress asker = askers.remove(queryId(data));
                if (asker != null) {
                    clients.send(new DatagramPacket(data, data.length, asker));
                }
            } catch (IOException e) {
                // closed, or one bad packet: go on until closed
            }
        }
    }

    private boolean droppedName(byte[] message) {
        Optional<String> suffix = droppedSuffix;
        return suffix.isPresent() && questionName(message).endsWith(suffix.get());
    }

    /** The question's name, lower-case, labels joined with dots, without the root dot ("" when unreadable). */
    private static String questionName(byte[] message) {
        StringBuilder name = new StringBuilder();
        int at = 12;
        while (at < message.length && message[at] != 0) {
            int length = message[at] & 0xff;
            if (length > 63 || at + 1 + length > message.length) {
                return "";
            }
            if (name.length() > 0) {
                name.append('.');
            }
            name.append(new String(message, at + 1, length, StandardCharsets.US_ASCII));
            at += 1 + length;
        }
        return name.toString().toLowerCase(Locale.ROOT);
    }

    private static int queryId(byte[] message) {
        return message.length < 2 ? -1 : ((message[0] & 0xff) << 8) | (message[1] & 0xff);
    }

    private static Thread thread(String name, Runnable work) {
        Thread thread = new Thread(work, name);
        thread.setDaemon(true);
        return thread;
    }

    @Override
    public void close() {
        clients.close();
        upstream.close();
    }
}
