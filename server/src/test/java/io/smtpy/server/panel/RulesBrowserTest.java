package io.smtpy.server.panel;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import io.smtpy.server.testing.MessageHistory;

/**
 * The rules, block/allow and quarantine screens of the panel in headless Chromium, against the embedded server with
 * real mail over SMTP: a rule made on the rules screen is what the API then stores, and its test tool traces it; a mail
 * it holds is listed and previewed on the quarantine screen, and released from there reaches its destination; an entry
 * added on the lists screen is what the API then lists. Each screen passes axe-core and fits 360 px.
 */
@Timeout(180)
class RulesBrowserTest extends BrowserTestSupport {
    private static final String DOMAIN = "rules.test";
    private static final String PATH = "/smtpy/domains/" + DOMAIN;
    private static final String RULE = "hold pineapples";
    private static final String SUBJECT = "A pineapple for the team";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @BeforeAll
    static void signInWithADomainAndAnAlias() throws Exception {
        rest().put(PATH + "?account=" + harness.accountId()).then().statusCode(201);
        rest().body(Map.of("destinations", List.of("jane@dest.test"))).put(PATH + "/aliases/team").then().statusCode(201);
        harness.signInAsOwner();
    }

    private static RequestSpecification rest() {
        return given().spec(harness.api());
    }

    private static void open(String screen) {
        browser.executeScript("document.getElementById('main').dataset.ready = 'false';");
        browser.navigate(harness.panelUrl() + "#/domains/" + DOMAIN + "/" + screen);
        harness.awaitScreen(screen);
    }

    private static void check(String name) throws IOException {
        checks.capture(name);
        checks.axe(name);
        checks.noHorizontalOverflow(name);
    }

    @Test
    void aRuleMadeOnTheScreenShouldHoldMailThatTheQuarantineScreenReleasesAndAListEntryShouldBeStored() throws Exception {
        open("rules");
        browser.sendKeys(browser.waitFor("#rule-name", WAIT), RULE);
        browser.sendKeys(browser.findElement("#rule-conditions .condition-value"), "pineapple");
        browser.click(browser.findElement("#rule-form-submit"));
        browser.waitFor("#rules-list tr[data-key='" + RULE + "']", WAIT);
        JsonPath rules = rest().get(PATH + "/rules").then().statusCode(200).extract().jsonPath();
        assertThat(rules.getList("rules.name")).containsExactly(RULE);
        assertThat(rules.getMap("rules[0].conditions.all[0]")).isEqualTo(Map.of("field", "subject", "op", "contains", "value", "pineapple"));
        assertThat(rules.getList("rules[0].actions.type")).containsExactly("quarantine");

        browser.executeScript("document.getElementById('test-recipient').value = 'team@" + DOMAIN + "';"
            + "document.getElementById('test-message').value = 'Subject: Pineapple pie\\n\\nHello\\n';");
        browser.click(browser.findElement("#rules-test-submit"));
        WebDriverClient.Element step = browser.waitFor("#rules-trace .trace-step.matched[data-rule='" + RULE + "']", WAIT);
        assertThat(browser.text(step)).contains("subject contains \"pineapple\"");
        assertThat(browser.text(browser.findElement("#rules-trace h3"))).contains("quarantine", RULE);
        check("rules");

        new MessageHistory(harness.server(), PATH).send("team@" + DOMAIN, SUBJECT, "<pineapple@sender.test>");
        Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(200))
            .until(() -> rest().get(PATH + "/quarantine").then().statusCode(200).extract().jsonPath().getInt("total") == 1);
        String id = rest().get(PATH + "/quarantine").then().extract().path("items[0].id");

        open("quarantine");
        WebDriverClient.Element row = browser.waitFor("#quarantine-list tr[data-key='" + id + "']", WAIT);
        assertThat(browser.text(row)).contains(SUBJECT, "ann@sender.test", "team@" + DOMAIN, RULE);
        browser.click(browser.findElement("#quarantine-list tr[data-key='" + id + "'] button[aria-label^='Preview']"));
        assertThat(browser.text(browser.waitFor("#quarantine-preview .preview-text", WAIT))).contains("hello");
        check("quarantine");

        browser.click(browser.findElement("#release-" + id));
        browser.click(browser.waitFor("dialog[open] button.primary", WAIT));
        harness.sink().awaitCopy("jane@dest.test", SUBJECT);
        assertThat(rest().get(PATH + "/quarantine/" + id).then().statusCode(200).extract().<String>path("state")).isEqualTo("released");

        open("lists");
        browser.sendKeys(browser.waitFor("#list-add-value", WAIT), "spammer@bad.test");
        browser.sendKeys(browser.findElement("#list-add-note"), "sends pineapples");
        browser.click(browser.findElement("#list-add-submit"));
        browser.waitFor("#list-entries tr[data-key='spammer@bad.test']", WAIT);
        JsonPath entries = rest().get(PATH + "/lists").then().statusCode(200).extract().jsonPath();
        assertThat(entries.getList("value")).containsExactly("spammer@bad.test");
        assertThat(entries.getString("[0].type")).isEqualTo("block");
        assertThat(entries.getString("[0].action")).isEqualTo("reject");
        assertThat(entries.getString("[0].note")).isEqualTo("sends pineapples");
        check("lists");
    }
}
