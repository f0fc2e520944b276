package io.smtpy.server.panel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smtpy.server.testing.FreePorts;

/**
 * A small W3C WebDriver client (https://www.w3.org/TR/webdriver2/) over {@code java.net.http} and Jackson, driving
 * Debian's headless Chromium through {@code /usr/bin/chromedriver} on a free loopback port. Not Selenium: its Guava
 * fights James's, and its driver managers would try to download browsers.
 *
 * <p>The browser reaches nothing beyond the loopback: every host name but {@code localhost} and {@code 127.0.0.1}
 * resolves to nothing, an address literal goes to a proxy on a closed loopback port (the loopback itself bypasses it),
 * and Chromium's own background traffic (component updates, sync, safe browsing, metrics) is off.
 */
public final class WebDriverClient implements AutoCloseable {
    public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    /** The W3C name of the key an element reference is given under. */
    private static final String ELEMENT = "element-6066-11e4-a52e-4f735466cecf";
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A reference to an element of the current page. */
    public static final class Element {
        private final String id;
        private final String description;

        private Element(String id, String description) {
            this.id = id;
            this.description = description;
        }

        @Override
        public String toString() {
            return description;
        }
    }

    /** A WebDriver error: the W3C error code ({@code no such element}, {@code timeout}...) and the driver's message. */
    public static final class WebDriverException extends RuntimeException {
        private final String error;

        WebDriverException(String error, String message) {
            super(error + ": " + message);
            this.error = error;
        }

        public String error() {
            return error;
        }
    }

    private final Process driver;
    private final URI base;
    private final String session;
    private final Path profile;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private WebDriverClient(Process driver, URI base, String session, Path profile) {
        this.driver = driver;
        this.base = base;
        this.session = session;
        this.profile = profile;
    }

    /**
     * Starts chromedriver and a headless Chromium session.
     *
     * @param logDirectory where chromedriver's log goes ({@code chromedriver.log})
     * @throws IllegalStateException when chromedriver or Chromium is missing: the panel's tests fail, never skip
     */
    public static WebDriverClient start(Path logDirectory) throws IOException, InterruptedException {
        for (Path binary : List.of(CHROMEDRIVER, CHROMIUM)) {
            if (!Files.isExecutable(binary)) {
                throw new IllegalStateException(binary + " is missing: install Debian's chromium and chromium-driver "
                    + "(apt-get install chromium chromium-driver; .ci/run does it) to run the panel's browser tests");
            }
        }
        Files.createDirectories(logDirectory);
        int port = FreePorts.pick();
        Process driver = new ProcessBuilder(CHROMEDRIVER.toString(), "--port=" + port, "--allowed-ips=127.0.0.1",
            "--log-path=" + logDirectory.resolve("chromedriver.log"))
            .redirectErrorStream(true)
            .redirectOutput(logDirectory.resolve("chromedriver.out").toFile())
            .start();
        URI base = URI.create("http://127.0.0.1:" + port + "/");
        Path profile = Files.createTempDirectory("smtpy-panel-chromium");
        try {
            awaitReady(driver, base);
            String session = newSession(base, profile);
            return new WebDriverClient(driver, base, session, profile);
        } catch (IOException | InterruptedException | RuntimeException e) {
            driver.destroy();
            deleteQuietly(profile);
            throw e;
        }
    }

    private static void awaitReady(Process driver, URI base) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plusSeconds(20);
        while (Instant.now().isBefore(deadline)) {
            if (!driver.isAlive()) {
                throw new IllegalStateException("chromedriver exited with " + driver.exitValue() + " before serving");
            }
            try {
                HttpResponse<String> status = http.send(HttpRequest.newBuilder(base.resolve("status")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
                if (status.statusCode() == 200 && JSON.readTree(status.body()).path("value").path("ready").asBoolean()) {
                    return;
                }
            } catch (ConnectException notYet) {
                // Still starting.
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("chromedriver did not serve within 20 seconds");
    }

    private static String newSession(URI base, Path profile) throws IOException, InterruptedException {
        List<String> args = List.of(
            "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
            "--user-data-dir=" + profile,
            // No network beyond the loopback: names resolve to nothing, address literals go to a closed port.
            "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
            "--proxy-server=http://127.0.0.1:9",
            // None of Chromium's own traffic.
            "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-default-apps",
            "--disable-extensions", "--disable-domain-reliability", "--disable-client-side-phishing-detection",
            "--no-first-run", "--no-default-browser-check", "--metrics-recording-only", "--safebrowsing-disable-auto-update",
            "--disable-features=Translate,OptimizationHints,MediaRouter,AutofillServerCommunication,InterestFeedContentSuggestions",
            "--window-size=1280,900", "--lang=en-US");
        ObjectNode options = JSON.createObjectNode();
        options.put("binary", CHROMIUM.toString());
        options.set("args", JSON.valueToTree(args));
        ObjectNode always = JSON.createObjectNode();
        always.put("browserName", "chrome");
        always.set("goog:chromeOptions", options);
        // The browser's console, and the DevTools network events behind requestedUrls().
        always.set("goog:loggingPrefs", JSON.valueToTree(Map.of("browser", "ALL", "performance", "ALL")));
        ObjectNode body = JSON.createObjectNode();
        body.set("capabilities", JSON.createObjectNode().set("alwaysMatch", always));
        JsonNode created = send(HttpClient.newHttpClient(), "POST", base.resolve("session"), body);
        return created.path("sessionId").asText();
    }

    private JsonNode command(String method, String path, Object body) {
        try {
            return send(http, method, base.resolve("session/" + session + path), body);
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during " + method + " " + path, e);
        }
    }

    private static JsonNode send(HttpClient http, String method, URI uri, Object body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(COMMAND_TIMEOUT)
            .header("Content-Type", "application/json; charset=utf-8");
        if (method.equals("GET") || method.equals("DELETE")) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body == null ? Map.of() : body)));
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode value = JSON.readTree(response.body()).path("value");
        if (response.statusCode() != 200) {
            throw new WebDriverException(value.path("error").asText("HTTP " + response.statusCode()),
                value.path("message").asText(response.body()));
        }
        return value;
    }

    /** Loads the URL and waits for the page's load event (WebDriver's normal page load strategy). */
    public void navigate(String url) {
        command("POST", "/url", Map.of("url", url));
    }

    public String currentUrl() {
        return command("GET", "/url", null).asText();
    }

    /** @throws WebDriverException {@code no such element} when nothing matches now */
    public Element findElement(String css) {
        JsonNode found = command("POST", "/element", Map.of("using", "css selector", "value", css));
        return new Element(found.path(ELEMENT).asText(), css);
    }

    public List<Element> findElements(String css) {
        List<Element> elements = new ArrayList<>();
        for (JsonNode found : command("POST", "/elements", Map.of("using", "css selector", "value", css))) {
            elements.add(new Element(found.path(ELEMENT).asText(), css));
        }
        return elements;
    }

    /**
     * The first element matching {@code css}, once there is one.
     *
     * @throws AssertionError naming the selector and the page when none appears within {@code timeout}
     */
    public Element waitFor(String css, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            try {
                return findElement(css);
            } catch (WebDriverException e) {
                if (!e.error().equals("no such element")) {
                    throw e;
                }
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("no element matches " + css + " after " + timeout + " on " + currentUrl());
            }
            sleep(50);
        }
    }

    /**
     * Waits until nothing matches {@code css} any more (a form that went away).
     *
     * @throws AssertionError naming the selector and the page when something still matches after {@code timeout}
     */
    public void waitUntilGone(String css, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (!findElements(css).isEmpty()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError(css + " still shown after " + timeout + " on " + currentUrl());
            }
            sleep(50);
        }
    }

    public void click(Element element) {
        command("POST", "/element/" + element.id + "/click", Map.of());
    }

    public void sendKeys(Element element, String text) {
        command("POST", "/element/" + element.id + "/value", Map.of("text", text));
    }

    /**
     * Presses keys on whatever has the focus, as a keyboard does (W3C actions), without moving the focus first as
     * {@link #sendKeys} does: {@code "\uE004"} is Tab, {@code "\uE007"} Enter.
     */
    public void pressKeys(String keys) {
        List<Map<String, String>> presses = new ArrayList<>();
        keys.codePoints().mapToObj(Character::toString).forEach(key -> {
            presses.add(Map.of("type", "keyDown", "value", key));
            presses.add(Map.of("type", "keyUp", "value", key));
        });
        command("POST", "/actions", Map.of("actions", List.of(Map.of("type", "key", "id", "keyboard", "actions", presses))));
    }

    public void clear(Element element) {
        command("POST", "/element/" + element.id + "/clear", Map.of());
    }

    /** The element's rendered text. */
    public String text(Element element) {
        return command("GET", "/element/" + element.id + "/text", null).asText();
    }

    /** The attribute's value, empty when the element has no such attribute. */
    public Optional<String> attribute(Element element, String name) {
        JsonNode value = command("GET", "/element/" + element.id + "/attribute/" + name, null);
        return value.isNull() ? Optional.empty() : Optional.of(value.asText());
    }

    /** Runs {@code script} as a function body with {@code arguments}; its return value as JSON. */
    public JsonNode executeScript(String script, Object... arguments) {
        return command("POST", "/execute/sync", Map.of("script", script, "args", List.of(arguments)));
    }

    /**
     * Runs {@code script} as an asynchronous function body: it finishes by calling its last argument
     * ({@code arguments[arguments.length - 1]}) with the result, within {@code timeout}.
     */
    public JsonNode executeAsyncScript(Duration timeout, String script, Object... arguments) {
        command("POST", "/timeouts", Map.of("script", timeout.toMillis()));
        return command("POST", "/execute/async", Map.of("script", script, "args", List.of(arguments)));
    }

    /** Sizes the browser's window (its outer size; {@link #setViewportSize} for what the page gets). */
    public void setWindowSize(int width, int height) {
        command("POST", "/window/rect", Map.of("width", width, "height", height));
    }

    /**
     * Makes the page's viewport {@code width} × {@code height} CSS pixels (what {@code innerWidth} and {@code innerHeight}
     * say): the window is sized, then corrected by what its frame takes.
     */
    public void setViewportSize(int width, int height) {
        setWindowSize(width, height);
        JsonNode inner = executeScript("return [window.innerWidth, window.innerHeight];");
        int frameWidth = width - inner.get(0).asInt();
        int frameHeight = height - inner.get(1).asInt();
        if (frameWidth != 0 || frameHeight != 0) {
            setWindowSize(width + frameWidth, height + frameHeight);
        }
    }

    /** The current page's cookie of that name as WebDriver sees it ({@code httpOnly}, {@code sameSite}, {@code path}...). */
    public Optional<JsonNode> cookie(String name) {
        try {
            return Optional.of(command("GET", "/cookie/" + name, null));
        } catch (WebDriverException e) {
            if (e.error().equals("no such cookie")) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * Runs a Chrome DevTools Protocol command in the current page ({@code Emulation.setEmulatedMedia},
     * {@code Network.emulateNetworkConditions}...) through chromedriver's {@code goog/cdp/execute}; its result.
     */
    public JsonNode devTools(String command, Map<String, Object> parameters) {
        return command("POST", "/goog/cdp/execute", Map.of("cmd", command, "params", parameters));
    }

    /** Deletes every cookie of the current page's origin. */
    public void deleteAllCookies() {
        command("DELETE", "/cookie", null);
    }

    /** Writes a PNG of the viewport to {@code file}. */
    public void screenshot(Path file) throws IOException {
        byte[] png = Base64.getDecoder().decode(command("GET", "/screenshot", null).asText());
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, png);
    }

    /** The browser console's entries since the last call ({@code level}, {@code message}), CSP refusals among them. */
    public List<JsonNode> browserLog() {
        List<JsonNode> entries = new ArrayList<>();
        command("POST", "/se/log", Map.of("type", "browser")).forEach(entries::add);
        return entries;
    }

    /**
     * The URL of every request the browser started since the last call (DevTools' {@code Network.requestWillBeSent}),
     * those that failed too (a name that did not resolve, a refused connection), which the page's Resource Timing omits.
     */
    public List<String> requestedUrls() {
        List<String> urls = new ArrayList<>();
        for (JsonNode entry : command("POST", "/se/log", Map.of("type", "performance"))) {
            try {
                JsonNode message = JSON.readTree(entry.path("message").asText()).path("message");
                if (message.path("method").asText().equals("Network.requestWillBeSent")) {
                    urls.add(message.path("params").path("request").path("url").asText());
                }
            } catch (IOException e) {
                throw new UncheckedIOException("unreadable performance log entry " + entry, e);
            }
        }
        return urls;
    }

    /** Ends the session and chromedriver. */
    public void quit() {
        try {
            command("DELETE", "", null);
        } catch (RuntimeException e) {
            // The driver is stopped below whatever the session's state.
        } finally {
            driver.destroy();
            try {
                if (!driver.waitFor(10, TimeUnit.SECONDS)) {
                    driver.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                driver.destroyForcibly();
            }
            deleteQuietly(profile);
        }
    }

    @Override
    public void close() {
        quit();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static void deleteQuietly(Path directory) {
        try (var files = Files.walk(directory)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // A temporary profile left behind is harmless.
        }
    }
}
