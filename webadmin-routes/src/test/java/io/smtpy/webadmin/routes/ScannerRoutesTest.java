package io.smtpy.webadmin.routes;

import static io.smtpy.webadmin.routes.RuleRoutesTest.as;
import static io.smtpy.webadmin.routes.RuleRoutesTest.keyWith;
import static io.smtpy.webadmin.routes.RuleRoutesTest.op;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;


/** {@code /smtpy/scanners} against a real WebAdmin server, over a scanner whose spamd does not listen and without clamd. */
class ScannerRoutesTest {
    private RoutesFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = RoutesFixture.served();
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    @Test
    void operatorShouldSeeTheScannersAsConfigured() {
        op().get("/smtpy/scanners").then().statusCode(200)
            .body("spamd.address", equalTo("127.0.0.1:" + RoutesFixture.CLOSED_PORT))
            .body("spamd.onFailure", equalTo("pass"))
            .body("spamd.failing", equalTo(false))
            .body("spamd.lastError", nullValue())
            .body("clamd", nullValue())
            .body("scanned", equalTo(0))
            .body("outboundSpamThreshold", equalTo(4.5f));
    }

    @Test
    void aPingShouldShowADaemonThatDoesNotAnswerAsFailingWithItsError() {
        op().get("/smtpy/scanners?ping=true").then().statusCode(200)
            .body("spamd.failing", equalTo(true))
            .body("spamd.lastError", containsString("connection refused"));
    }

    @Test
    void onlyTheOperatorShouldSeeThem() {
        as(keyWith("domains:read", "rules:read")).get("/smtpy/scanners").then().statusCode(403);
    }
}
