package io.smtpy.server.panel;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import io.smtpy.server.testing.MessageHistory;
import io.smtpy.server.testing.OperatorKey;
import io.smtpy.server.testing.SmtpSink;

/**
 * The analytics, queue and operator screens in headless Chromium against the embedded server, with real mail over
 * SMTP: two mails to a domain are counted on the analytics screen as the API counts them; a copy its destination keeps
 * deferring, held, is listed on the queue screen and cancelled there after confirming; the operator, signed in with the
 * operator key, sees the connection protection the API reports. Each screen passes axe-core and fits 360 px.
 */
@Timeout(180)
class OperationsBrowserTest extends BrowserTestSupport {
    private static final String DOMAIN = "ops.test";
    private static final String PATH = "/smtpy/domains/" + DOMAIN;
    private static final String DEFERRED = SmtpSink.LATER_PREFIX + "ops@dest.test";
    private static final Duration WAIT = Duration.ofSeconds(30);

    private static RequestSpecification rest() {
        return given().spec(harness.api());
    }

    private static void open(String route, String screen) {
        browser.navigate(harness.panelUrl() + "#" + route);
        harness.awaitScreen(screen);
    }

    private static void check(String name) throws IOException {
        checks.capture(name);
        checks.axe(name);
        checks.noHorizontalOverflow(name);
    }

    private static String shown(String css) {
        return browser.text(browser.waitFor(css, WAIT)).strip();
    }

    private static int total(JsonPath report, String series) {
        return report.getList("series." + series, Integer.class).stream().mapToInt(Integer::intValue).sum();
    }

    /** Holds the copy to the deferring destination: it is retried every second, under a new id each time. */
    private static String holdTheDeferredCopy() {
        return Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(() -> {
            List<String> ids = rest().get(PATH + "/queue?status=waiting&recipient=" + DEFERRED).then().statusCode(200)
                .extract().jsonPath().getList("items.id", String.class);
            return ids.isEmpty() || rest().post(PATH + "/queue/" + ids.get(0) + "/hold").statusCode() != 200 ? null : ids.get(0);
        }, id -> id != null);
    }

    @Test
    void analyticsQueueAndOperatorScreensShowAndActOnWhatTheApiHas() throws Exception {
        rest().put(PATH + "?account=" + harness.accountId()).then().statusCode(201);
        rest().body(Map.of("destinations", List.of("ops@dest.test"))).put(PATH + "/aliases/team").then().statusCode(201);
        rest().body(Map.of("destinations", List.of(DEFERRED))).put(PATH + "/aliases/slow").then().statusCode(201);
        MessageHistory history = new MessageHistory(harness.server(), PATH);
        history.send("team@" + DOMAIN, "Counted", "<ops-counted@sender.test>");
        history.send("slow@" + DOMAIN, "Deferred", "<ops-deferred@sender.test>");
        harness.sink().awaitCopy("ops@dest.test", "Counted");
        String held = holdTheDeferredCopy();
        JsonPath report = Awaitility.await().atMost(WAIT).until(() -> rest().get(PATH + "/analytics").then().statusCode(200)
            .extract().jsonPath(), answer -> total(answer, "delivered") == 1 && total(answer, "forwarded") == 2);
        harness.signInAsOwner();

        // Analytics: the figures are the API's totals over the same default period (the last 24 hours).
        open("/domains/" + DOMAIN + "/analytics", "analytics");
        assertThat(total(report, "received")).isEqualTo(2);
        for (String series : List.of("received", "forwarded", "delivered")) {
            assertThat(shown("#analytics-figures [data-series='" + series + "'] dd")).as(series)
                .isEqualTo(String.valueOf(total(report, series)));
        }
        assertThat(browser.attribute(browser.findElement("#traffic-chart svg"), "aria-label")).hasValueSatisfying(label ->
            assertThat(label).contains("2 received"));
        assertThat(browser.findElements("#traffic-chart rect.bar")).isNotEmpty();
        // The figures and the chart, rather than the form above them, in the screenshots.
        browser.executeScript("document.getElementById('analytics-span').scrollIntoView();");
        check("analytics");

        // Queue: the held copy with its reason; cancelled from its row once confirmed, it is gone from the API's queue.
        open("/domains/" + DOMAIN + "/queue", "queue");
        String row = "tr[data-key='" + held + "']";
        assertThat(shown(row)).contains(DEFERRED, "held", "held by the domain's owner");
        check("queue");
        browser.click(browser.findElement(row + " button.danger"));
        browser.click(browser.waitFor("dialog[open] button.danger", WAIT));
        Awaitility.await().atMost(WAIT).until(() -> rest().get(PATH + "/queue?recipient=" + DEFERRED).then().statusCode(200)
            .extract().jsonPath().getList("items").isEmpty());
        harness.awaitScreen("queue");
        browser.waitFor("#main p.empty", WAIT);

        // Operator: connection protection as GET /smtpy/protection has it; no scanner is configured here.
        harness.signOut();
        harness.awaitScreen("signin");
        browser.click(browser.waitFor(".operator-signin summary", WAIT));
        browser.sendKeys(browser.waitFor("#operator-key", WAIT), OperatorKey.of(harness.server().dataDirectory()));
        browser.click(browser.findElement("#operator-signin-submit"));
        harness.awaitScreen("accounts");
        open("/operator", "operator");
        JsonPath protection = rest().get("/smtpy/protection").then().statusCode(200).extract().jsonPath();
        for (String counter : List.of("dnsblRefusedSessions", "dnsblErrors", "probesSlowed", "clientsRefused", "refusedClientReplies")) {
            assertThat(shown("#protection-counters [data-counter='" + counter + "'] dd")).as(counter)
                .isEqualTo(String.valueOf(protection.getLong("counters." + counter)));
        }
        assertThat(shown("#protection")).contains(protection.getInt("settings.probes.slowAfter") + " unknown recipients in "
            + protection.getInt("settings.probes.windowMinutes") + " min");
        assertThat(protection.getList("refused")).isEmpty();
        assertThat(shown("#protection")).contains("No client is refused now.");
        assertThat(shown("[data-scanner='spamd']")).contains("Not configured");
        check("operator");
        harness.signOut();
    }
}
