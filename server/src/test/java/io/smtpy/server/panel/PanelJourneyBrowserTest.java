package io.smtpy.server.panel;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.restassured.path.json.JsonPath;
import io.smtpy.core.dkim.DkimKey;
import io.smtpy.server.testing.SmtpTestClient;

/**
 * A domain owner's first session in the panel, in headless Chromium against the embedded server: sign in, add a domain,
 * watch its DNS checklist turn from missing to right as a real DNS server (the harness's dnsmasq) starts answering,
 * create the first alias, send a mail over SMTP and see it arrive in the live tail.
 */
@Timeout(240)
class PanelJourneyBrowserTest extends BrowserTestSupport {
    private static final String DOMAIN = "journey.test";
    private static final Duration DNS_CATCHES_UP = Duration.ofSeconds(30);

    @Test
    void anOwnerShouldOnboardADomainWithLiveDnsChecksThenSeeTheirFirstMailArrive() throws Exception {
        assertThat(harness.signInAsOwner()).isEqualTo("domains");
        checks.capture("domains-empty");
        checks.axe("domains-empty");

        // 1. Add the domain: the panel goes to its setup checklist.
        fill("#add-domain-name", DOMAIN);
        browser.click(browser.findElement("#add-domain-submit"));
        harness.awaitScreen("overview");
        browser.waitFor("#dns-records article[data-kind='mx']", PanelHarness.SCREEN_TIMEOUT);
        given().spec(harness.api()).get("/smtpy/domains/" + DOMAIN).then().statusCode(200);

        // Nothing is published yet: no record is right.
        List<String> first = statuses();
        assertThat(first).hasSize(5).doesNotContain("ok");
        checks.capture("onboarding-missing");
        checks.axe("onboarding-missing");
        checks.noHorizontalOverflow("onboarding-missing");

        // 2. The owner publishes the records the panel shows; the checklist re-checks by itself and turns green.
        List<Map<String, String>> shown = shownRecords();
        harness.replaceDnsRecords(dnsmasqOptions(shown));
        browser.waitFor("#dns-summary.ok", DNS_CATCHES_UP);
        assertThat(statuses()).hasSize(5).containsOnly("ok");
        checks.capture("onboarding-ready");

        // 3. The first alias, from the checklist's form.
        fill("#first-alias-local", "hello");
        fill("#first-alias-destination", "owner@dest.test");
        browser.click(browser.findElement("#first-alias-submit"));
        JsonPath resolution = awaitResolution("hello");
        assertThat(resolution.getList("destinations", String.class)).containsExactly("owner@dest.test");

        // 4. A test mail, watched in the live tail.
        browser.click(browser.findElement("#watch-test-mail"));
        browser.waitFor("#onboarding-tail[data-live='true']", PanelHarness.SCREEN_TIMEOUT);
        try (SmtpTestClient smtp = harness.smtp()) {
            smtp.ehlo("sender.test");
            assertThat(smtp.mailFrom("friend@sender.test").code()).isEqualTo(250);
            assertThat(smtp.rcptTo("hello@" + DOMAIN).code()).isEqualTo(250);
            assertThat(smtp.data("From: friend@sender.test\r\nTo: hello@" + DOMAIN + "\r\nSubject: first mail\r\n"
                + "Message-ID: <first@sender.test>\r\n\r\nHello there.\r\n").code()).isEqualTo(250);
        }
        browser.waitFor("#onboarding-tail li[data-type='received']", PanelHarness.SCREEN_TIMEOUT);
        browser.waitFor("#onboarding-tail li[data-type='forwarded']", PanelHarness.SCREEN_TIMEOUT);
        assertThat(harness.sink().awaitCopy("owner@dest.test", "first mail").message()).contains("Hello there.");
        checks.capture("onboarding-tail");
        checks.axe("onboarding-tail");
        checks.onlyLoopbackRequests("onboarding");
    }

    private static void fill(String css, String text) {
        WebDriverClient.Element input = browser.waitFor(css, PanelHarness.SCREEN_TIMEOUT);
        browser.clear(input);
        browser.sendKeys(input, text);
    }

    private static List<String> statuses() {
        List<String> statuses = new ArrayList<>();
        for (WebDriverClient.Element record : browser.findElements("#dns-records article[data-kind]")) {
            statuses.add(browser.attribute(record, "data-status").orElse(""));
        }
        return statuses;
    }

    /** The records as the checklist shows them: kind, type, name and value, read from the page (what an owner copies). */
    private static List<Map<String, String>> shownRecords() {
        List<Map<String, String>> records = new ArrayList<>();
        for (var node : browser.executeScript("return [...document.querySelectorAll('#dns-records article[data-kind]')].map(a => ({"
            + "kind: a.dataset.kind, type: a.querySelector('.record-line code').textContent,"
            + "name: a.querySelector('.record-line code.wrap').textContent, value: a.querySelector('code.value').textContent}));")) {
            records.add(Map.of("kind", node.path("kind").asText(), "type", node.path("type").asText(),
                "name", node.path("name").asText(), "value", node.path("value").asText()));
        }
        return records;
    }

    private static List<String> dnsmasqOptions(List<Map<String, String>> records) {
        List<String> options = new ArrayList<>();
        for (Map<String, String> record : records) {
            String name = record.get("name");
            String value = record.get("value");
            if (record.get("type").equals("MX")) {
                String[] priorityAndHost = value.split(" ", 2);
                options.add("--mx-host=" + name + "," + priorityAndHost[1] + "," + priorityAndHost[0]);
            } else {
                options.add("--txt-record=" + name + "," + String.join(",", DkimKey.txtStrings(value)));
            }
        }
        return options;
    }

    private static JsonPath awaitResolution(String localPart) throws InterruptedException {
        long deadline = System.nanoTime() + PanelHarness.SCREEN_TIMEOUT.toNanos();
        while (true) {
            JsonPath resolution = given().spec(harness.api()).get("/smtpy/domains/" + DOMAIN + "/resolve/" + localPart)
                .then().statusCode(200).extract().jsonPath();
            if ("exact".equals(resolution.getString("outcome")) || System.nanoTime() > deadline) {
                return resolution;
            }
            Thread.sleep(100);
        }
    }
}
