package io.smtpy.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in for smtpy's WebAdmin on loopback: answers what a test scripted for a method and path (query
 * included), James's 404 error JSON otherwise, and records every request it got.
 */
final class FakeSmtpyServer implements AutoCloseable {
    /** One request as the server saw it. */
    static final class RecordedRequest {
        final String method;
        final String pathAndQuery;
        final Map<String, List<String>> headers;
        final String body;

        RecordedRequest(String method, String pathAndQuery, Map<String, List<String>> headers, String body) {
            this.method = method;
            this.pathAndQuery = pathAndQuery;
            this.headers = headers;
            this.body = body;
        }

        String header(String name) {
            return headers.entrySet().stream()
                .filter(entry -> entry.getKey().equalsIgnoreCase(name))
                .map(entry -> entry.getValue().get(0))
                .findFirst().orElse(null);
        }

        @Override
        public String toString() {
            return method + " " + pathAndQuery + " " + body;
        }
    }

    private static final class Answer {
        final int status;
        final String contentType;
        final String body;

        Answer(int status, String contentType, String body) {
            this.status = status;
            this.contentType = contentType;
            this.body = body;
        }
    }

    private final HttpServer server;
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final Map<String, Queue<Answer>> firstAnswers = new ConcurrentHashMap<>();
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();

    FakeSmtpyServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    FakeSmtpyServer answer(String method, String pathAndQuery, int status, String json) {
        return answer(method, pathAndQuery, status, "application/json", json);
    }

    FakeSmtpyServer answer(String method, String pathAndQuery, int status, String contentType, String body) {
        answers.put(method + " " + pathAndQuery, new Answer(status, contentType, body));
        return this;
    }

    /** An answer given once, before the standing one (several queue up in order). */
    FakeSmtpyServer answerOnce(String method, String pathAndQuery, int status, String json) {
        firstAnswers.computeIfAbsent(method + " " + pathAndQuery, key -> new ConcurrentLinkedQueue<>())
            .add(new Answer(status, "application/json", json));
        return this;
    }

    List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    RecordedRequest onlyRequest() {
        if (requests.size() != 1) {
            throw new AssertionError("expected one request, got " + requests);
        }
        return requests.get(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String pathAndQuery = exchange.getRequestURI().getRawPath()
            + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery());
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        requests.add(new RecordedRequest(exchange.getRequestMethod(), pathAndQuery, Map.copyOf(exchange.getRequestHeaders()), body));
        String key = exchange.getRequestMethod() + " " + pathAndQuery;
        Answer first = firstAnswers.getOrDefault(key, new ConcurrentLinkedQueue<>()).poll();
        Answer answer = first != null ? first : answers.getOrDefault(key,
            new Answer(404, "application/json",
                "{\"statusCode\":404,\"type\":\"notFound\",\"message\":\"no route " + pathAndQuery + "\",\"details\":null}"));
        byte[] bytes = answer.body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", answer.contentType);
        exchange.sendResponseHeaders(answer.status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
