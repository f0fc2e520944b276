package io.smtpy.server.panel;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The panel as the embedded server serves it, in headless Chromium: the page loads under its Content-Security-Policy
 * (no inline script or style allowed, and nothing refused), links its web app manifest, signs a member in with a
 * session cookie scripts cannot read and stores nothing in localStorage, passes axe-core, fits a 360 px phone, and
 * makes no request beyond the loopback.
 */
@Timeout(180)
class PanelServingBrowserTest extends BrowserTestSupport {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(harness.origin() + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void thePanelsPageShouldBeServedUnderAStrictContentSecurityPolicy() throws Exception {
        HttpResponse<String> page = get("/smtpy/panel/");

        assertThat(page.statusCode()).isEqualTo(200);
        String policy = page.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertThat(policy).contains("default-src 'self'", "script-src 'self'", "style-src 'self'", "frame-ancestors 'none'")
            .doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
        assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(get("/smtpy/panel").statusCode()).isEqualTo(301);
    }

    @Test
    void thePageShouldLinkAManifestWithANameAStartUrlAndIcons() throws Exception {
        harness.signOut();
        harness.awaitAnyScreen();

        String href = browser.executeScript("return document.querySelector('link[rel=\"manifest\"]').href;").asText();
        HttpResponse<String> manifest = HTTP.send(HttpRequest.newBuilder(URI.create(href)).GET().build(), HttpResponse.BodyHandlers.ofString());

        assertThat(URI.create(href).getPath()).startsWith("/smtpy/panel/");
        assertThat(manifest.statusCode()).isEqualTo(200);
        assertThat(manifest.headers().firstValue("Content-Type")).hasValue("application/manifest+json");
        JsonNode parsed = JSON.readTree(manifest.body());
        assertThat(parsed.path("name").asText()).isNotBlank();
        assertThat(parsed.path("start_url").asText()).startsWith("/smtpy/panel/");
        assertThat(parsed.path("icons").isArray()).isTrue();
        assertThat(parsed.path("icons").size()).isGreaterThan(0);
    }

    @Test
    void aMemberShouldSignInWithACookieScriptsCannotReadAndNothingInLocalStorage() throws Exception {
        browser.browserLog();
        harness.signOut();
        String first = harness.awaitAnyScreen();

        boolean form = !browser.findElements("#signin-email").isEmpty();
        checks.capture(form ? "signin" : first);
        checks.axe(form ? "signin" : first);
        checks.noHorizontalOverflow(form ? "signin" : first);
        String csrfToken;
        if (form) {
            harness.signInAsOwner();
            csrfToken = fetchJson("/smtpy/me").path("body").path("csrfToken").asText();
        } else {
            // The placeholder page has no form yet: the same call the panel's form makes.
            JsonNode login = browser.executeAsyncScript(Duration.ofSeconds(20),
                "const done = arguments[arguments.length - 1];"
                    + "fetch('/smtpy/session?cookie=true', {method: 'POST', headers: {'Content-Type': 'application/json'},"
                    + " body: JSON.stringify({email: arguments[0], password: arguments[1]})})"
                    + ".then(r => r.json().then(body => done({status: r.status, body})));",
                PanelHarness.OWNER_EMAIL, PanelHarness.OWNER_PASSWORD);
            assertThat(login.path("status").asInt()).as(login.toString()).isEqualTo(201);
            assertThat(login.path("body").has("token")).isFalse();
            csrfToken = login.path("body").path("csrfToken").asText();
        }

        JsonNode cookie = browser.cookie("smtpy_session").orElseThrow(() -> new AssertionError("no smtpy_session cookie after signing in"));
        assertThat(cookie.path("httpOnly").asBoolean()).isTrue();
        assertThat(cookie.path("sameSite").asText()).isEqualTo("Strict");
        assertThat(cookie.path("path").asText()).isEqualTo("/smtpy");
        assertThat(browser.executeScript("return document.cookie;").asText()).doesNotContain("smtpy_session");
        assertThat(browser.executeScript("return localStorage.length;").asInt()).isZero();
        // A reloaded page recovers the CSRF token its changes need from who-am-I, the cookie being the credential.
        JsonNode me = fetchJson("/smtpy/me");
        assertThat(me.path("status").asInt()).isEqualTo(200);
        assertThat(me.path("body").path("principal").path("email").asText()).isEqualTo(PanelHarness.OWNER_EMAIL);
        assertThat(me.path("body").path("csrfToken").asText()).isNotBlank().isEqualTo(csrfToken);
        checks.onlyLoopbackRequests("signed-in");
        assertNoContentSecurityPolicyRefusal();
    }

    @Test
    void thePageShouldRequestNothingBeyondTheLoopback() {
        harness.signOut();
        harness.awaitAnyScreen();

        checks.onlyLoopbackRequests("first-load");
    }

    @Test
    void theFirstLoadShouldWeighLessThan150KilobytesCompressed() throws Exception {
        harness.signOut();
        harness.awaitAnyScreen();
        // What the sign-in screen loaded (the page, its styles, scripts, icons, manifest), each asked again as a
        // browser without a cache would, compressed as the server sends it.
        JsonNode loaded = browser.executeScript("return [location.href.split('#')[0],"
            + " ...performance.getEntriesByType('resource').map(entry => entry.name)];");
        long total = 0;
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (JsonNode url : loaded) {
            if (!url.asText().contains("/smtpy/panel/") || !seen.add(url.asText())) {
                continue;
            }
            HttpResponse<byte[]> response = HTTP.send(HttpRequest.newBuilder(URI.create(url.asText()))
                .header("Accept-Encoding", "gzip").GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(response.statusCode()).as(url.asText()).isEqualTo(200);
            total += response.body().length;
        }
        assertThat(seen).as("the files of the first load").anyMatch(url -> url.endsWith("/app.js")).anyMatch(url -> url.endsWith("/app.css"));
        assertThat(total).as("compressed bytes of the first load").isLessThan(150 * 1024);
    }

    private static JsonNode fetchJson(String path) {
        return browser.executeAsyncScript(Duration.ofSeconds(20),
            "const done = arguments[arguments.length - 1];"
                + "fetch(arguments[0]).then(r => r.json().then(body => done({status: r.status, body})));", path);
    }

    /** Chromium logs each thing the policy refused ("Refused to execute inline script because it violates..."). */
    private static void assertNoContentSecurityPolicyRefusal() {
        List<JsonNode> log = browser.browserLog();
        assertThat(log).as("the browser's console").noneMatch(entry -> entry.path("source").asText().equals("security")
            || entry.path("message").asText().contains("Content Security Policy"));
    }
}
