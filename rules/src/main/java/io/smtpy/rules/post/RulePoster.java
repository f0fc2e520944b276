package io.smtpy.rules.post;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

import javax.inject.Inject;

/**
 * The rule action "post to URL": sends the mail to the owner's endpoint, signed, and says how it went.
 *
 * <p>Per post: the {@link EndpointGuard} checks the URL (a refused one is not contacted at all); the body is built
 * in the rule's format ({@link PostPayload}); it is signed with the domain's key ({@link PostSigningKeys},
 * {@link PostSignature}) at the injected clock's time; and sent with {@code Content-Type}, {@code User-Agent: smtpy},
 * {@code X-Smtpy-Signature}, {@code X-Smtpy-Domain} and {@code X-Smtpy-Rule}. A 2xx answer is a delivery; anything
 * else, including a redirect, is a failure: redirects are never followed, since the place they point to has not been
 * checked by the guard. Connecting may take 5 s and the whole request 10 s; bodies over
 * {@value #MAX_BODY_BYTES} bytes (25 MiB) are not sent. The response body is never read.
 *
 * <p>{@link #post} blocks for up to those timeouts and never throws for a network problem: the outcome, good or bad,
 * is a {@link PostResult} for the owner's event log. The signing key is never logged nor put in a result.
 */
public class RulePoster {
    public static final int MAX_BODY_BYTES = 25 * 1024 * 1024;
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    private static final String USER_AGENT = "smtpy";

    private final EndpointGuard guard;
    private final PostSigningKeys keys;
    private final Clock clock;
    private final HttpClient client;
    private final Duration connectTimeout;
    private final Duration requestTimeout;

    @Inject
    public RulePoster(EndpointGuard guard, PostSigningKeys keys, Clock clock) {
        this(guard, keys, clock, defaultClient(CONNECT_TIMEOUT), REQUEST_TIMEOUT);
    }

    /**
     * With an HTTP client of the caller's: it must not follow redirects, and should not use a proxy (a proxy resolves
     * the host itself, after the guard's check).
     *
     * @throws IllegalArgumentException when the client follows redirects
     */
    public RulePoster(EndpointGuard guard, PostSigningKeys keys, Clock clock, HttpClient client) {
        this(guard, keys, clock, client, REQUEST_TIMEOUT);
    }

    /** Shorter timeouts let tests of slow endpoints be quick. */
    RulePoster(EndpointGuard guard, PostSigningKeys keys, Clock clock, HttpClient client, Duration requestTimeout) {
        if (client.followRedirects() != HttpClient.Redirect.NEVER) {
            throw new IllegalArgumentException("a rule's post must not follow redirects: the guard has not seen where they lead");
        }
        this.guard = Objects.requireNonNull(guard);
        this.keys = Objects.requireNonNull(keys);
        this.clock = Objects.requireNonNull(clock);
        this.client = client;
        this.connectTimeout = client.connectTimeout().orElse(null);
        this.requestTimeout = Objects.requireNonNull(requestTimeout);
    }

    /**
     * The client this poster makes for itself. HTTP/1.1: an {@code http://} URL would otherwise be tried with an
     * HTTP/2 upgrade, which many small servers mishandle on a POST, and a webhook gains nothing from HTTP/2.
     * No proxy, whatever the JVM's proxy properties say: see {@link EndpointGuard} on why.
     */
    static HttpClient defaultClient(Duration connectTimeout) {
        return HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .proxy(HttpClient.Builder.NO_PROXY)
            .connectTimeout(connectTimeout)
            .build();
    }

    /**
     * Posts {@code message} to {@code url} on behalf of {@code context}'s rule.
     *
     * @param format {@value PostPayload#RAW} or {@value PostPayload#JSON}
     * @throws io.smtpy.core.model.InvalidFieldException (field {@code format}) for another format: a rule's action is
     *                                                   validated when it is saved, so this is a programming error
     */
    public PostResult post(URI url, String format, PostContext context, byte[] message) {
        String contentType = PostPayload.contentType(format);
        String target = "POST " + withoutQuery(url);
        try {
            guard.check(url);
        } catch (RefusedEndpointException refused) {
            return PostResult.failed("refused: " + refused.getMessage());
        }
        byte[] body = PostPayload.of(format, context, message);
        if (body.length > MAX_BODY_BYTES) {
            return PostResult.failed("not sent: the " + format + " body is " + body.length
                + " bytes, over the limit of " + MAX_BODY_BYTES + " (25 MiB)");
        }
        String signature = PostSignature.header(keys.keyFor(context.domain()), clock.instant().getEpochSecond(), body);
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(url)
                .timeout(requestTimeout)
                .header("Content-Type", contentType)
                .header("User-Agent", USER_AGENT)
                .header("X-Smtpy-Signature", signature)
                .header("X-Smtpy-Domain", context.domain().asString())
                .header("X-Smtpy-Rule", headerText(context.rule()))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        } catch (IllegalArgumentException unusable) {
            return PostResult.failed(target + " failed: " + unusable.getMessage());
        }
        try {
            HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            // Closing unread tells the client to drop the body: an endpoint cannot make us read megabytes of answer.
            response.body().close();
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                return PostResult.delivered(status, target + " answered " + status);
            }
            if (status >= 300 && status < 400) {
                return PostResult.answered(status, target + " answered " + status + " (redirects are not followed)");
            }
            return PostResult.answered(status, target + " answered " + status);
        } catch (HttpConnectTimeoutException slowConnect) {
            return PostResult.failed(target + " could not connect within " + seconds(connectTimeout));
        } catch (HttpTimeoutException slow) {
            return PostResult.failed(target + " timed out after " + seconds(requestTimeout));
        } catch (IOException | RuntimeException broken) {
            return PostResult.failed(target + " failed: " + describe(broken));
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return PostResult.failed(target + " was interrupted");
        }
    }

    /** The URL as shown in results: scheme, host, port and path; the query and fragment may hold the owner's token. */
    private static String withoutQuery(URI url) {
        String authority = url.getRawAuthority() == null ? "" : url.getRawAuthority();
        int at = authority.lastIndexOf('@');
        String path = url.getRawPath() == null ? "" : url.getRawPath();
        return url.getScheme() + "://" + authority.substring(at + 1) + path;
    }

    /**
     * A rule name as a header value: printable ASCII kept, everything else (and {@code %}) percent-encoded as UTF-8,
     * since a header value may not hold line breaks and non-ASCII is not portable; the JSON body has the name as is.
     */
    static String headerText(String name) {
        StringBuilder text = new StringBuilder(name.length());
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 0x20 && c < 0x7f && c != '%') {
                text.append((char) c);
            } else {
                text.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                    .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return text.toString();
    }

    private static String seconds(Duration duration) {
        if (duration == null) {
            return "the client's connect timeout";
        }
        return duration.toMillis() % 1000 == 0 ? duration.getSeconds() + " s" : duration.toMillis() + " ms";
    }

    private static String describe(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    @Override
    public String toString() {
        return "RulePoster[" + guard + "]";
    }
}
