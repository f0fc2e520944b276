package io.smtpy.bench.forwarders;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A James WebAdmin on loopback, as the benchmark uses it: a few PUTs, a POST and task polling. */
public final class WebAdmin {
    private static final String JSON = "application/json";

    private final HttpClient client = HttpClient.newBuilder()
        .connectTimeout(Duration.ofSeconds(5))
        .version(HttpClient.Version.HTTP_1_1)
        .build();
    /** The operator key the bench starts smtpy with (SMTPY_OPERATOR_KEY). */
    public static final String OPERATOR_KEY = "bench-operator-key-0123456789abcdefghijklmnop";
    private final int port;

    public WebAdmin(int port) {
        this.port = port;
    }

    /** Whether {@code GET path} answers 200 now (false while the server starts). */
    public boolean answers(String path) {
        try {
            return send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(5)).GET()).statusCode() == 200;
        } catch (IOException notYet) {
            return false;
        }
    }

    public String get(String path) throws IOException {
        return expectSuccess("GET", path, send(HttpRequest.newBuilder(uri(path)).GET()));
    }

    public String put(String path, String json) throws IOException {
        HttpRequest.BodyPublisher body = json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json);
        return expectSuccess("PUT", path, send(HttpRequest.newBuilder(uri(path)).header("Content-Type", JSON).PUT(body)));
    }

    public String post(String path, String contentType, byte[] body) throws IOException {
        return expectSuccess("POST", path, send(HttpRequest.newBuilder(uri(path))
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException {
        try {
            // smtpy's routes want the operator key (the bench gives smtpy this one); stock James ignores the header.
            request.header("Authorization", "Bearer " + OPERATOR_KEY);
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static String expectSuccess(String method, String path, HttpResponse<String> response) throws IOException {
        if (response.statusCode() / 100 != 2) {
            throw new IOException(method + " " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
