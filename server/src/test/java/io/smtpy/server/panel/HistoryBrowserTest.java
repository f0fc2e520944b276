package io.smtpy.server.panel;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import io.smtpy.server.testing.MessageHistory;
import io.smtpy.server.testing.SmtpSink;
import io.smtpy.server.testing.SmtpTestClient;

/**
 * The mail history, DKIM, DMARC and settings screens of the panel in headless Chromium, against the embedded server
 * with real mail over SMTP: a mail to an alias is listed, a second one appears in the live tail, its journey shows
 * each step and resends the copy the destination refused; the DKIM screen shows the domain's pending key and its
 * record; the DMARC screen draws a report mailed to the domain's report address; a setting changed on the screen is
 * what the API then reads, and a domain is deleted once its name is typed. Each screen passes axe-core and fits 360 px.
 */
@Timeout(180)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HistoryBrowserTest extends BrowserTestSupport {
    private static final String DOMAIN = "history.test";
    private static final String PATH = "/smtpy/domains/" + DOMAIN;
    private static final Duration WAIT = Duration.ofSeconds(30);

    private static MessageHistory history;

    @BeforeAll
    static void signInWithADomainAndAnAlias() throws Exception {
        history = new MessageHistory(harness.server(), PATH);
        rest().put(PATH + "?account=" + harness.accountId()).then().statusCode(201);
        rest().body(Map.of("destinations", List.of("jane@dest.test", SmtpSink.REFUSED_PREFIX + "bob@dest.test")))
            .put(PATH + "/aliases/team").then().statusCode(201);
        harness.signInAsOwner();
    }

    private static RequestSpecification rest() {
        return given().spec(harness.api());
    }

    /**
     * Shows a route of the panel and waits for its screen, freshly drawn (not the one shown before the hash changed); the
     * route already shown is reloaded, as a user would to see what changed.
     */
    private static void open(String route, String screen) {
        String url = harness.panelUrl() + "#" + route;
        boolean shown = browser.currentUrl().equals(url);
        browser.executeScript("document.getElementById('main').dataset.ready = 'false';");
        if (shown) {
            browser.executeScript("location.reload();");
        } else {
            browser.navigate(url);
        }
        harness.awaitScreen(screen);
    }

    private static void check(String name) throws IOException {
        checks.capture(name);
        checks.axe(name);
        checks.noHorizontalOverflow(name);
    }

    private static String awaitJourney(String messageId, String... types) {
        Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(200))
            .until(() -> history.journeyTypes(messageId).containsAll(List.of(types)));
        return history.journeyId(messageId);
    }

    @Test
    @Order(1)
    void theEventsScreenShouldListMailTailItLiveAndOpenItsJourneyWhichResendsTheRefusedCopy() throws Exception {
        history.send("team@" + DOMAIN, "First through the panel", "<first@sender.test>");
        harness.sink().awaitCopy("jane@dest.test", "First through the panel");
        String first = awaitJourney("<first@sender.test>", "received", "forwarded", "bounced");

        open("/domains/" + DOMAIN + "/events", "events");
        WebDriverClient.Element row = browser.waitFor("#messages tr[data-key='" + first + "']", WAIT);
        assertThat(browser.text(row)).contains("First through the panel", "ann@sender.test", "team@" + DOMAIN);
        check("events");

        browser.click(browser.findElement("#live-tail-toggle"));
        browser.waitFor("#live-tail-toggle[aria-pressed='true']", WAIT);
        // The stream's first line says it follows from now on; give it a moment to be open before the mail arrives.
        Thread.sleep(300);
        history.send("team@" + DOMAIN, "Second, seen live", "<second@sender.test>");
        String second = awaitJourney("<second@sender.test>", "received");
        WebDriverClient.Element live = browser.waitFor("#live-tail li[data-type='received'][data-journey='" + second + "']", WAIT);
        assertThat(browser.text(live)).contains("received", "team@" + DOMAIN, "ann@sender.test");

        // A search is a link: the filters in the hash's query reach the API.
        open("/domains/" + DOMAIN + "/events?subject=seen%20live", "events");
        browser.waitFor("#messages tr[data-key='" + second + "']", WAIT);
        assertThat(browser.findElements("#messages tr[data-key]")).hasSize(1);
        assertThat(browser.executeScript("return document.getElementById('filter-subject').value;").asText()).isEqualTo("seen live");

        open("/domains/" + DOMAIN + "/events", "events");
        browser.click(browser.waitFor("#messages tr[data-key='" + first + "'] a.journey", WAIT));
        harness.awaitScreen("message");
        browser.waitFor("#journey li[data-type='received']", WAIT);
        browser.waitFor("#journey li[data-type='forwarded']", WAIT);
        assertThat(browser.text(browser.findElement("#journey li[data-type='bounced']")))
            .contains(SmtpSink.REFUSED_PREFIX + "bob@dest.test", "553");
        check("message");

        browser.sendKeys(browser.waitFor("#resend-to", WAIT), "bob.new@dest.test");
        browser.click(browser.findElement("#resend-form-submit"));
        harness.sink().awaitCopy("bob.new@dest.test", "First through the panel");
        awaitJourney("<first@sender.test>", "resent");
        open("/domains/" + DOMAIN + "/messages/" + first, "message");
        assertThat(browser.text(browser.waitFor("#journey li[data-type='resent']", WAIT))).contains("bob.new@dest.test");
    }

    @Test
    @Order(2)
    void theDkimScreenShouldShowThePendingKeyWithItsRecordAndRotateOnDemand() throws Exception {
        JsonPath keys = rest().get(PATH + "/dkim/keys").then().statusCode(200).extract().jsonPath();
        String selector = keys.getString("[0].selector");

        open("/domains/" + DOMAIN + "/dkim", "dkim");
        assertThat(browser.text(browser.waitFor("#dkim-keys tr[data-key='" + selector + "']", WAIT))).contains("pending");
        WebDriverClient.Element record = browser.findElement("article.record[data-selector='" + selector + "'][data-state='pending']");
        assertThat(browser.text(record)).contains(keys.getString("[0].recordName"), keys.getString("[0].txtRecord"));
        check("dkim");

        browser.click(browser.findElement("#dkim-rotate"));
        browser.click(browser.waitFor("dialog[open] button.primary", WAIT));
        // A pending key exists already: the task completes and says nothing needed to change.
        assertThat(browser.text(browser.waitFor("#rotation-outcome .notice.ok", WAIT))).startsWith("Rotation done");
    }

    @Test
    @Order(3)
    void theDmarcScreenShouldSayNoReportYetThenDrawAMailedReport() throws Exception {
        open("/domains/" + DOMAIN + "/dmarc", "dmarc");
        assertThat(browser.text(browser.waitFor("#dmarc-summary", WAIT))).contains("No report covers this period yet");
        assertThat(browser.text(browser.findElement("#main"))).contains("No report received yet");
        checks.capture("dmarc-empty");

        mailAReport();
        Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(200))
            .until(() -> rest().get(PATH + "/dmarc/reports").then().statusCode(200).extract().jsonPath().getList("id").size() == 1);
        open("/domains/" + DOMAIN + "/dmarc", "dmarc");
        WebDriverClient.Element chart = browser.waitFor("#dmarc-chart", WAIT);
        assertThat(browser.attribute(chart, "aria-label").orElse("")).contains("15 passing and 3 failing");
        assertThat(browser.findElements("#dmarc-chart rect.bar.fail")).hasSize(1);
        assertThat(browser.text(browser.findElement("#dmarc-summary"))).contains("198.51.100.7", "Panel Reporter");
        browser.click(browser.findElement("tr[data-key='panel-report-1'] button"));
        assertThat(browser.text(browser.waitFor("#report-detail table", WAIT))).contains("203.0.113.9", "fail");
        check("dmarc");
    }

    /** A small aggregate report, its period begun yesterday, as the body of a mail to the domain's report address. */
    private static void mailAReport() throws IOException {
        long begin = Instant.now().minus(1, ChronoUnit.DAYS).getEpochSecond();
        String xml = "<?xml version=\"1.0\"?>\n<feedback><report_metadata><org_name>Panel Reporter</org_name>"
            + "<email>reports@reporter.test</email><report_id>panel-report-1</report_id>"
            + "<date_range><begin>" + begin + "</begin><end>" + (begin + 86399) + "</end></date_range></report_metadata>"
            + "<policy_published><domain>" + DOMAIN + "</domain><p>none</p></policy_published>"
            + record("198.51.100.7", 15, "pass") + record("203.0.113.9", 3, "fail") + "</feedback>\n";
        try (SmtpTestClient smtp = harness.smtp()) {
            smtp.ehlo("reporter.test");
            assertThat(smtp.mailFrom("reports@reporter.test").code()).isEqualTo(250);
            assertThat(smtp.rcptTo("dmarc-reports@" + DOMAIN).code()).isEqualTo(250);
            assertThat(smtp.data("From: <reports@reporter.test>\r\nTo: <dmarc-reports@" + DOMAIN + ">\r\nSubject: Report domain: "
                + DOMAIN + "\r\nMIME-Version: 1.0\r\nContent-Type: text/xml; charset=UTF-8\r\n\r\n" + xml).code()).isEqualTo(250);
        }
    }

    private static String record(String ip, int count, String result) {
        return "<record><row><source_ip>" + ip + "</source_ip><count>" + count + "</count><policy_evaluated>"
            + "<disposition>none</disposition><dkim>" + result + "</dkim><spf>" + result + "</spf></policy_evaluated></row>"
            + "<identifiers><header_from>" + DOMAIN + "</header_from></identifiers>"
            + "<auth_results><spf><domain>" + DOMAIN + "</domain><result>" + result + "</result></spf></auth_results></record>";
    }

    @Test
    @Order(4)
    void theSettingsScreenShouldSaveOnlyWhatChangedShowABadValueAtItsFieldAndDeleteADomainByItsName() throws Exception {
        open("/domains/" + DOMAIN + "/settings", "settings");
        check("settings");

        WebDriverClient.Element tag = browser.waitFor("#setting-spam-tagThreshold", WAIT);
        browser.clear(tag);
        browser.sendKeys(tag, "12");
        browser.click(browser.findElement("#domain-settings-submit"));
        assertThat(browser.text(browser.waitFor("[data-field='spam.tagThreshold'] .field-error:not([hidden])", WAIT)))
            .contains("must not be above threshold");
        assertThat(rest().get(PATH).then().extract().jsonPath().getDouble("spam.tagThreshold")).isEqualTo(5.0);

        browser.clear(tag);
        browser.sendKeys(tag, "5");
        WebDriverClient.Element days = browser.findElement("#setting-eventRetentionDays");
        browser.clear(days);
        browser.sendKeys(days, "45");
        browser.click(browser.findElement("#setting-blockLinks"));
        browser.click(browser.findElement("#domain-settings-submit"));
        Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(100))
            .until(() -> rest().get(PATH).then().extract().jsonPath().getInt("eventRetentionDays") == 45);
        JsonPath domain = rest().get(PATH).then().statusCode(200).extract().jsonPath();
        assertThat(domain.getBoolean("blockLinks")).isFalse();
        assertThat(domain.getDouble("spam.tagThreshold")).isEqualTo(5.0);
        assertThat(domain.getBoolean("enabled")).isTrue();
        assertThat(domain.getString("eventPrivacy")).isEqualTo("full");

        rest().put("/smtpy/domains/gone.test?account=" + harness.accountId()).then().statusCode(201);
        open("/domains/gone.test/settings", "settings");
        WebDriverClient.Element remove = browser.findElement("#delete-domain");
        assertThat(browser.attribute(remove, "disabled")).isPresent();
        browser.sendKeys(browser.findElement("#delete-confirm"), "gone.test");
        browser.click(remove);
        harness.awaitScreen("domains");
        rest().get("/smtpy/domains/gone.test").then().statusCode(404);
    }
}
