package io.smtpy.webadmin.routes;

import static io.smtpy.webadmin.routes.RuleRoutesTest.as;
import static io.smtpy.webadmin.routes.RuleRoutesTest.keyWith;
import static io.smtpy.webadmin.routes.RuleRoutesTest.op;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code /smtpy/source-pools} against a real WebAdmin server, over the fixture's pools ({@link RoutesFixture#POOLS}). */
class SourcePoolRoutesTest {
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
    void operatorShouldSeeThePoolsAsConfigured() {
        op().get("/smtpy/source-pools").then().statusCode(200)
            .body("pools.name", contains("premium", "shared"))
            .body("pools[0].addresses.address", contains("192.0.2.10"))
            .body("pools[0].addresses.queue", contains("outgoing-premium-1"))
            .body("pools[0].domains", contains("vip.example"))
            .body("pools[0].classes", contains("high"))
            .body("pools[1].addresses.address", contains("192.0.2.20", "192.0.2.21"))
            .body("default", equalTo("shared"));
    }

    @Test
    void onlyTheOperatorShouldSeeThem() {
        as(keyWith("domains:read", "domains:write")).get("/smtpy/source-pools").then().statusCode(403);
    }
}
