package io.smtpy.webadmin.routes;

import static io.smtpy.webadmin.routes.RuleRoutesTest.as;
import static io.smtpy.webadmin.routes.RuleRoutesTest.auditOfTheDefaultAccount;
import static io.smtpy.webadmin.routes.RuleRoutesTest.keyOfAnotherAccount;
import static io.smtpy.webadmin.routes.RuleRoutesTest.keyWith;
import static io.smtpy.webadmin.routes.RuleRoutesTest.op;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.smtpy.access.AuditEntry;
import io.smtpy.core.events.MailEvent;
import io.smtpy.core.events.MailEventQuery;
import io.smtpy.core.events.MailEventType;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.LocalPart;
import io.smtpy.sending.tracking.LinkTracker;
import io.smtpy.sending.tracking.TrackingSettings;

class TrackingRoutesTest {
    private static final String TRACKING = "/smtpy/domains/example.com/tracking";
    private static final DomainName DOMAIN = DomainName.of("example.com");

    private RoutesFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = RoutesFixture.served();
        op().put("/smtpy/domains/example.com").then().statusCode(201);
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    private LinkTracker tracker() {
        fixture.tracking.change(DOMAIN, TrackingSettings.of(true, true));
        return fixture.tracking.tracker(DOMAIN, Optional.of(LocalPart.of("sales")), "journey-1", OptionalInt.of(0)).orElseThrow();
    }

    private static String path(String url) {
        return url.substring("https://t.example".length());
    }

    private List<MailEvent> events(MailEventType type) {
        return fixture.events.list(MailEventQuery.of(DOMAIN)).stream().filter(event -> event.type() == type)
            .collect(java.util.stream.Collectors.toList());
    }

    @Test
    void trackingShouldBeOffUntilTheOwnerTurnsItOn() {
        op().get(TRACKING).then().statusCode(200)
            .body("domain", equalTo("example.com"))
            .body("opens", equalTo(false))
            .body("clicks", equalTo(false))
            .body("available", equalTo(true))
            .body("active", equalTo(false));
    }

    @Test
    void putShouldChangeTheFieldsGivenAndBeAudited() {
        op().body("{\"opens\":true}").put(TRACKING).then().statusCode(200)
            .body("opens", equalTo(true)).body("clicks", equalTo(false)).body("active", equalTo(true));
        op().body("{\"clicks\":true}").put(TRACKING).then().statusCode(200)
            .body("opens", equalTo(true)).body("clicks", equalTo(true));

        assertThat(fixture.tracking.settings(DOMAIN)).isEqualTo(TrackingSettings.of(true, true));
        AuditEntry last = auditOfTheDefaultAccount(fixture).get(0);
        assertThat(last.action()).isEqualTo("tracking.set");
        assertThat(last.before().orElseThrow()).contains("\"clicks\":false");
    }

    @Test
    void badInputShouldBeRefusedNamingTheField() {
        op().body("{\"opens\":\"yes\"}").put(TRACKING).then().statusCode(400).body("message", containsString("Invalid opens"));
        op().body("{\"pixels\":true}").put(TRACKING).then().statusCode(400).body("message", containsString("Invalid pixels"));
        assertThat(fixture.tracking.settings(DOMAIN)).isEqualTo(TrackingSettings.OFF);
    }

    @Test
    void anotherAccountsDomainShouldBe404AndAMissingPermission403() {
        String other = keyOfAnotherAccount();
        as(other).get(TRACKING).then().statusCode(404);
        as(other).body("{\"opens\":true}").put(TRACKING).then().statusCode(404);
        String reader = keyWith("domains:read");
        as(reader).get(TRACKING).then().statusCode(200);
        as(reader).body("{\"opens\":true}").put(TRACKING).then().statusCode(403);
        op().get("/smtpy/domains/nowhere.example/tracking").then().statusCode(404);
    }

    @Test
    void thePixelShouldBeAnUncachedGifAndRecordAnOpen() {
        String pixel = path(tracker().pixelUrl().orElseThrow());

        byte[] gif = given().get(pixel).then().statusCode(200)
            .contentType("image/gif")
            .header("Cache-Control", "no-store")
            .extract().asByteArray();

        assertThat(gif).hasSize(43).startsWith('G', 'I', 'F', '8', '9', 'a');
        assertThat(events(MailEventType.OPENED)).singleElement().satisfies(opened -> {
            assertThat(opened.journeyId()).contains("journey-1");
            assertThat(opened.alias()).contains(LocalPart.of("sales"));
        });
    }

    @Test
    void aClickShouldRedirectToTheMailsUrlAndRecordTheHost() {
        String click = path(tracker().clickUrl("https://shop.example/reset?token=secret").orElseThrow());

        given().redirects().follow(false).get(click).then().statusCode(302)
            .header("Location", "https://shop.example/reset?token=secret")
            .header("Cache-Control", "no-store");

        assertThat(events(MailEventType.CLICKED)).singleElement()
            .satisfies(clicked -> assertThat(clicked.detail()).contains("shop.example").doesNotContain("secret"));
    }

    @Test
    void forgedOrSwappedTokensShouldBe404WithoutEvents() {
        LinkTracker tracker = tracker();
        String click = path(tracker.clickUrl("https://shop.example/").orElseThrow());
        String token = click.substring(Math.max(click.lastIndexOf('/') + 1, 0));
        char last = token.charAt(token.length() - 10);
        String forged = click.substring(0, click.length() - 10) + (last == 'A' ? 'B' : 'A') + click.substring(click.length() - 9);

        given().redirects().follow(false).get(forged).then().statusCode(404);
        given().get("/smtpy/t/o/not-a-token").then().statusCode(404);
        given().get("/smtpy/t/o/" + token).then().statusCode(404);
        given().redirects().follow(false).get(path(tracker.pixelUrl().orElseThrow()).replace("/t/o/", "/t/c/")).then().statusCode(404);

        assertThat(events(MailEventType.OPENED)).isEmpty();
        assertThat(events(MailEventType.CLICKED)).isEmpty();
    }

    @Test
    void linksOfADeletedDomainShouldStillWorkWithoutEvents() {
        String click = path(tracker().clickUrl("https://shop.example/").orElseThrow());
        op().delete("/smtpy/domains/example.com").then().statusCode(204);

        given().redirects().follow(false).get(click).then().statusCode(302).header("Location", "https://shop.example/");
        assertThat(events(MailEventType.CLICKED)).isEmpty();
    }
}
