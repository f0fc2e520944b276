package io.smtpy.webadmin.routes;

import static io.restassured.RestAssured.given;
import static io.restassured.RestAssured.when;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.smtpy.core.events.MailEvent;
import io.smtpy.core.events.MailEventId;
import io.smtpy.core.events.MailEventType;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.Limits;
import io.smtpy.core.model.LocalPart;

class EventRoutesTest {
    private static final DomainName EXAMPLE = DomainName.of("example.com");
    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

    private RoutesFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new RoutesFixture(Limits.DEFAULT);
        when().put("/smtpy/domains/example.com").then().statusCode(201);
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    private MailEvent append(String alias, MailEventType type, Instant at) {
        MailEvent event = MailEvent.builder(EXAMPLE, type, at)
            .alias(LocalPart.of(alias))
            .sender("someone@sender.example")
            .recipients(List.of(alias + "@example.com"))
            .build();
        fixture.events.append(event);
        return event;
    }

    @Test
    void listShouldShowEveryFieldOfEachEventNewestFirst() {
        fixture.events.append(MailEvent.builder(EXAMPLE, MailEventType.BOUNCED, T0.plusSeconds(60))
            .id(MailEventId.of("0b6f7c2e-8d1a-4e5f-9a3b-2c1d0e9f8a7b"))
            .alias(LocalPart.of("sales"))
            .messageId("<abc@mail.sender.example>")
            .mailId("Mail1772366460000-1")
            .sender("")
            .recipients(List.of("Jane@dest.example"))
            .smtpCode(550)
            .enhancedStatus("5.1.1")
            .detail("550 5.1.1 <Jane@dest.example>: Recipient address rejected: User unknown")
            .build());
        fixture.events.append(MailEvent.builder(EXAMPLE, MailEventType.REJECTED, T0).sender("spammer@bad.example")
            .recipients(List.of("nobody@example.com")).smtpCode(550).enhancedStatus("5.1.1").detail("unknown alias").build());

        when().get("/smtpy/domains/example.com/events")
        .then()
            .statusCode(200)
            .body("", hasSize(2))
            .body("type", contains("bounced", "rejected"))
            .body("[0].id", equalTo("0b6f7c2e-8d1a-4e5f-9a3b-2c1d0e9f8a7b"))
            .body("[0].at", equalTo("2026-03-01T12:01:00Z"))
            .body("[0].domain", equalTo("example.com"))
            .body("[0].alias", equalTo("sales"))
            .body("[0].messageId", equalTo("<abc@mail.sender.example>"))
            .body("[0].mailId", equalTo("Mail1772366460000-1"))
            .body("[0].sender", equalTo("<>"))
            .body("[0].recipients", contains("Jane@dest.example"))
            .body("[0].smtpCode", equalTo(550))
            .body("[0].enhancedStatus", equalTo("5.1.1"))
            .body("[0].detail", equalTo("550 5.1.1 <Jane@dest.example>: Recipient address rejected: User unknown"))
            .body("[1].alias", nullValue())
            .body("[1].messageId", nullValue())
            .body("[1].mailId", nullValue())
            .body("[1].sender", equalTo("spammer@bad.example"))
            .body("[1].recipients", contains("nobody@example.com"))
            .body("[1].detail", equalTo("unknown alias"));
    }

    @Test
    void aDomainWithoutEventsShouldListAnEmptyArray() {
        when().get("/smtpy/domains/example.com/events").then().statusCode(200).body("", empty());
    }

    @Test
    void eventsOfAnotherDomainShouldNotBeListed() {
        when().put("/smtpy/domains/other.org").then().statusCode(201);
        fixture.events.append(MailEvent.builder(DomainName.of("other.org"), MailEventType.RECEIVED, T0).build());

        when().get("/smtpy/domains/example.com/events").then().statusCode(200).body("", empty());
        when().get("/smtpy/domains/other.org/events").then().statusCode(200).body("", hasSize(1));
    }

    @Test
    void listShouldFilterByAliasAndByType() {
        MailEvent salesReceived = append("sales", MailEventType.RECEIVED, T0);
        MailEvent salesForwarded = append("sales", MailEventType.FORWARDED, T0.plusSeconds(1));
        MailEvent infoRejected = append("info", MailEventType.REJECTED, T0.plusSeconds(2));
        MailEvent salesRejected = append("sales", MailEventType.REJECTED, T0.plusSeconds(3));

        given().queryParam("alias", "Sales").get("/smtpy/domains/example.com/events")
        .then().statusCode(200)
            .body("id", contains(salesRejected.id().asString(), salesForwarded.id().asString(), salesReceived.id().asString()));
        given().queryParam("type", "rejected").get("/smtpy/domains/example.com/events")
        .then().statusCode(200)
            .body("id", contains(salesRejected.id().asString(), infoRejected.id().asString()));
        given().queryParam("type", "rejected").queryParam("alias", "sales").get("/smtpy/domains/example.com/events")
        .then().statusCode(200)
            .body("id", contains(salesRejected.id().asString()));
        given().queryParam("type", "loop").get("/smtpy/domains/example.com/events")
        .then().statusCode(200).body("", empty());
    }

    @Test
    void limitShouldKeepTheNewestAndDefaultToAHundred() {
        for (int i = 0; i < 120; i++) {
            append("sales", MailEventType.RECEIVED, T0.plusSeconds(i));
        }

        given().queryParam("limit", "2").get("/smtpy/domains/example.com/events")
        .then().statusCode(200)
            .body("at", contains("2026-03-01T12:01:59Z", "2026-03-01T12:01:58Z"));
        when().get("/smtpy/domains/example.com/events").then().statusCode(200).body("", hasSize(100));
        given().queryParam("limit", "").get("/smtpy/domains/example.com/events").then().statusCode(200).body("", hasSize(100));
        given().queryParam("limit", "1000").get("/smtpy/domains/example.com/events").then().statusCode(200).body("", hasSize(120));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "type|lost|Invalid type: 'lost' is not an event type (known: received, rejected, forwarded, delivered, deferred, bounced, dropped, loop, report-stored, report-rejected, dkim-key, quarantined, released, discarded, posted, post-failed, fallback, unscanned, complained, suppressed, unsuppressed, resent, dns-check, submitted, limit-approaching, limit-reached, opened, clicked, replied, delayed)",
        "limit|0|Invalid limit: 'limit' must be between 1 and 1000, got 0",
        "limit|1001|Invalid limit: 'limit' must be between 1 and 1000, got 1001",
        "limit|ten|Invalid limit: 'limit' must be an integer, got 'ten'",
        "alias|tag+ged|Invalid alias: local part 'tag+ged' must not contain '+': it starts a subaddress tag",
        "alias|two words|Invalid alias: local part 'two words' is not a valid dot-atom"})
    void invalidParametersShouldBe400sNamingTheParameter(String name, String value, String message) {
        given().queryParam(name, value).get("/smtpy/domains/example.com/events")
        .then()
            .statusCode(400)
            .body("statusCode", equalTo(400))
            .body("type", equalTo("InvalidArgument"))
            .body("message", containsString(message));
    }

    @Test
    void unknownDomainShouldBe404AndInvalidDomain400() {
        when().get("/smtpy/domains/unknown.example/events")
        .then()
            .statusCode(404)
            .body("type", equalTo("notFound"))
            .body("message", equalTo("domain unknown.example does not exist"));
        when().get("/smtpy/domains/nodot/events")
        .then()
            .statusCode(400)
            .body("message", containsString("Invalid domain:"));
    }
}
