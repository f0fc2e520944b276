package io.smtpy.webadmin.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

import org.apache.james.webadmin.WebAdminServer;
import org.apache.james.webadmin.WebAdminUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smtpy.core.directory.AliasDirectory;
import io.smtpy.core.model.Limits;
import io.smtpy.core.store.memory.MemoryAliasRepository;
import io.smtpy.core.store.memory.MemoryDomainRepository;
import io.smtpy.core.testing.MovableClock;
import io.smtpy.webadmin.guard.Access;
import io.smtpy.webadmin.guard.RouteSpec;

/**
 * {@link PanelRoutes} on a real WebAdmin server, serving the files of {@code panel-fixture/} (test resources: one file
 * of each type, subfolders) over plain HTTP, read byte for byte: java.net.http neither adds Accept-Encoding nor
 * decompresses, so what gzip does is seen as sent.
 */
class PanelRoutesTest {
    private static final PanelFiles FIXTURE = PanelFiles.fromClassPath(PanelRoutesTest.class.getClassLoader(), "panel-fixture/");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private WebAdminServer server;
    private TestAccess access;

    @AfterEach
    void stop() {
        if (server != null) {
            server.destroy();
        }
    }

    private void start(PanelSettings settings, PanelFiles files) {
        MovableClock clock = new MovableClock(RoutesFixture.NOW);
        access = new TestAccess(new AliasDirectory(new MemoryDomainRepository(), new MemoryAliasRepository(), clock, Limits.DEFAULT), clock);
        server = WebAdminUtils.createWebAdminServer(new PanelRoutes(settings, files, access.guard)).start();
    }

    private void start() {
        start(PanelSettings.DEFAULT, FIXTURE);
    }

    private HttpResponse<byte[]> get(String rawPath, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getPort().getValue() + rawPath)).GET();
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String text(HttpResponse<byte[]> response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    /** Jetty writes a charset without the space before it: {@code text/html;charset=utf-8}. */
    private static String contentType(HttpResponse<byte[]> response) {
        return response.headers().firstValue("Content-Type").orElse("").replace(" ", "");
    }

    private static byte[] fixture(String name) {
        return FIXTURE.file(name).orElseThrow().content();
    }

    private static void assertSecurityHeaders(HttpResponse<byte[]> response) {
        Map<String, List<String>> headers = response.headers().map();
        assertThat(response.headers().firstValue("Content-Security-Policy")).hasValue(PanelRoutes.CONTENT_SECURITY_POLICY);
        assertThat(PanelRoutes.CONTENT_SECURITY_POLICY).doesNotContain("unsafe-inline").doesNotContain("unsafe-eval")
            .contains("script-src 'self'", "style-src 'self'", "frame-ancestors 'none'", "object-src 'none'", "base-uri 'none'");
        assertThat(response.headers().firstValue("X-Content-Type-Options")).as(headers.toString()).hasValue("nosniff");
        assertThat(response.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
        assertThat(response.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-cache");
    }

    @Test
    void thePanelWithoutItsSlashShouldRedirectPermanentlyToIt() throws Exception {
        start();

        HttpResponse<byte[]> response = get("/smtpy/panel");

        assertThat(response.statusCode()).isEqualTo(301);
        assertThat(response.headers().firstValue("Location")).hasValue("/smtpy/panel/");
        assertSecurityHeaders(response);
    }

    @Test
    void thePanelsPageShouldBeIndexHtmlInUtf8WithTheSecurityHeaders() throws Exception {
        start();

        HttpResponse<byte[]> response = get("/smtpy/panel/");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(contentType(response)).isEqualTo("text/html;charset=utf-8");
        assertThat(response.body()).isEqualTo(fixture("index.html"));
        assertThat(text(response)).contains("fixture page é");
        assertSecurityHeaders(response);
        assertThat(response.headers().firstValue("Service-Worker-Allowed")).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
        "index.html, text/html; charset=utf-8",
        "app.js, text/javascript; charset=utf-8",
        "screens/aliases.js, text/javascript; charset=utf-8",
        "app.css, text/css; charset=utf-8",
        "deep/er/nested.css, text/css; charset=utf-8",
        "icon.svg, image/svg+xml",
        "manifest.webmanifest, application/manifest+json",
        "icon-192.png, image/png",
    })
    void eachFileShouldBeServedAsItIsWithItsContentType(String name, String contentType) throws Exception {
        start();

        HttpResponse<byte[]> response = get("/smtpy/panel/" + name);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(contentType(response)).isEqualTo(contentType.replace(" ", ""));
        assertThat(response.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(response.body()).isEqualTo(fixture(name));
        assertSecurityHeaders(response);
    }

    @Test
    void headShouldAnswerTheHeadersOfGetWithoutTheBody() throws Exception {
        start();

        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getPort().getValue()
            + "/smtpy/panel/app.css")).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofByteArray());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEmpty();
        assertThat(contentType(response)).isEqualTo("text/css;charset=utf-8");
        assertThat(response.headers().firstValue("ETag")).isEqualTo(get("/smtpy/panel/app.css").headers().firstValue("ETag"));
        assertSecurityHeaders(response);
    }

    @Test
    void theServiceWorkerShouldBeAllowedTheWholePanel() throws Exception {
        start();

        HttpResponse<byte[]> response = get("/smtpy/panel/sw.js");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Service-Worker-Allowed")).hasValue("/smtpy/panel/");
        assertThat(contentType(response)).isEqualTo("text/javascript;charset=utf-8");
    }

    @Test
    void textShouldBeGzippedForAClientThatAcceptsItAndDecompressToTheFile() throws Exception {
        start();

        HttpResponse<byte[]> plain = get("/smtpy/panel/app.js");
        HttpResponse<byte[]> gzipped = get("/smtpy/panel/app.js", "Accept-Encoding", "br, gzip, deflate");

        assertThat(gzipped.statusCode()).isEqualTo(200);
        assertThat(gzipped.headers().firstValue("Content-Encoding")).hasValue("gzip");
        assertThat(gzipped.headers().firstValue("Vary")).hasValue("Accept-Encoding");
        assertThat(gzipped.body().length).isLessThan(fixture("app.js").length / 2);
        assertThat(gunzip(gzipped.body())).isEqualTo(fixture("app.js"));
        // Another representation, another strong ETag.
        assertThat(gzipped.headers().firstValue("ETag")).isNotEqualTo(plain.headers().firstValue("ETag"));
        assertSecurityHeaders(gzipped);
    }

    @Test
    void aClientRefusingGzipShouldGetTheFileAsItIs() throws Exception {
        start();

        HttpResponse<byte[]> response = get("/smtpy/panel/app.js", "Accept-Encoding", "gzip;q=0, identity");

        assertThat(response.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(response.body()).isEqualTo(fixture("app.js"));
    }

    @Test
    void imagesShouldNotBeCompressedAgain() throws Exception {
        start();

        HttpResponse<byte[]> response = get("/smtpy/panel/icon-192.png", "Accept-Encoding", "gzip");

        assertThat(response.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(response.body()).isEqualTo(fixture("icon-192.png"));
    }

    @Test
    void anUnchangedFileShouldBeA304ForItsStrongEtag() throws Exception {
        start();
        HttpResponse<byte[]> first = get("/smtpy/panel/app.css");
        String etag = first.headers().firstValue("ETag").orElseThrow();

        HttpResponse<byte[]> again = get("/smtpy/panel/app.css", "If-None-Match", etag);
        HttpResponse<byte[]> other = get("/smtpy/panel/app.css", "If-None-Match", "\"something-else\"");

        assertThat(etag).startsWith("\"").endsWith("\"").doesNotStartWith("W/");
        assertThat(get("/smtpy/panel/app.css").headers().firstValue("ETag")).hasValue(etag);
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        assertThat(again.headers().firstValue("ETag")).hasValue(etag);
        assertSecurityHeaders(again);
        assertThat(other.statusCode()).isEqualTo(200);
        assertThat(other.body()).isEqualTo(fixture("app.css"));
        // Each file has its own tag.
        assertThat(get("/smtpy/panel/app.js").headers().firstValue("ETag")).isNotEqualTo(Optional.of(etag));
    }

    @Test
    void theGzippedTagShouldRevalidateToo() throws Exception {
        start();
        String etag = get("/smtpy/panel/app.js", "Accept-Encoding", "gzip").headers().firstValue("ETag").orElseThrow();

        HttpResponse<byte[]> again = get("/smtpy/panel/app.js", "Accept-Encoding", "gzip", "If-None-Match", "W/\"x\", " + etag);

        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.headers().firstValue("Content-Encoding")).isEmpty();
    }

    @Test
    void anUnknownFileShouldBeA404InWebAdminsErrorJson() throws Exception {
        start();

        HttpResponse<byte[]> response = get("/smtpy/panel/screens/nothing.js");

        assertThat(response.statusCode()).isEqualTo(404);
        JsonNode error = JSON.readTree(response.body());
        assertThat(error.path("statusCode").asInt()).isEqualTo(404);
        assertThat(error.path("type").asText()).isEqualTo("notFound");
        assertThat(error.path("message").asText()).contains("screens/nothing.js");
        assertSecurityHeaders(response);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "/smtpy/panel/%2e%2e/%2e%2e/etc/passwd",
        "/smtpy/panel/%2E%2E%2Fopenapi.json",
        "/smtpy/panel/screens%2f..%2f..%2fapp.js",
        "/smtpy/panel/%5c..%5capp.js",
        "/smtpy/panel//etc/passwd",
        "/smtpy/panel/screens//aliases.js",
        "/smtpy/panel/./app.js",
        "/smtpy/panel/app.js%00.png",
        "/smtpy/panel/%252e%252e/app.js",
        "/smtpy/panel/C:/app.js",
    })
    void aNameLeavingTheFolderShouldBeRefused(String rawPath) throws Exception {
        start();

        HttpResponse<byte[]> response = get(rawPath);

        assertThat(response.statusCode()).as(rawPath + " " + text(response)).isEqualTo(400);
        assertThat(text(response)).doesNotContain("export const", "root:");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/smtpy/panel/../../etc/passwd", "/smtpy/panel/screens/../../../x", "/smtpy/panel/../openapi.json",
        "/smtpy/panel/screens/../app.css"})
    void aDotDotSegmentShouldBeRefusedWhereverItLeads(String rawPath) throws Exception {
        start();

        HttpResponse<byte[]> response = get(rawPath);

        // Jetty resolves dot segments (to /etc/passwd, say) before routing, Spark routes on the raw path: the raw path decides.
        // Browsers resolve dot segments before sending, so no link of the panel's own has one.
        assertThat(response.statusCode()).as(rawPath + " " + text(response)).isEqualTo(400);
        assertThat(JSON.readTree(response.body()).path("type").asText()).isEqualTo("InvalidArgument");
        assertSecurityHeaders(response);
    }

    @Test
    void aSwitchedOffPanelShouldBeA404Everywhere() throws Exception {
        start(new PanelSettings(false, true), FIXTURE);

        for (String path : List.of("/smtpy/panel", "/smtpy/panel/", "/smtpy/panel/app.js", "/")) {
            HttpResponse<byte[]> response = get(path);
            assertThat(response.statusCode()).as(path).isEqualTo(404);
            assertThat(JSON.readTree(response.body()).path("type").asText()).as(path).isEqualTo("notFound");
        }
        assertThat(access.registry.routes()).isEmpty();
    }

    @Test
    void theRootShouldRedirectToThePanelOnlyWhenTheOperatorAsks() throws Exception {
        start(new PanelSettings(true, true), FIXTURE);

        HttpResponse<byte[]> response = get("/");

        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(response.headers().firstValue("Location")).hasValue("/smtpy/panel/");
        stop();

        start();
        assertThat(get("/").statusCode()).isEqualTo(404);
    }

    @Test
    void everyPanelRouteShouldBeDeclaredOpen() {
        start();

        assertThat(access.registry.routes()).extracting(RouteSpec::key)
            .containsExactlyInAnyOrder("GET /smtpy/panel", "GET /smtpy/panel/", "GET /smtpy/panel/*",
                "HEAD /smtpy/panel", "HEAD /smtpy/panel/", "HEAD /smtpy/panel/*");
        assertThat(access.registry.routes()).allMatch(route -> route.access().kind() == Access.Kind.OPEN);
        assertThat(access.registry.undeclaredRoutes()).isEmpty();
    }

    @Test
    void theShippedPanelShouldHaveItsPageAndItsManifest() throws Exception {
        PanelFiles shipped = PanelFiles.shipped();

        String index = new String(shipped.file("index.html").orElseThrow().content(), StandardCharsets.UTF_8);
        JsonNode manifest = JSON.readTree(shipped.file("manifest.webmanifest").orElseThrow().content());

        assertThat(index).contains("rel=\"manifest\"").contains("manifest.webmanifest");
        assertThat(manifest.path("name").asText()).isNotBlank();
        assertThat(manifest.path("start_url").asText()).isEqualTo("/smtpy/panel/");
        assertThat(shipped.names()).allMatch(name -> !name.startsWith("/") && !name.contains(".."));
    }

    private static byte[] gunzip(byte[] body) throws IOException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            return in.readAllBytes();
        }
    }
}
