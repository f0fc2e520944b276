package io.smtpy.server.panel;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The aliases and routing screens in headless Chromium against the embedded server: what a member does through the
 * forms (create an alias, bulk-disable two, import a CSV with a bad line, turn the catch-all on, add a regex alias) is
 * what the API then answers, the import's refused line is shown with its line number, and both screens, with data in
 * them, pass axe-core and fit a 360 px phone.
 */
@Timeout(120)
class AliasesBrowserTest extends BrowserTestSupport {
    private static final String DOMAIN = "aliases.panel.test";

    @BeforeAll
    static void signInWithADomain() throws Exception {
        given().spec(harness.api()).queryParam("account", harness.accountId()).body(Map.of())
            .put("/smtpy/domains/" + DOMAIN).then().statusCode(201);
        for (String localPart : List.of("bulk1", "bulk2", "bulk3")) {
            given().spec(harness.api()).body(Map.of("destinations", List.of(localPart + "@dest.example"), "tags", List.of("seeded")))
                .put(aliasPath(localPart)).then().statusCode(201);
        }
        harness.signInAsOwner();
    }

    private static String aliasPath(String localPart) {
        return "/smtpy/domains/" + DOMAIN + "/aliases/" + localPart;
    }

    private static void open(String screen) {
        browser.navigate(harness.panelUrl() + "#/domains/" + DOMAIN + "/" + screen);
        harness.awaitScreen(screen);
    }

    private static void type(String css, String text) {
        WebDriverClient.Element input = browser.findElement(css);
        browser.clear(input);
        browser.sendKeys(input, text);
    }

    /** Screenshots with the element at the top at each size (a resize keeps the scroll offset, not what it showed). */
    private static void captureAt(String name, String css) throws Exception {
        String keep = "window.keepInView = () => document.querySelector(arguments[0]).scrollIntoView();"
            + "window.addEventListener('resize', window.keepInView); window.keepInView();";
        browser.executeScript(keep, css);
        try {
            checks.capture(name);
        } finally {
            browser.executeScript("window.removeEventListener('resize', window.keepInView); delete window.keepInView;");
        }
    }

    @Test
    void anAliasCreatedThroughTheFormShouldBeListedAndResolveAndTwoShouldBeDisabledInBulk() throws Exception {
        open("aliases");

        type("#create-localPart", "sales");
        type("#create-destinations", "jane@dest.example, ops@dest.example");
        type("#create-tags", "team");
        browser.click(browser.findElement("#create-alias-submit"));
        browser.waitFor("#alias-list tr[data-key='sales']", PanelHarness.SCREEN_TIMEOUT);

        given().spec(harness.api()).get("/smtpy/domains/" + DOMAIN + "/resolve/sales").then().statusCode(200)
            .body("outcome", equalTo("exact")).body("destinations", contains("jane@dest.example", "ops@dest.example"));

        browser.click(browser.findElement("#alias-list tr[data-key='bulk1'] td.pick input"));
        browser.click(browser.findElement("#alias-list tr[data-key='bulk2'] td.pick input"));
        assertThat(browser.text(browser.findElement("#bulk-count"))).isEqualTo("2 selected");
        browser.click(browser.findElement("#bulk-disable"));
        browser.waitFor("#alias-list tr[data-key='bulk2'] [data-state='disabled']", PanelHarness.SCREEN_TIMEOUT);

        for (String localPart : List.of("bulk1", "bulk2")) {
            given().spec(harness.api()).get(aliasPath(localPart)).then().statusCode(200).body("enabled", equalTo(false));
        }
        given().spec(harness.api()).get(aliasPath("bulk3")).then().statusCode(200).body("enabled", equalTo(true));
        assertThat(browser.findElements("#alias-list tr[data-key='bulk1'] [data-state='disabled']")).hasSize(1);

        // Edited in its dialog: the PATCH changes only what the form shows.
        browser.click(browser.findElement("#alias-list tr[data-key='bulk3'] button[aria-label='Edit bulk3@" + DOMAIN + "']"));
        type("#edit-description", "Edited in the panel");
        browser.click(browser.findElement("#edit-alias-form-submit"));
        browser.waitFor("#alias-list tr[data-key='bulk3'] .description", PanelHarness.SCREEN_TIMEOUT);
        given().spec(harness.api()).get(aliasPath("bulk3")).then().statusCode(200)
            .body("description", equalTo("Edited in the panel")).body("destinations", contains("bulk3@dest.example"))
            .body("tags", contains("seeded")).body("enabled", equalTo(true));

        // The export link downloads with the session cookie, as a plain link does.
        JsonNode export = browser.executeAsyncScript(Duration.ofSeconds(10),
            "const done = arguments[arguments.length - 1];"
                + "fetch(document.querySelector('#export-csv').href).then(r => r.text().then(text => done({status: r.status, text})));");
        assertThat(export.path("status").asInt()).isEqualTo(200);
        assertThat(export.path("text").asText()).startsWith("localPart,destinations,").contains("\r\nbulk1,bulk1@dest.example,,seeded,false,");

        // A tag chip filters the list to that tag.
        browser.click(browser.findElement("#alias-list tr[data-key='sales'] .chip[data-tag='team']"));
        browser.waitFor("#clear-tag", PanelHarness.SCREEN_TIMEOUT);
        assertThat(browser.findElements("#alias-list tbody tr")).hasSize(1);
        browser.click(browser.findElement("#clear-tag"));
        browser.waitFor("#alias-list tr[data-key='bulk3']", PanelHarness.SCREEN_TIMEOUT);

        captureAt("aliases", "#alias-filters");
        checks.axe("aliases");
        checks.noHorizontalOverflow("aliases");
    }

    @Test
    void aCsvWithOneBadLineShouldShowThatLineAndWriteTheTwoGoodOnes() throws Exception {
        open("aliases");

        type("#import-csv", "localPart,destinations\nimported1,one@dest.example\nimported2,not-an-address\nimported3,three@dest.example\n");
        browser.click(browser.findElement("#import-submit"));
        WebDriverClient.Element report = browser.waitFor("#import-report", PanelHarness.SCREEN_TIMEOUT);

        String shown = browser.text(report);
        assertThat(shown).contains("3 lines read, 2 valid", "2 created", "1 line refused");
        assertThat(browser.text(browser.findElement("#import-report tr[data-key='3']")))
            .contains("destinations", "'not-an-address' is not a valid mail address");
        given().spec(harness.api()).queryParam("q", "imported").get("/smtpy/domains/" + DOMAIN + "/aliases").then().statusCode(200)
            .body("aliases.localPart", contains("imported1", "imported3"));
        browser.waitFor("#alias-list tr[data-key='imported3']", PanelHarness.SCREEN_TIMEOUT);

        captureAt("aliases-import", "#import-report");
    }

    @Test
    void theCatchAllAndARegexAliasSetOnTheRoutingScreenShouldBeWhatTheApiAnswers() throws Exception {
        open("routing");

        type("#catch-all-destinations", "everything@dest.example");
        browser.click(browser.findElement("#add-exception"));
        type("#catch-all-exceptions li[data-index='0'] input", "noreply-*");
        browser.click(browser.findElement("#catch-all-form-submit"));
        browser.waitFor("#catch-all-off", PanelHarness.SCREEN_TIMEOUT);

        given().spec(harness.api()).get("/smtpy/domains/" + DOMAIN + "/catch-all").then().statusCode(200)
            .body("destinations", contains("everything@dest.example"))
            .body("exceptions.pattern", contains("noreply-*")).body("exceptions.action", contains("reject"));
        given().spec(harness.api()).get("/smtpy/domains/" + DOMAIN + "/resolve/anything").then().statusCode(200)
            .body("outcome", equalTo("catch-all"));

        type("#regex-add-pattern", "^shop-(.+)$");
        type("#regex-add-destinations", "me+$1@dest.example");
        browser.click(browser.findElement("#regex-add-form-submit"));
        browser.waitFor("#regex-list li[data-pattern='^shop-(.+)$']", PanelHarness.SCREEN_TIMEOUT);
        given().spec(harness.api()).get("/smtpy/domains/" + DOMAIN + "/resolve/shop-books").then().statusCode(200)
            .body("outcome", equalTo("regex")).body("destinations", contains("me+books@dest.example"));

        browser.click(browser.findElement("#regex-list li[data-index='0'] button[aria-label='Edit ^shop-(.+)$']"));
        type("#regex-edit-destinations", "shop+$1@dest.example");
        browser.click(browser.findElement("#regex-edit-form-submit"));
        browser.waitFor("#regex-list li[data-index='0'][data-destinations='shop+$1@dest.example']", PanelHarness.SCREEN_TIMEOUT);
        given().spec(harness.api()).get("/smtpy/domains/" + DOMAIN + "/regex-aliases").then().statusCode(200)
            .body("destinations[0]", contains("shop+$1@dest.example"));

        checks.capture("routing");
        checks.axe("routing");
        checks.noHorizontalOverflow("routing");
    }
}
