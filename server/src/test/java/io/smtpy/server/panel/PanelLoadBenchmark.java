package io.smtpy.server.panel;

import static io.restassured.RestAssured.given;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The bench of the panel's load (bench/run.sh --panel-only; not a test: surefire runs it only when named): how long
 * a cold load takes on loopback until the first screen is usable (the panel's {@code smtpy-ready} performance mark,
 * set when a screen is shown), with the browser's cache and the service worker bypassed, for the sign-in screen and
 * for a signed-in owner's domain list of 20 domains. Prints median and p95 and writes them to {@code bench.panel.out}.
 */
class PanelLoadBenchmark extends BrowserTestSupport {
    @Test
    void coldLoadsUntilTheFirstScreenIsUsable() throws Exception {
        int loads = Integer.getInteger("bench.panel.loads", 30);
        for (int index = 0; index < 20; index++) {
            given().spec(harness.api()).put("/smtpy/domains/load" + index + ".test?account=" + harness.accountId());
        }
        browser.devTools("Network.enable", Map.of());
        browser.devTools("Network.setCacheDisabled", Map.of("cacheDisabled", true));
        browser.devTools("Network.setBypassServiceWorker", Map.of("bypass", true));
        harness.signOut();
        harness.awaitScreen("signin");
        List<Double> signIn = measure("signin", loads);
        harness.signInAsOwner();
        List<Double> domains = measure("domains", loads);
        String report = "| first screen (cold load, no cache, no service worker) | loads | median ms | p95 ms | max ms |\n"
            + "|---|---|---|---|---|\n"
            + row("sign-in", signIn) + row("domains (signed in, 20 domains)", domains);
        System.out.println(report);
        String out = System.getProperty("bench.panel.out");
        if (out != null) {
            Files.writeString(Path.of(out), report, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        }
    }

    private static List<Double> measure(String screen, int loads) {
        List<Double> times = new ArrayList<>();
        for (int index = 0; index < loads; index++) {
            browser.executeScript("document.getElementById('main').dataset.ready = 'false'; location.reload();");
            harness.awaitScreen(screen);
            times.add(browser.executeScript("return performance.getEntriesByName('smtpy-ready')[0].startTime;").asDouble());
        }
        Collections.sort(times);
        return times;
    }

    private static String row(String label, List<Double> sorted) {
        return String.format("| %s | %d | %.0f | %.0f | %.0f |%n", label, sorted.size(), sorted.get(sorted.size() / 2),
            sorted.get((int) Math.ceil(sorted.size() * 0.95) - 1), sorted.get(sorted.size() - 1));
    }
}
