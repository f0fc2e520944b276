package io.smtpy.server.panel;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import com.fasterxml.jackson.databind.JsonNode;

import io.smtpy.server.testing.OperatorKey;

/**
 * The account screens in headless Chromium against the embedded server, each through its own UI: the owner adds a
 * read-only member with a password and invites another, who accepts the mailed token on the invitation screen; an API
 * key made on the keys screen works against the API until it is revoked there; the audit screen lists those changes,
 * finds its chain intact and shows the revoked key's refused use; the profile marks the current session; the guide filters as you type; the operator
 * signs in with the operator key and sees every account. Each screen is captured, checked by axe and at 360 px.
 */
@Timeout(180)
class TeamBrowserTest extends BrowserTestSupport {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Pattern MAILED_TOKEN = Pattern.compile("single use\\):\\s+(\\S+)");

    private static void open(String route, String screen) {
        browser.navigate(harness.panelUrl() + "#" + route);
        harness.awaitScreen(screen);
    }

    private static void type(String css, String text) {
        WebDriverClient.Element field = browser.waitFor(css, PanelHarness.SCREEN_TIMEOUT);
        browser.clear(field);
        browser.sendKeys(field, text);
    }

    private static void choose(String css, String value) {
        browser.executeScript("const select = document.querySelector(arguments[0]); select.value = arguments[1];"
            + "select.dispatchEvent(new Event('change', {bubbles: true}));", css, value);
    }

    private static void click(String css) {
        browser.click(browser.waitFor(css, PanelHarness.SCREEN_TIMEOUT));
    }

    private static JsonNode script(String code, Object... arguments) {
        return browser.executeScript(code, arguments);
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }

    private static void checkScreen(String name) throws Exception {
        checks.capture(name);
        checks.axe(name);
        checks.noHorizontalOverflow(name);
    }

    /** The member's role in the harness's account, as the API tells the operator. */
    private static List<String> rolesOf(String email) {
        return given().spec(harness.api()).get("/smtpy/accounts/" + harness.accountId() + "/members")
            .then().statusCode(200).extract().path("items.findAll { it.email == '" + email + "' }.role");
    }

    private static int statusWithKey(String secret) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(harness.origin() + "/smtpy/me"))
            .header("Authorization", "Bearer " + secret).GET().build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    @Test
    void theOwnerManagesTheTeamAndKeysThroughThePanelAndTheAuditLogShowsIt() throws Exception {
        harness.signInAsOwner();
        String suffix = Long.toString(System.nanoTime(), 36);
        String reader = "reader-" + suffix + "@panel.test";
        String invitee = "invitee-" + suffix + "@panel.test";

        // The team: a read-only member with a password, listed with that role.
        open("/members", "members");
        type("#add-member-email", reader);
        type("#add-member-password", "a long reader password");
        choose("#add-member-role", "read-only");
        click("#add-member-submit");
        browser.waitFor("tr[data-key='" + reader + "'] select.member-role", PanelHarness.SCREEN_TIMEOUT);
        assertThat(script("return document.querySelector(\"tr[data-key='\" + arguments[0] + \"'] select.member-role\").value;", reader)
            .asText()).isEqualTo("read-only");
        assertThat(rolesOf(reader)).containsExactly("read-only");
        // A role changed in the list is changed at once.
        String roleSelect = "tr[data-key='" + reader + "'] select.member-role";
        script("window.shownBefore = document.querySelector(arguments[0]);", roleSelect);
        choose(roleSelect, "member");
        // The list is drawn again from the API once the change is made.
        Awaitility.await().atMost(PanelHarness.SCREEN_TIMEOUT).until(() -> script(
            "const select = document.querySelector(arguments[0]);"
                + "return document.getElementById('main').dataset.ready === 'true' && select !== null && select !== window.shownBefore"
                + " && select.value;", roleSelect).asText(), "member"::equals);
        assertThat(rolesOf(reader)).containsExactly("member");

        // An invitation: listed as pending, its mailed token accepted on the invitation screen.
        type("#add-member-email", invitee);
        click("#add-member-submit");
        browser.waitFor("tr[data-key='" + invitee + "']", PanelHarness.SCREEN_TIMEOUT);
        checkScreen("team-members");
        String mail = harness.sink().awaitCopy(invitee, "You are invited to Panel test on smtpy").message();
        Matcher token = MAILED_TOKEN.matcher(mail);
        assertThat(token.find()).as(mail).isTrue();
        open("/invitation?token=" + URLEncoder.encode(token.group(1), StandardCharsets.UTF_8), "invitation");
        checkScreen("team-invitation");
        type("#invitation-password", "a long invitee password");
        click("#accept-invitation-submit");
        assertThat(browser.text(browser.waitFor("#invitation-result .notice", PanelHarness.SCREEN_TIMEOUT))).contains("You joined as member");
        // The invitee signs in with the password they chose, in their narrower role: the account's domains, but no
        // form to add one (domains:write is not theirs), and the team is not theirs to manage.
        assertThat(harness.signIn(invitee, "a long invitee password")).isEqualTo("domains");
        assertThat(browser.findElements("#add-domain-name")).isEmpty();
        JsonNode inviteeAccount = browser.executeAsyncScript(java.time.Duration.ofSeconds(20),
            "const done = arguments[arguments.length - 1];"
                + "fetch('/smtpy/me').then(r => r.json()).then(me => done(me.accounts[0]));");
        assertThat(inviteeAccount.path("role").asText()).isEqualTo("member");
        assertThat(strings(inviteeAccount.path("permissions"))).contains("aliases:write").doesNotContain("domains:write", "members:manage");
        open("/members", "members");
        assertThat(browser.findElements("#add-member-email")).isEmpty();
        harness.signInAsOwner();

        // An API key: its secret shown once works against the API, until the key is revoked on the same screen.
        open("/keys", "keys");
        String keyName = "panel script " + suffix;
        type("#key-name", keyName);
        choose("#key-preset", "read-only");
        click("#create-key-submit");
        String secret = browser.text(browser.waitFor("dialog[open] #secret-value", PanelHarness.SCREEN_TIMEOUT)).strip();
        assertThat(secret).startsWith("smtpy_");
        script("document.querySelector('dialog[open] .form-actions button.primary').click();");
        browser.waitFor("tr[data-key='" + keyName + "']", PanelHarness.SCREEN_TIMEOUT);
        assertThat(statusWithKey(secret)).isEqualTo(200);
        checkScreen("team-keys");
        click("button[aria-label='Revoke " + keyName + "']");
        click("dialog[open] button.danger");
        browser.waitFor("details.revoked", PanelHarness.SCREEN_TIMEOUT);
        assertThat(statusWithKey(secret)).isEqualTo(401);

        // The audit log: those changes, newest first, and an intact chain.
        open("/audit", "audit");
        List<String> actions = strings(script("return [...document.querySelectorAll('.audit-entry')].map(entry => entry.dataset.action);"));
        assertThat(actions).contains("member.add", "member.update", "invitation.accept", "key.create", "key.revoke");
        assertThat(actions.indexOf("key.revoke")).isLessThan(actions.indexOf("key.create"));
        click("#audit-verify");
        WebDriverClient.Element verdict = browser.waitFor("#audit-verdict [data-valid]", PanelHarness.SCREEN_TIMEOUT);
        assertThat(browser.attribute(verdict, "data-valid")).hasValue("true");
        assertThat(browser.text(verdict)).startsWith("Intact");
        // The refused use of the revoked key is among the failed attempts.
        assertThat(browser.text(browser.findElement("#failed-attempts"))).contains("revoked key");
        checkScreen("team-audit");

        // The profile: the session of this browser, marked.
        open("/profile", "profile");
        assertThat(script("return [...document.querySelectorAll('#main tr')].filter(row => row.textContent.includes('this one')).length;")
            .asInt()).isEqualTo(1);
        assertThat(browser.findElements("#end-current-session")).hasSize(1);
        checkScreen("team-profile");

        // The guide: a query preselects, typing filters.
        open("/guide?q=dmarc", "guide");
        assertThat(script("return document.querySelector('.guide-section').dataset.section;").asText()).isEqualTo("dmarc");
        int all = script("return document.querySelectorAll('.guide-toc li').length;").asInt();
        type("#guide-search", "csv");
        List<String> shown = strings(script("return [...document.querySelectorAll('.guide-section')].map(section => section.dataset.section);"));
        assertThat(shown).contains("import").hasSizeLessThan(all);
        checkScreen("team-guide");
    }

    @Test
    void theOperatorSignsInWithTheOperatorKeyAndSeesEveryAccount() throws Exception {
        harness.signOut();
        harness.awaitScreen("signin");
        click(".operator-signin summary");
        type("#operator-key", OperatorKey.of(harness.server().dataDirectory()));
        click("#operator-signin-submit");
        harness.awaitScreen("accounts");
        String table = browser.text(browser.findElement("#main table"));
        assertThat(table).contains("Panel test");
        assertThat(browser.cookie("smtpy_session")).hasValueSatisfying(cookie -> {
            assertThat(cookie.path("httpOnly").asBoolean()).isTrue();
            assertThat(cookie.path("value").asText()).startsWith("smtpyos_")
                .doesNotContain(OperatorKey.of(harness.server().dataDirectory()));
        });
        checkScreen("team-accounts");

        // Opening an account acts in it: its team is shown.
        click("button[aria-label='Open Panel test']");
        harness.awaitScreen("members");
        assertThat(browser.text(browser.findElement("#main"))).contains(PanelHarness.OWNER_EMAIL);
        harness.signOut();
    }
}
