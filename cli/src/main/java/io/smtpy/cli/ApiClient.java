package io.smtpy.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Function;

/**
 * smtpy's REST API over {@code java.net.http}. Every request carries the token ({@code Authorization: Bearer}),
 * {@code X-Smtpy-Client: cli} and {@code User-Agent: smtpy-cli/<version>}, so the audit log can tell CLI calls
 * apart. A call returns only a 2xx answer; anything else is a {@link CliException} with the exit code it
 * means: 401 and 403 are {@link ExitCode#AUTHENTICATION}, other statuses {@link ExitCode#REFUSED} with the
 * {@code message} of the server's error JSON, and no answer at all {@link ExitCode#UNREACHABLE}.
 */
final class ApiClient {
    static final String CLIENT_HEADER = "X-Smtpy-Client";

    private final HttpClient http;
    private final URI baseUrl;
    private final Optional<String> token;
    private final String version;

    ApiClient(HttpClient http, URI baseUrl, Optional<String> token, String version) {
        this.http = http;
        this.baseUrl = baseUrl;
        this.token = token;
        this.version = version;
    }

    /** The same server without credentials: for {@code login}, whose credentials are the password. */
    ApiClient withoutToken() {
        return new ApiClient(http, baseUrl, Optional.empty(), version);
    }

    ApiResponse get(ApiPath path) throws CliException {
        return call(request(path).GET());
    }

    /** A GET that also returns an answer of {@code acceptedStatus} instead of failing on it (a 408 to retry). */
    ApiResponse getAccepting(ApiPath path, int acceptedStatus) throws CliException {
        HttpResponse<String> response = exchange(request(path).GET(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (!isSuccess(response.statusCode()) && response.statusCode() != acceptedStatus) {
            throw failure(response.statusCode(), response.body());
        }
        return new ApiResponse(response.statusCode(), response.body());
    }

    ApiResponse delete(ApiPath path) throws CliException {
        return call(request(path).DELETE());
    }

    /** A call without a body ({@code POST .../resend}). */
    ApiResponse send(String method, ApiPath path) throws CliException {
        return call(request(path).method(method, HttpRequest.BodyPublishers.noBody()));
    }

    ApiResponse send(String method, ApiPath path, JsonNode body) throws CliException {
        return send(method, path, Json.write(body).getBytes(StandardCharsets.UTF_8), "application/json");
    }

    ApiResponse send(String method, ApiPath path, byte[] body, String contentType) throws CliException {
        return call(request(path)
            .header("Content-Type", contentType)
            .method(method, HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    /** A GET whose body is copied to {@code out} as it arrives (exports can be large). */
    void download(ApiPath path, OutputStream out) throws CliException {
        HttpResponse<InputStream> response = exchange(request(path).GET(), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            if (!isSuccess(response.statusCode())) {
                throw failure(response.statusCode(), new String(body.readAllBytes(), StandardCharsets.UTF_8));
            }
            body.transferTo(out);
            out.flush();
        } catch (IOException e) {
            throw unreachable(e);
        }
    }

    /** A GET whose body is a stream of lines (server-sent events), each handed to {@code line} as it arrives. */
    void streamLines(ApiPath path, java.util.function.Consumer<String> line) throws CliException {
        HttpResponse<InputStream> response = exchange(request(path).header("Accept", "text/event-stream").GET(),
            HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            if (!isSuccess(response.statusCode())) {
                throw failure(response.statusCode(), new String(body.readAllBytes(), StandardCharsets.UTF_8));
            }
            java.io.BufferedReader reader = new java.io.BufferedReader(new java.io.InputStreamReader(body, StandardCharsets.UTF_8));
            for (String next = reader.readLine(); next != null; next = reader.readLine()) {
                line.accept(next);
            }
        } catch (IOException e) {
            throw unreachable(e);
        }
    }

    private ApiResponse call(HttpRequest.Builder request) throws CliException {
        HttpResponse<String> response = exchange(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (!isSuccess(response.statusCode())) {
            throw failure(response.statusCode(), response.body());
        }
        return new ApiResponse(response.statusCode(), response.body());
    }

    private <T> HttpResponse<T> exchange(HttpRequest.Builder request, HttpResponse.BodyHandler<T> handler)
        throws CliException {
        try {
            return http.send(request.build(), handler);
        } catch (IOException | UncheckedIOException e) {
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCode.UNREACHABLE, "interrupted while waiting for " + baseUrl);
        }
    }

    private HttpRequest.Builder request(ApiPath path) throws CliException {
        URI uri;
        try {
            uri = URI.create(baseUrl + path.toString());
        } catch (IllegalArgumentException e) {
            throw CliException.usage("cannot make a URL of " + baseUrl + path + ": " + e.getMessage());
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
            .header("Accept", "application/json")
            .header("User-Agent", "smtpy-cli/" + version)
            .header(CLIENT_HEADER, "cli");
        token.ifPresent(value -> request.header("Authorization", "Bearer " + value));
        return request;
    }

    private CliException failure(int status, String body) {
        String message = serverMessage(body).orElse("the server answered without an explanation");
        if (status == 401 || status == 403) {
            String hint = token.isEmpty() && status == 401
                ? "; log in with 'smtpy login --email E', or pass --token or SMTPY_TOKEN" : "";
            return new CliException(ExitCode.AUTHENTICATION,
                "authentication failed: " + message + " (HTTP " + status + ")" + hint);
        }
        return new CliException(ExitCode.REFUSED, message + " (HTTP " + status + ")");
    }

    /** The {@code message} of James's error JSON, else the start of whatever the body is. */
    private static Optional<String> serverMessage(String body) {
        JsonNode json = Json.parseOrNull(body);
        if (json != null && json.path("message").isTextual()) {
            return Optional.of(json.path("message").asText());
        }
        return Optional.ofNullable(body).map(String::strip).filter(text -> !text.isEmpty())
            .map(abbreviate(200));
    }

    private static Function<String, String> abbreviate(int length) {
        return text -> text.length() <= length ? text : text.substring(0, length) + "...";
    }

    private CliException unreachable(Exception e) {
        return new CliException(ExitCode.UNREACHABLE, "cannot reach the server at " + baseUrl + ": " + reason(e), e);
    }

    /** java.net.http often throws message-less exceptions around the one that says what happened. */
    private static String reason(Throwable e) {
        if (hasCause(e, UnresolvedAddressException.class) || hasCause(e, UnknownHostException.class)) {
            return "unknown host";
        }
        if (hasCause(e, HttpConnectTimeoutException.class)) {
            return "the connection timed out";
        }
        if (hasCause(e, ConnectException.class)) {
            return "connection refused (is smtpy running?)";
        }
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause.getMessage() != null) {
                return cause.getMessage();
            }
        }
        return e.getClass().getSimpleName();
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isSuccess(int status) {
        return status >= 200 && status < 300;
    }
}
