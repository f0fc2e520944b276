package io.smtpy.webhooks;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP receiver on a loopback address for tests: records every request (the three Standard Webhooks headers and the
 * body) and answers with the statuses queued for its path by {@link #answer}, then 200; {@code /redirect?to=URL} answers 307 to
 * that URL.
 */
public final class WebhookReceiver implements AutoCloseable {
    private final String host;
    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, ConcurrentLinkedDeque<Integer>> statuses = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> perPath = new ConcurrentHashMap<>();

    /** One request as it arrived. */
    public static final class Received {
        public final String path;
        public final String id;
        public final String timestamp;
        public final String signature;
        public final String body;
        /** The status it was answered. */
        public final int status;

        Received(String path, String id, String timestamp, String signature, String body, int status) {
            this.path = path;
            this.id = id;
            this.timestamp = timestamp;
            this.signature = signature;
            this.body = body;
            this.status = status;
        }
    }

    public WebhookReceiver() throws IOException {
        this("127.0.0.1");
    }

    /** @param host the loopback address to listen on ({@code 127.0.0.2} lets a test allow it and not {@code 127.0.0.1}) */
    public WebhookReceiver(String host) throws IOException {
        this.host = host;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(host), 0), 0);
        server.createContext("/", exchange -> {
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            String path = exchange.getRequestURI().getPath();
            perPath.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            String query = exchange.getRequestURI().getRawQuery();
            if (path.equals("/redirect") && query != null && query.startsWith("to=")) {
                exchange.getResponseHeaders().add("Location", java.net.URLDecoder.decode(query.substring(3), StandardCharsets.UTF_8));
                exchange.sendResponseHeaders(307, -1);
                exchange.close();
                return;
            }
            Integer queued = statuses.computeIfAbsent(path, p -> new ConcurrentLinkedDeque<>()).pollFirst();
            int status = queued == null ? 200 : queued;
            received.add(new Received(path, exchange.getRequestHeaders().getFirst("webhook-id"),
                exchange.getRequestHeaders().getFirst("webhook-timestamp"),
                exchange.getRequestHeaders().getFirst("webhook-signature"), body, status));
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    /** The next requests to {@code path} get these statuses, in order; then 200 again. */
    public void answer(String path, Integer... next) {
        statuses.computeIfAbsent(path, p -> new ConcurrentLinkedDeque<>()).addAll(List.of(next));
    }

    /** Forgets the statuses still queued for {@code path}: it answers 200 from now on. */
    public void recover(String path) {
        statuses.remove(path);
    }

    public URI url(String path) {
        return URI.create("http://" + host + ":" + server.getAddress().getPort() + path);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The requests that reached a path other than {@code /redirect}, in order. */
    public List<Received> received() {
        return List.copyOf(received);
    }

    public int hits(String path) {
        AtomicInteger hits = perPath.get(path);
        return hits == null ? 0 : hits.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
