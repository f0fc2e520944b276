package io.smtpy.server.panel;

import static io.restassured.RestAssured.given;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import io.restassured.specification.RequestSpecification;
import io.smtpy.server.testing.ServerWithSink;
import io.smtpy.server.testing.SmtpSink;
import io.smtpy.server.testing.SmtpTestClient;

/**
 * What every panel test shares, started once per test JVM on first use and stopped when it exits: one embedded server
 * with the shipped configuration ({@link ServerWithSink}: its forwarded mail goes to a loopback {@link SmtpSink}, its
 * DNS questions to a dnsmasq of its own whose records a test may replace), one headless Chromium ({@link WebDriverClient}),
 * and, created through the API with the operator key, an account with an owner who has a password.
 *
 * <p>Tests sign in through the panel's own form ({@link #signIn}); the app marks the screen it shows as
 * {@code <main id="main" data-screen="NAME" data-ready="true">} once loaded ({@link #awaitScreen}). Tests share the
 * browser: each starts from {@link #signOut()} or {@link #signIn} and leaves nothing another test relies on.
 */
public final class PanelHarness {
    public static final String OWNER_EMAIL = "owner@panel.test";
    public static final String OWNER_PASSWORD = "correct horse battery staple";
    public static final Duration SCREEN_TIMEOUT = Duration.ofSeconds(15);
    public static final String MX_HOST = "mx.panel.test";
    public static final String SPF_INCLUDE = "_spf.panel.test";
    public static final String PUBLIC_URL = "http://panel.test:8000";
    /** Where the harness's files go (chromedriver's log; screenshots and axe results go beside it). */
    static final Path TARGET = Path.of("target");

    private static PanelHarness shared;

    private final Path temporary;
    private final ServerWithSink server;
    private final WebDriverClient browser;
    private final String accountId;
    private final String ownerId;

    private PanelHarness(Path temporary, ServerWithSink server, WebDriverClient browser, String accountId, String ownerId) {
        this.temporary = temporary;
        this.server = server;
        this.browser = browser;
        this.accountId = accountId;
        this.ownerId = ownerId;
    }

    /** The one harness of this JVM, started on first use (some seconds), stopped by a shutdown hook. */
    public static synchronized PanelHarness shared() throws Exception {
        if (shared == null) {
            shared = start();
            PanelHarness started = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(started::stop, "panel-harness-stop"));
        }
        return shared;
    }

    private static PanelHarness start() throws Exception {
        Path temporary = Files.createTempDirectory("smtpy-panel-harness");
        // The DNS onboarding check expects these MX and SPF include (the journey test publishes them in the harness's
        // dnsmasq); mails that link to the panel (invitations) link to this public address.
        ServerWithSink server = ServerWithSink.start(temporary, Optional.empty(), List.of(),
            "dns.mx=10 " + MX_HOST + "\ndns.spfInclude=" + SPF_INCLUDE + "\nrules.publicUrl=" + PUBLIC_URL);
        WebDriverClient browser;
        try {
            browser = WebDriverClient.start(TARGET.resolve("panel-browser"));
        } catch (Exception | Error e) {
            server.close();
            throw e;
        }
        try {
            RequestSpecification api = server.api();
            String account = given().spec(api).body(Map.of("name", "Panel test")).post("/smtpy/accounts")
                .then().statusCode(201).extract().path("id");
            String owner = given().spec(api).body(Map.of("email", OWNER_EMAIL, "role", "owner", "password", OWNER_PASSWORD))
                .post("/smtpy/accounts/" + account + "/members").then().statusCode(201).extract().path("memberId");
            return new PanelHarness(temporary, server, browser, account, owner);
        } catch (RuntimeException | Error e) {
            browser.quit();
            server.close();
            throw e;
        }
    }

    private void stop() {
        try {
            browser.quit();
        } finally {
            server.close();
            try (Stream<Path> files = Files.walk(temporary)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException e) {
                // A temporary directory left behind is harmless.
            }
        }
    }

    public WebDriverClient browser() {
        return browser;
    }

    /** The server: its operator API ({@code api()}), SMTP port, sink, DNS records ({@code replaceDnsRecords}). */
    public ServerWithSink server() {
        return server;
    }

    /** WebAdmin with the operator key, JSON bodies. */
    public RequestSpecification api() {
        return server.api();
    }

    public String accountId() {
        return accountId;
    }

    public String ownerId() {
        return ownerId;
    }

    /** {@code http://127.0.0.1:<port>}: WebAdmin's origin, the panel's. */
    public String origin() {
        return "http://127.0.0.1:" + server.webAdminPort();
    }

    public String panelUrl() {
        return origin() + "/smtpy/panel/";
    }

    public SmtpSink sink() {
        return server.sink();
    }

    /** A new SMTP connection to the server's MX port (greeting read). */
    public SmtpTestClient smtp() throws IOException {
        return SmtpTestClient.connect("127.0.0.1", server.smtpPort());
    }

    /**
     * Replaces what the server's dnsmasq answers ({@code --txt-record=name,value}, {@code --mx-host=...}). dnsmasq does
     * not re-read such records on SIGHUP: it is restarted on the same port, so the server's {@code dns.resolver} holds.
     */
    public void replaceDnsRecords(List<String> records) throws Exception {
        server.replaceDnsRecords(records);
    }

    /** A member of the harness's account with a password, created through the API; its member id. */
    public String createMember(String email, String password, String role) {
        return given().spec(api()).body(Map.of("email", email, "role", role, "password", password))
            .post("/smtpy/accounts/" + accountId + "/members").then().statusCode(201).extract().path("memberId");
    }

    /** Opens the panel without a session: no cookie of the panel's origin, nothing in its storage. */
    public void signOut() {
        browser.navigate(panelUrl());
        browser.deleteAllCookies();
        browser.executeScript("localStorage.clear(); sessionStorage.clear();");
        browser.navigate(panelUrl());
    }

    /**
     * Signs in through the panel's form ({@code #signin-email}, {@code #signin-password}, {@code #signin-submit}) and
     * waits for the screen the panel shows next.
     *
     * @return the name of that screen ({@code data-screen})
     */
    public String signIn(String email, String password) {
        return signIn(email, password, Optional.empty());
    }

    /**
     * The same with a TOTP code, typed into {@code #signin-totp} (when the form shows that field only once the server
     * asked for a code, after a first submit).
     */
    public String signIn(String email, String password, Optional<String> totp) {
        signOut();
        fill("#signin-email", email);
        fill("#signin-password", password);
        if (totp.isPresent()) {
            if (browser.findElements("#signin-totp").isEmpty()) {
                browser.click(browser.findElement("#signin-submit"));
            }
            fill("#signin-totp", totp.get());
        }
        browser.click(browser.findElement("#signin-submit"));
        browser.waitUntilGone("#signin-email", SCREEN_TIMEOUT);
        WebDriverClient.Element main = browser.waitFor("main#main[data-ready='true']:not([data-screen='signin'])", SCREEN_TIMEOUT);
        return browser.attribute(main, "data-screen").orElse("");
    }

    private void fill(String css, String text) {
        WebDriverClient.Element field = browser.waitFor(css, SCREEN_TIMEOUT);
        browser.clear(field);
        browser.sendKeys(field, text);
    }

    public String signInAsOwner() {
        return signIn(OWNER_EMAIL, OWNER_PASSWORD);
    }

    /** Waits until the panel shows the screen {@code name}, loaded. */
    public WebDriverClient.Element awaitScreen(String name) {
        return browser.waitFor("main#main[data-screen='" + name + "'][data-ready='true']", SCREEN_TIMEOUT);
    }

    /** Waits until the panel shows any screen, loaded; its name. */
    public String awaitAnyScreen() {
        return browser.attribute(browser.waitFor("main#main[data-ready='true']", SCREEN_TIMEOUT), "data-screen").orElse("");
    }
}
