package io.smtpy.rules.post;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.james.core.MaybeSender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.smtpy.core.model.DomainName;

/** Posts to a real HTTP server on loopback, which the guard is told to allow. */
class RulePosterTest {
    private static final Instant NOW = Instant.parse("2026-12-04T15:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final byte[] SECRET = "an installation secret of 32+ bytes!".getBytes(StandardCharsets.US_ASCII);
    private static final PostSigningKeys KEYS = new PostSigningKeys(SECRET);
    private static final EndpointGuard LOOPBACK_ALLOWED = EndpointGuard.allowing(List.of("127.0.0.0/8"));

    /** One request as the server saw it. */
    private static final class Received {
        final String path;
        final Headers headers;
        final byte[] body;

        Received(HttpExchange exchange) throws IOException {
            this.path = exchange.getRequestURI().getPath();
            this.headers = exchange.getRequestHeaders();
            this.body = exchange.getRequestBody().readAllBytes();
        }
    }

    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final CountDownLatch releaseSlowHandler = new CountDownLatch(1);
    private ExecutorService serverThreads;
    private HttpServer server;
    private String base;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        serverThreads = Executors.newCachedThreadPool();
        server.setExecutor(serverThreads);
        server.createContext("/hook", exchange -> answer(exchange, 200));
        server.createContext("/broken", exchange -> answer(exchange, 500));
        server.createContext("/moved", exchange -> {
            requests.incrementAndGet();
            exchange.getResponseHeaders().add("Location", base + "/hook");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        server.createContext("/slow", exchange -> {
            requests.incrementAndGet();
            try {
                releaseSlowHandler.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException stopping) {
                Thread.currentThread().interrupt();
            }
            answer(exchange, 200);
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void answer(HttpExchange exchange, int status) throws IOException {
        requests.incrementAndGet();
        received.add(new Received(exchange));
        byte[] body = "thanks".getBytes(StandardCharsets.US_ASCII);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @AfterEach
    void stopServer() {
        releaseSlowHandler.countDown();
        server.stop(0);
        serverThreads.shutdownNow();
    }

    private static RulePoster poster(EndpointGuard guard) {
        return new RulePoster(guard, KEYS, CLOCK);
    }

    private static PostContext context() throws Exception {
        return PostPayloadTest.context(MaybeSender.getMailSender("alice@sender.example"));
    }

    @Test
    void aRawPostArrivesWithASignatureThatVerifies() throws Exception {
        PostResult result = poster(LOOPBACK_ALLOWED).post(URI.create(base + "/hook"), "raw", context(), PostPayloadTest.BYTES);

        assertThat(result.delivered()).isTrue();
        assertThat(result.status()).hasValue(200);
        assertThat(result.detail()).isEqualTo("POST " + base + "/hook answered 200");
        Received request = received.poll(5, TimeUnit.SECONDS);
        assertThat(request.body).isEqualTo(PostPayloadTest.BYTES);
        assertThat(request.headers.getFirst("Content-Type")).isEqualTo("message/rfc822");
        assertThat(request.headers.getFirst("User-Agent")).isEqualTo("smtpy");
        assertThat(request.headers.getFirst("X-Smtpy-Domain")).isEqualTo("example.com");
        assertThat(request.headers.getFirst("X-Smtpy-Rule")).isEqualTo("orders to the shop");
        assertThat(request.headers.getFirst("X-Smtpy-Signature")).startsWith("t=" + NOW.getEpochSecond() + ",v1=");
        assertThat(PostSignature.verify(KEYS.keyFor(DomainName.of("example.com")),
            request.headers.getFirst("X-Smtpy-Signature"), request.body, NOW.getEpochSecond() + 30, 300)).isTrue();
    }

    @Test
    void aJsonPostArrivesWithASignatureThatVerifies() throws Exception {
        PostResult result = poster(LOOPBACK_ALLOWED).post(URI.create(base + "/hook"), "json", context(), PostPayloadTest.BYTES);

        assertThat(result.delivered()).isTrue();
        Received request = received.poll(5, TimeUnit.SECONDS);
        assertThat(request.headers.getFirst("Content-Type")).isEqualTo("application/json");
        JsonNode json = new ObjectMapper().readTree(request.body);
        assertThat(json.get("rule").asText()).isEqualTo("orders to the shop");
        assertThat(json.get("subject").asText()).isEqualTo("Café order");
        assertThat(PostSignature.verify(KEYS.keyFor(DomainName.of("example.com")),
            request.headers.getFirst("X-Smtpy-Signature"), request.body, NOW.getEpochSecond(), 300)).isTrue();
    }

    @Test
    void theSignatureDoesNotVerifyWithAnotherDomainsKey() throws Exception {
        poster(LOOPBACK_ALLOWED).post(URI.create(base + "/hook"), "raw", context(), PostPayloadTest.BYTES);

        Received request = received.poll(5, TimeUnit.SECONDS);
        assertThat(PostSignature.verify(KEYS.keyFor(DomainName.of("example.org")),
            request.headers.getFirst("X-Smtpy-Signature"), request.body, NOW.getEpochSecond(), 300)).isFalse();
    }

    @Test
    void aServerErrorIsNotADelivery() throws Exception {
        PostResult result = poster(LOOPBACK_ALLOWED).post(URI.create(base + "/broken"), "raw", context(), PostPayloadTest.BYTES);

        assertThat(result.delivered()).isFalse();
        assertThat(result.status()).hasValue(500);
        assertThat(result.detail()).isEqualTo("POST " + base + "/broken answered 500");
    }

    @Test
    void aRedirectIsNotFollowed() throws Exception {
        PostResult result = poster(LOOPBACK_ALLOWED).post(URI.create(base + "/moved"), "raw", context(), PostPayloadTest.BYTES);

        assertThat(result.delivered()).isFalse();
        assertThat(result.status()).hasValue(302);
        assertThat(result.detail()).contains("answered 302").contains("redirects are not followed");
        assertThat(requests.get()).isEqualTo(1);
        assertThat(received).isEmpty();
    }

    @Test
    void aServerThatDoesNotAnswerTimesOut() throws Exception {
        RulePoster poster = new RulePoster(LOOPBACK_ALLOWED, KEYS, CLOCK,
            RulePoster.defaultClient(Duration.ofSeconds(5)), Duration.ofMillis(300));

        PostResult result = poster.post(URI.create(base + "/slow"), "raw", context(), PostPayloadTest.BYTES);

        assertThat(result.delivered()).isFalse();
        assertThat(result.status()).isEmpty();
        assertThat(result.detail()).isEqualTo("POST " + base + "/slow timed out after 300 ms");
    }

    @Test
    void theStrictGuardRefusesLoopbackAndNothingIsSent() throws Exception {
        PostResult result = poster(EndpointGuard.strict()).post(URI.create(base + "/hook"), "raw", context(), PostPayloadTest.BYTES);

        assertThat(result.delivered()).isFalse();
        assertThat(result.status()).isEmpty();
        assertThat(result.detail()).isEqualTo("refused: 127.0.0.1 is a loopback address");
        assertThat(requests.get()).isZero();
    }

    @Test
    void aClosedPortIsAFailureNotAnException() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            closedPort = socket.getLocalPort();
        }
        String url = "http://127.0.0.1:" + closedPort + "/hook";

        PostResult result = poster(LOOPBACK_ALLOWED).post(URI.create(url), "raw", context(), PostPayloadTest.BYTES);

        assertThat(result.delivered()).isFalse();
        assertThat(result.status()).isEmpty();
        assertThat(result.detail()).startsWith("POST " + url + " failed: ");
    }

    @Test
    void theQueryOfTheUrlIsLeftOutOfTheDetail() throws Exception {
        PostResult result = poster(LOOPBACK_ALLOWED).post(URI.create(base + "/hook?token=owners-secret"), "raw",
            context(), PostPayloadTest.BYTES);

        assertThat(result.delivered()).isTrue();
        assertThat(result.detail()).isEqualTo("POST " + base + "/hook answered 200").doesNotContain("owners-secret");
    }

    @Test
    void aRuleNameOutsidePrintableAsciiIsPercentEncodedInItsHeader() throws Exception {
        PostContext context = new PostContext(DomainName.of("example.com"), "café\r\nX-Injected: 1",
            MaybeSender.nullSender(), context().recipient(), NOW, Map.of());

        poster(LOOPBACK_ALLOWED).post(URI.create(base + "/hook"), "raw", context, PostPayloadTest.BYTES);

        Received request = received.poll(5, TimeUnit.SECONDS);
        assertThat(request.headers.getFirst("X-Smtpy-Rule")).isEqualTo("caf%C3%A9%0D%0AX-Injected: 1");
        assertThat(request.headers.containsKey("X-Injected")).isFalse();
    }

    @Test
    void aClientThatFollowsRedirectsIsRefused() {
        HttpClient following = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();

        assertThatThrownBy(() -> new RulePoster(LOOPBACK_ALLOWED, KEYS, CLOCK, following))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("redirects");
    }
}
