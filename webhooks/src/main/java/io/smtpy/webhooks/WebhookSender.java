package io.smtpy.webhooks;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.smtpy.rules.post.EndpointGuard;
import io.smtpy.rules.post.RefusedEndpointException;

/**
 * POSTs one signed message: each URL is checked by the {@link EndpointGuard} (after DNS) right before it is contacted;
 * redirects (301, 302, 303, 307, 308) are followed by hand, at most {@value #MAX_REDIRECTS}, each target checked
 * the same way, so a public endpoint cannot bounce the message to the loopback or the metadata service. The request
 * may take {@link #REQUEST_TIMEOUT}; the answer's body is never read. Never throws for a network problem.
 */
public class WebhookSender {
    static final int MAX_REDIRECTS = 3;
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private final EndpointGuard guard;
    private final HttpClient client;

    public WebhookSender(EndpointGuard guard) {
        // HTTP/1.1 and no proxy, as rules' posts: see EndpointGuard on why a proxy would defeat the check.
        this(guard, HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .proxy(HttpClient.Builder.NO_PROXY)
            .connectTimeout(CONNECT_TIMEOUT)
            .build());
    }

    /** @throws IllegalArgumentException when the client follows redirects itself (unchecked by the guard) */
    public WebhookSender(EndpointGuard guard, HttpClient client) {
        if (client.followRedirects() != HttpClient.Redirect.NEVER) {
            throw new IllegalArgumentException("a webhook client must not follow redirects: the guard has not seen where they lead");
        }
        this.guard = Objects.requireNonNull(guard);
        this.client = client;
    }

    /** Whether the guard accepts {@code url} now (the creation-time check). */
    public void check(URI url) throws RefusedEndpointException {
        guard.check(url);
    }

    public SendResult send(URI url, Map<String, String> headers, String body) {
        URI target = url;
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            String shown = "POST " + withoutQuery(target);
            try {
                guard.check(target);
            } catch (RefusedEndpointException refused) {
                return SendResult.failed(shown + " refused: " + refused.getMessage());
            }
            HttpResponse<InputStream> response;
            try {
                HttpRequest.Builder request = HttpRequest.newBuilder(target)
                    .timeout(REQUEST_TIMEOUT)
                    .header("Content-Type", "application/json")
                    .header("User-Agent", "smtpy-webhooks")
                    .POST(HttpRequest.BodyPublishers.ofString(body));
                headers.forEach(request::header);
                response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
                response.body().close();
            } catch (HttpConnectTimeoutException slowConnect) {
                return SendResult.failed(shown + " could not connect within " + CONNECT_TIMEOUT.getSeconds() + " s");
            } catch (HttpTimeoutException slow) {
                return SendResult.failed(shown + " timed out after " + REQUEST_TIMEOUT.getSeconds() + " s");
            } catch (IOException | RuntimeException broken) {
                return SendResult.failed(shown + " failed: " + (broken.getMessage() == null
                    ? broken.getClass().getSimpleName() : broken.getClass().getSimpleName() + ": " + broken.getMessage()));
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                return SendResult.failed(shown + " was interrupted");
            }
            int status = response.statusCode();
            List<String> location = response.headers().allValues("Location");
            if (!isRedirect(status) || location.isEmpty()) {
                return SendResult.answered(status, shown + " answered " + status);
            }
            try {
                target = target.resolve(location.get(0));
            } catch (IllegalArgumentException unusable) {
                return SendResult.answered(status, shown + " answered " + status + " with an unusable Location");
            }
        }
        return SendResult.failed("POST " + withoutQuery(url) + " redirected more than " + MAX_REDIRECTS + " times");
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    /** Scheme, host, port and path: the query may hold the owner's token. */
    static String withoutQuery(URI url) {
        String authority = url.getRawAuthority() == null ? "" : url.getRawAuthority();
        return url.getScheme() + "://" + authority.substring(authority.lastIndexOf('@') + 1)
            + (url.getRawPath() == null ? "" : url.getRawPath());
    }

    @Override
    public String toString() {
        return "WebhookSender[" + guard + "]";
    }
}
