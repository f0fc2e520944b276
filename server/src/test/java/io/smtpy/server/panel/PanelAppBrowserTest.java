package io.smtpy.server.panel;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The panel as an installable phone app: used with the keyboard alone, in dark mode (and still passing axe's contrast
 * checks), opened offline from its service worker's cache (which never holds an API answer), with touch targets of
 * 44 px on a phone.
 */
@Timeout(180)
class PanelAppBrowserTest extends BrowserTestSupport {
    private static final String TAB = "\uE004";
    private static final String ENTER = "\uE007";

    @Test
    void aMemberShouldSignInAndMoveAroundWithTheKeyboardAlone() {
        harness.signOut();
        harness.awaitScreen("signin");

        // Tab from the top of the page reaches the address field, then the password; Enter submits.
        tabUntilFocused("signin-email", 6);
        browser.pressKeys(PanelHarness.OWNER_EMAIL + TAB);
        assertThat(focusedId()).isEqualTo("signin-password");
        browser.pressKeys(PanelHarness.OWNER_PASSWORD + ENTER);
        harness.awaitScreen("domains");

        // The navigation is reachable and followed with Enter.
        for (int presses = 0; presses < 30 && !focusedText().equals("Team"); presses++) {
            browser.pressKeys(TAB);
        }
        assertThat(focusedText()).isEqualTo("Team");
        browser.pressKeys(ENTER);
        harness.awaitScreen("members");
    }

    @Test
    void darkModeShouldFollowTheSystemAndKeepItsContrast() throws Exception {
        harness.signInAsOwner();
        browser.devTools("Emulation.setEmulatedMedia", Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", "dark"))));
        try {
            browser.navigate(harness.panelUrl() + "#/domains");
            harness.awaitScreen("domains");
            assertThat(browser.executeScript("return getComputedStyle(document.body).backgroundColor;").asText()).isEqualTo("rgb(11, 17, 32)");
            checks.capture("dark-domains");
            checks.axe("dark-domains");
            harness.signOut();
            harness.awaitScreen("signin");
            checks.capture("dark-signin");
            checks.axe("dark-signin");
        } finally {
            browser.devTools("Emulation.setEmulatedMedia", Map.of("features", List.of()));
        }
    }

    @Test
    void theShellShouldOpenOfflineFromTheServiceWorkerWhichNeverKeepsAnApiAnswer() throws Exception {
        harness.signInAsOwner();
        JsonNode ready = browser.executeAsyncScript(Duration.ofSeconds(20), "const done = arguments[arguments.length - 1];"
            + "navigator.serviceWorker.ready.then(registration => done(registration.active ? registration.active.state : 'none'));");
        assertThat(ready.asText()).isIn("activated", "activating");
        // Reloaded under the worker's control, so it sees the page's requests.
        browser.navigate(harness.panelUrl() + "#/domains");
        harness.awaitScreen("domains");
        JsonNode cached = browser.executeAsyncScript(Duration.ofSeconds(20), "const done = arguments[arguments.length - 1];"
            + "caches.keys().then(names => Promise.all(names.map(name => caches.open(name).then(cache => cache.keys()))))"
            + ".then(lists => done(lists.flat().map(request => new URL(request.url).pathname)));");
        assertThat(cached.toString()).contains("/smtpy/panel/app.js", "/smtpy/panel/index.html");
        cached.forEach(path -> assertThat(path.asText()).as("cached by the service worker").startsWith("/smtpy/panel/"));

        browser.devTools("Network.enable", Map.of());
        browser.devTools("Network.emulateNetworkConditions", Map.of("offline", true, "latency", 0, "downloadThroughput", -1,
            "uploadThroughput", -1));
        try {
            browser.executeScript("location.reload();");
            harness.awaitScreen("offline");
            checks.capture("offline");
        } finally {
            browser.devTools("Network.emulateNetworkConditions", Map.of("offline", false, "latency", 0, "downloadThroughput", -1,
                "uploadThroughput", -1));
        }
        browser.executeScript("location.reload();");
        harness.awaitScreen("domains");
    }

    @Test
    void everyControlShouldBeAtLeast44PixelsHighOnAPhone() {
        JsonNode before = browser.executeScript("return [window.innerWidth, window.innerHeight];");
        try {
            browser.setViewportSize(390, 844);
            harness.signOut();
            harness.awaitScreen("signin");
            assertThat(smallControls()).as("controls under 44 px on the sign-in screen").isEmpty();
            harness.signInAsOwner();
            for (String screen : List.of("members", "keys", "audit", "profile", "guide", "domains")) {
                browser.navigate(harness.panelUrl() + "#/" + screen);
                harness.awaitScreen(screen);
                assertThat(smallControls()).as("controls under 44 px on " + screen).isEmpty();
            }
        } finally {
            browser.setViewportSize(before.get(0).asInt(), before.get(1).asInt());
        }
    }

    /** Visible buttons, fields, menus and navigation links lower than 44 px (inline links in text are exempt). */
    private static List<String> smallControls() {
        JsonNode found = browser.executeScript("return [...document.querySelectorAll("
            + "'button, select, input:not([type=checkbox]):not([type=radio]):not([type=hidden]), a.button, #nav a, .tabs a, summary')]"
            + ".filter(e => { const box = e.getBoundingClientRect(); return box.width > 0 && box.height > 0 && box.height < 43.5; })"
            + ".map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + ' \"' + e.textContent.trim().slice(0, 30) + '\" '"
            + " + Math.round(e.getBoundingClientRect().height) + 'px');");
        List<String> small = new java.util.ArrayList<>();
        found.forEach(entry -> small.add(entry.asText()));
        return small;
    }

    private static void tabUntilFocused(String id, int atMost) {
        for (int presses = 0; presses < atMost && !focusedId().equals(id); presses++) {
            browser.pressKeys(TAB);
        }
        assertThat(focusedId()).as("focused after pressing Tab").isEqualTo(id);
    }

    private static String focusedId() {
        return browser.executeScript("return document.activeElement ? document.activeElement.id : '';").asText();
    }

    private static String focusedText() {
        return browser.executeScript("return document.activeElement ? document.activeElement.textContent.trim() : '';").asText();
    }
}
