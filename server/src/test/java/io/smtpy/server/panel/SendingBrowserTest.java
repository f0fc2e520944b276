package io.smtpy.server.panel;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import javax.net.ssl.SSLSocketFactory;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import io.smtpy.server.SelfSignedCertificate;
import io.smtpy.server.testing.SmtpTestClient;
import io.smtpy.server.testing.TrustOnly;

/**
 * The webhooks, suppressions, sending and limits screens in headless Chromium against the embedded server, each
 * through its own UI and checked over the API: an endpoint added shows its signing secret once; an SMTP credential's
 * password, read from the dialog, authenticates on the submission port after STARTTLS; a destination suppressed by
 * hand is lifted; a domain limit set is stored. Each screen is captured, checked by axe and at 360 px.
 */
@Timeout(120)
class SendingBrowserTest extends BrowserTestSupport {
    private static final String DOMAIN = "sending.test";
    private static final String PATH = "/smtpy/domains/" + DOMAIN;
    private static final Duration WAIT = PanelHarness.SCREEN_TIMEOUT;

    @BeforeAll
    static void signInWithADomainAndAnAlias() throws Exception {
        rest().put(PATH + "?account=" + harness.accountId()).then().statusCode(201);
        rest().body(Map.of("destinations", List.of("jane@dest.test"))).put(PATH + "/aliases/sales").then().statusCode(201);
        harness.signInAsOwner();
    }

    private static RequestSpecification rest() {
        return given().spec(harness.api());
    }

    private static void open(String screen) {
        browser.navigate(harness.panelUrl() + "#/domains/" + DOMAIN + "/" + screen);
        harness.awaitScreen(screen);
    }

    /** Captured, checked by axe and at 360 px once it shows what the test made. */
    private static void check(String screen) throws Exception {
        checks.capture(screen);
        checks.axe(screen);
        checks.noHorizontalOverflow(screen);
    }

    private static void type(String css, String text) {
        WebDriverClient.Element field = browser.waitFor(css, WAIT);
        browser.clear(field);
        browser.sendKeys(field, text);
    }

    private static void click(String css) {
        browser.click(browser.waitFor(css, WAIT));
    }

    /** The secret the open dialog shows once, after which the dialog is closed. */
    private static String secretShownOnce() {
        String secret = browser.text(browser.waitFor("dialog[open] #secret-value", WAIT));
        click("dialog[open] button.primary");
        return secret;
    }

    private static void awaitApi(String path, String jsonPath, Object expected) {
        Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(100))
            .until(() -> expected.equals(rest().get(path).then().statusCode(200).extract().jsonPath().get(jsonPath)));
    }

    @Test
    void eachScreenShouldChangeWhatTheApiThenReads() throws Exception {
        open("webhooks");
        type("#webhook-url", "https://hooks.example.com/smtpy");
        click("#webhook-events-box summary");
        click("#webhook-event-forwarded");
        click("#create-webhook-submit");
        assertThat(secretShownOnce()).startsWith("whsec_");
        JsonPath hooks = rest().get(PATH + "/webhooks").then().statusCode(200).extract().jsonPath();
        assertThat(hooks.getString("[0].url")).isEqualTo("https://hooks.example.com/smtpy");
        assertThat(hooks.getList("[0].events")).containsExactly("forwarded");
        browser.waitFor("#webhooks tr[data-key='" + hooks.getString("[0].id") + "']", WAIT);
        check("webhooks");

        open("sending");
        click("#create-credential-box summary");
        type("#credential-description", "Thunderbird");
        click("#create-credential-submit");
        String password = secretShownOnce();
        JsonPath credentials = rest().get(PATH + "/smtp-credentials").then().statusCode(200).extract().jsonPath();
        String username = credentials.getString("items[0].username");
        assertThat(credentials.getString("items[0].description")).isEqualTo("Thunderbird");
        browser.waitFor("#smtp-credentials tr[data-key='" + username + "']", WAIT);
        check("sending");
        SSLSocketFactory tls = TrustOnly.certificateIn(
            harness.server().dataDirectory().resolve("tls").resolve(SelfSignedCertificate.CERTIFICATE_FILE));
        try (SmtpTestClient submission = SmtpTestClient.connect("127.0.0.1", harness.server().submissionPort())) {
            submission.ehlo("client.test");
            assertThat(submission.startTls(tls).code()).isEqualTo(220);
            submission.ehlo("client.test");
            assertThat(submission.authPlain(username, password).code()).isEqualTo(235);
        }

        open("suppressions");
        type("#suppress-alias", "sales");
        type("#suppress-destination", "gone@dest.test");
        type("#suppress-reason", "mailbox closed");
        click("#suppress-form-submit");
        awaitApi(PATH + "/suppressions", "items[0].destination", "gone@dest.test");
        String id = rest().get(PATH + "/suppressions").then().extract().jsonPath().getString("items[0].id");
        browser.waitFor("#suppressions tr[data-key='" + id + "']", WAIT);
        check("suppressions");
        click("#suppressions tr[data-key='" + id + "'] button");
        click("dialog[open] button.primary");
        awaitApi(PATH + "/suppressions", "items.size()", 0);

        open("limits");
        type("#limit-inbound-messagesPerHour", "200");
        click("#domain-limits-submit");
        awaitApi(PATH + "/limits", "inbound.messagesPerHour", 200);
        assertThat(rest().get(PATH + "/limits").then().extract().jsonPath().getString("outbound")).isNull();
        browser.waitFor("#limit-usage tr[data-key='domain::inbound:messagesPerHour:']", WAIT);
        check("limits");
    }
}
