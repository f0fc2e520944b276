package io.smtpy.server.panel;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * The checks every panel screen gets, on the page the browser shows now: screenshots at a phone's and a desktop's size,
 * axe-core's accessibility rules, no horizontal scrolling on a narrow phone, and no request beyond the loopback.
 * Screenshots go to {@code server/target/panel-screenshots/<name>-390x844.png} and {@code -1440x900.png}, axe's results
 * to {@code server/target/panel-a11y/<name>.json}.
 */
public final class PanelChecks {
    /** Installed by {@code npm ci} in panel/ (.ci/run; ./smtpy test when it is missing), at package-lock.json's version. */
    public static final Path AXE = Path.of(System.getProperty("smtpy.panel.dir", "../panel"), "node_modules", "axe-core", "axe.min.js");
    public static final Path SCREENSHOTS = PanelHarness.TARGET.resolve("panel-screenshots");
    public static final Path ACCESSIBILITY = PanelHarness.TARGET.resolve("panel-a11y");
    private static final List<int[]> SIZES = List.of(new int[] {390, 844}, new int[] {1440, 900});
    private static final int NARROW_PHONE = 360;
    private static final Set<String> FAILING_IMPACTS = Set.of("serious", "critical");
    /** Not network requests: inline data, the page's own blobs, Chromium's built-in pages (its first tab). */
    private static final Set<String> BROWSER_INTERNAL = Set.of("data", "blob", "about", "chrome", "chrome-untrusted", "devtools");
    private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost", "[::1]", "::1");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final WebDriverClient browser;

    public PanelChecks(WebDriverClient browser) {
        this.browser = browser;
    }

    /** Screenshots of the page at 390×844 (a phone) and 1440×900 (a laptop); the viewport is put back as it was. */
    public void capture(String name) throws IOException {
        JsonNode before = viewport();
        try {
            for (int[] size : SIZES) {
                browser.setViewportSize(size[0], size[1]);
                settle();
                browser.screenshot(SCREENSHOTS.resolve(name + "-" + size[0] + "x" + size[1] + ".png"));
            }
        } finally {
            browser.setViewportSize(before.get(0).asInt(), before.get(1).asInt());
        }
    }

    /**
     * Runs axe-core on the page and fails on any violation of impact {@code serious} or {@code critical}, naming each
     * rule and the elements it found; every result is written to {@code panel-a11y/<name>.json} first.
     */
    public void axe(String name) throws IOException {
        if (!Files.isRegularFile(AXE)) {
            throw new IllegalStateException(AXE.toAbsolutePath().normalize() + " is missing: run `npm ci` in panel/ "
                + "(./smtpy test and .ci/run do it) to install axe-core for the panel's accessibility checks");
        }
        // WebDriver's scripts are not the page's: its Content-Security-Policy does not apply to them.
        browser.executeScript(Files.readString(AXE, StandardCharsets.UTF_8) + "\n;return typeof axe;");
        JsonNode answer = browser.executeAsyncScript(Duration.ofSeconds(30),
            "const done = arguments[arguments.length - 1];"
                + "axe.run(document, {resultTypes: ['violations']})"
                + ".then(results => done(JSON.stringify({violations: results.violations, incomplete: results.incomplete,"
                + " passes: results.passes.map(rule => rule.id), url: results.url, testEngine: results.testEngine})))"
                + ".catch(error => done(JSON.stringify({error: String(error)})));");
        JsonNode results = JSON.readTree(answer.asText());
        Files.createDirectories(ACCESSIBILITY);
        Files.writeString(ACCESSIBILITY.resolve(name + ".json"), JSON.writeValueAsString(results), StandardCharsets.UTF_8);
        assertThat(results.path("error").isMissingNode()).as("axe-core failed on " + name + ": " + results.path("error").asText()).isTrue();
        List<String> failing = new ArrayList<>();
        for (JsonNode violation : results.path("violations")) {
            if (FAILING_IMPACTS.contains(violation.path("impact").asText())) {
                List<String> targets = new ArrayList<>();
                violation.path("nodes").forEach(node -> targets.add(node.path("target").toString()));
                failing.add(violation.path("impact").asText() + " " + violation.path("id").asText() + " (" + violation.path("help").asText()
                    + "): " + String.join(", ", targets));
            }
        }
        assertThat(failing).as("axe-core's serious and critical violations on " + name + " (all results in "
            + ACCESSIBILITY.resolve(name + ".json") + ")").isEmpty();
    }

    /**
     * At a 360 CSS pixels wide viewport the page does not scroll sideways, and no visible element sticks out on the right
     * (but inside a box that scrolls or clips horizontally, such as a wide table's container).
     */
    public void noHorizontalOverflow(String name) {
        JsonNode before = viewport();
        try {
            browser.setViewportSize(NARROW_PHONE, 800);
            settle();
            JsonNode found = browser.executeScript(
                "const width = window.innerWidth;"
                    + "const clipped = element => { for (let e = element.parentElement; e; e = e.parentElement) {"
                    + "  const overflow = getComputedStyle(e).overflowX; if (overflow !== 'visible') return true; } return false; };"
                    + "const describe = e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')"
                    + "  + (typeof e.className === 'string' && e.className.trim() ? '.' + e.className.trim().split(/\\s+/).join('.') : '');"
                    + "const out = [];"
                    + "for (const e of document.body.querySelectorAll('*')) {"
                    + "  const box = e.getBoundingClientRect();"
                    + "  if (box.width === 0 || box.height === 0 || getComputedStyle(e).visibility === 'hidden') continue;"
                    + "  if (box.right > width + 0.5 && !clipped(e)) out.push(describe(e) + ' right=' + Math.round(box.right));"
                    // Text wider than its box (a long token that does not wrap) widens the page without any element's box doing so.
                    + "  else if (e.children.length === 0 && e.scrollWidth > e.clientWidth + 1 && e.clientWidth > 0"
                    + "    && getComputedStyle(e).overflowX === 'visible' && !clipped(e))"
                    + "    out.push(describe(e) + ' text overflows by ' + (e.scrollWidth - e.clientWidth) + ' px');"
                    + "}"
                    + "return {scrollWidth: document.documentElement.scrollWidth, innerWidth: width, outside: out.slice(0, 20)};");
            assertThat(found.path("scrollWidth").asInt()).as(name + ": the page's width at " + NARROW_PHONE + " px (elements sticking out: "
                + found.path("outside") + ")").isLessThanOrEqualTo(found.path("innerWidth").asInt());
            assertThat(found.path("outside")).as(name + ": elements past the right edge at " + NARROW_PHONE + " px").isEmpty();
        } finally {
            browser.setViewportSize(before.get(0).asInt(), before.get(1).asInt());
        }
    }

    /**
     * Every request the browser made since the last check (DevTools' network events, failed requests included) and every
     * one the page lists (its navigation and resources, as the Resource Timing API has them) went to the loopback: no
     * font, script, image or beacon from anywhere else.
     */
    public void onlyLoopbackRequests(String name) {
        List<String> urls = new ArrayList<>(browser.requestedUrls());
        browser.executeScript(
            "return performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource')).map(e => e.name);")
            .forEach(url -> urls.add(url.asText()));
        assertThat(urls).as(name + ": the page's requests").isNotEmpty();
        List<String> outside = new ArrayList<>();
        for (String url : urls) {
            URI uri = URI.create(url);
            String scheme = String.valueOf(uri.getScheme()).toLowerCase(Locale.ROOT);
            if (BROWSER_INTERNAL.contains(scheme)) {
                continue;
            }
            if (!(scheme.equals("http") || scheme.equals("https")) || !LOOPBACK.contains(String.valueOf(uri.getHost()))) {
                outside.add(url);
            }
        }
        assertThat(outside).as(name + ": requests beyond the loopback").isEmpty();
    }

    private JsonNode viewport() {
        return browser.executeScript("return [window.innerWidth, window.innerHeight];");
    }

    /** Two animation frames: the layout of the new size is done and painted. */
    private void settle() {
        browser.executeAsyncScript(Duration.ofSeconds(5),
            "const done = arguments[arguments.length - 1]; requestAnimationFrame(() => requestAnimationFrame(() => done(true)));");
    }
}
