package io.smtpy.server.panel;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;

/**
 * What every panel browser test shares: the JVM's one {@link PanelHarness} (server, sink, DNS, browser, an owner), its
 * browser, and the screen checks. Tagged {@code browser}: these tests run in a test JVM of their own (server/pom.xml).
 */
@Tag("browser")
abstract class BrowserTestSupport {
    static PanelHarness harness;
    static WebDriverClient browser;
    static PanelChecks checks;

    @BeforeAll
    static void joinTheSharedPanelHarness() throws Exception {
        harness = PanelHarness.shared();
        browser = harness.browser();
        checks = new PanelChecks(browser);
    }
}
