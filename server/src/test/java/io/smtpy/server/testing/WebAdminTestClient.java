package io.smtpy.server.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Plain HTTP calls to James WebAdmin, returning the response so tests assert on status and body. */
public final class WebAdminTestClient {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUri;
    private final String authorization;

    /** Calls as the operator, with the key of the server's data directory. */
    public WebAdminTestClient(String host, int port, java.nio.file.Path dataDirectory) {
        this.baseUri = "http://" + host + ":" + port;
        this.authorization = OperatorKey.bearer(dataDirectory);
    }

    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> put(String path) throws IOException, InterruptedException {
        return http.send(request(path).PUT(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** WebAdmin wants the content type on bodies. */
    public HttpResponse<String> putJson(String path, String json) throws IOException, InterruptedException {
        return http.send(request(path)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> postJson(String path, String json) throws IOException, InterruptedException {
        return http.send(request(path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(baseUri + path)).timeout(Duration.ofSeconds(30)).header("Authorization", authorization);
    }
}
