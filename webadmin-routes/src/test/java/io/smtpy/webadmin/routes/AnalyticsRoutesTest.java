package io.smtpy.webadmin.routes;

import static io.smtpy.webadmin.routes.RuleRoutesTest.as;
import static io.smtpy.webadmin.routes.RuleRoutesTest.keyWith;
import static io.smtpy.webadmin.routes.RuleRoutesTest.op;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.restassured.RestAssured;
import io.smtpy.core.events.MailEvent;
import io.smtpy.core.events.MailEventType;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.LocalPart;

class AnalyticsRoutesTest {
    private static final String ANALYTICS = "/smtpy/domains/example.com/analytics";
    private static final DomainName EXAMPLE = DomainName.of("example.com");
    /** The fixture's clock reads 12:00; this is the current hour, the last of the default series. */
    private static final Instant NOW = RoutesFixture.NOW;

    private RoutesFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = RoutesFixture.served();
        op().put("/smtpy/domains/example.com").then().statusCode(201);
    }

    @AfterEach
    void tearDown() {
        fixture.close();
        RestAssured.reset();
    }

    private void record(MailEventType type, String alias, Instant at) {
        fixture.rollups.onEvent(MailEvent.builder(EXAMPLE, type, at).alias(LocalPart.of(alias)).sender("ann@shop.example")
            .recipients(List.of("me@dest.example")).mailId("Mail-" + alias).build());
    }

    @Test
    void defaultsShouldBeTheLast24HoursWithZeroFilledSeries() {
        record(MailEventType.RECEIVED, "sales", NOW.plusSeconds(10));
        record(MailEventType.FORWARDED, "sales", NOW.plusSeconds(10));
        record(MailEventType.DELIVERED, "sales", NOW.plusSeconds(11));
        record(MailEventType.RECEIVED, "info", NOW.minus(Duration.ofHours(3)));

        op().get(ANALYTICS)
        .then()
            .statusCode(200)
            .body("domain", equalTo("example.com"))
            .body("alias", nullValue())
            .body("interval", equalTo("hour"))
            .body("from", equalTo("2026-02-28T13:00:00Z"))
            .body("to", equalTo("2026-03-01T13:00:00Z"))
            .body("buckets", hasSize(24))
            .body("buckets[23]", equalTo("2026-03-01T12:00:00Z"))
            .body("series.keySet()", contains("received", "forwarded", "delivered", "deferred", "bounced", "rejected",
                "dropped", "quarantined", "unscanned", "spam", "virus", "opened", "clicked"))
            .body("series.values()", everyItem(hasSize(24)))
            .body("series.received[23]", equalTo(1))
            .body("series.received[20]", equalTo(1))
            .body("series.received[0]", equalTo(0))
            .body("series.delivered[23]", equalTo(1))
            // 1 s from received to delivered, shown as the upper bound of its histogram bin (1.25^31 ms).
            .body("latencyMs.p50", equalTo(1010))
            .body("latencyMs.p99", equalTo(1010))
            .body("top.senders[0].value", equalTo("ann@shop.example"))
            .body("top.senders[0].count", equalTo(2))
            .body("top.aliases.value", contains("info", "sales"))
            .body("top.destinations.value", contains("me@dest.example"));
    }

    @Test
    void dayIntervalAndAliasFilterShouldNarrowTheReport() {
        record(MailEventType.RECEIVED, "sales", NOW);
        record(MailEventType.RECEIVED, "sales", NOW.minus(Duration.ofHours(11)));
        record(MailEventType.RECEIVED, "info", NOW);

        op().queryParam("interval", "day").queryParam("alias", "Sales")
            .queryParam("from", "2026-02-27T00:00:00Z").queryParam("to", "2026-03-02T00:00:00Z")
            .get(ANALYTICS)
        .then()
            .statusCode(200)
            .body("alias", equalTo("sales"))
            .body("interval", equalTo("day"))
            .body("buckets", contains("2026-02-27T00:00:00Z", "2026-02-28T00:00:00Z", "2026-03-01T00:00:00Z"))
            .body("series.received", contains(0, 0, 2))
            .body("latencyMs.p50", nullValue())
            .body("top.aliases.value", contains("sales"));
    }

    @Test
    void rejectionsAndBouncesShouldBeGroupedByReasonAndClass() {
        fixture.rollups.onEvent(MailEvent.builder(EXAMPLE, MailEventType.REJECTED, NOW).smtpCode(550).enhancedStatus("5.1.1")
            .detail("unknown alias").build());
        fixture.rollups.onEvent(MailEvent.builder(EXAMPLE, MailEventType.BOUNCED, NOW).smtpCode(550).enhancedStatus("5.2.2")
            .detail("mailbox full").build());

        op().get(ANALYTICS)
        .then()
            .statusCode(200)
            .body("rejectedByReason.unknown-user", equalTo(1))
            .body("bouncedByClass.mailbox", equalTo(1))
            .body("top.senders", empty());
    }

    @Test
    void flushedAndPendingCountsShouldBothBeShown() {
        record(MailEventType.RECEIVED, "sales", NOW);
        fixture.rollups.flush();
        record(MailEventType.RECEIVED, "sales", NOW);

        op().get(ANALYTICS).then().statusCode(200).body("series.received[23]", equalTo(2));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "interval|week|Invalid interval: 'week' is not an interval (known: hour, day)",
        "from|yesterday|Invalid from: 'from' must be an ISO-8601 instant such as 2026-12-04T10:00:00Z, got 'yesterday'",
        "to|2026-03-01|Invalid to: 'to' must be an ISO-8601 instant such as 2026-12-04T10:00:00Z, got '2026-03-01'",
        "from|2026-03-02T00:00:00Z|Invalid from: 'from' (2026-03-02T00:00:00Z) must be before 'to' (2026-03-01T13:00:00Z)",
        "from|2026-01-01T00:00:00Z|Invalid to: one query covers at most 31 days of hours",
        "alias|tag+ged|Invalid alias: local part 'tag+ged' must not contain '+': it starts a subaddress tag"})
    void invalidParametersShouldBe400sNamingTheParameter(String name, String value, String message) {
        op().queryParam(name, value).get(ANALYTICS)
        .then()
            .statusCode(400)
            .body("type", equalTo("InvalidArgument"))
            .body("message", containsString(message));
    }

    @Test
    void unknownDomainShouldBe404() {
        op().get("/smtpy/domains/unknown.example/analytics")
        .then()
            .statusCode(404)
            .body("message", equalTo("domain unknown.example does not exist"));
    }

    @Test
    void anotherAccountsDomainShouldBe404AndEventsReadShouldBeRequired() {
        String account = op().body("{\"name\":\"Other\"}").post("/smtpy/accounts").then().statusCode(201).extract().path("id");
        String other = op().body("{\"name\":\"all\",\"permissions\":[\"domains:read\",\"events:read\"]}")
            .post("/smtpy/accounts/" + account + "/keys").then().statusCode(201).extract().path("secret");

        as(other).get(ANALYTICS).then().statusCode(404);
        as(keyWith("domains:read")).get(ANALYTICS).then().statusCode(403);
        as(keyWith("events:read")).get(ANALYTICS).then().statusCode(200);
    }
}
