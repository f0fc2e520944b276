package io.smtpy.webadmin.routes;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.restassured.RestAssured;
import io.restassured.builder.RequestSpecBuilder;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.smtpy.access.AccessId;
import io.smtpy.access.AuditEntry;
import io.smtpy.access.store.AuditQuery;
import io.smtpy.notifications.NotificationType;

/** The calling member's notification preferences and the one-click unsubscribe, over real HTTP. */
class NotificationRoutesTest {
    private static final String MINE = "/smtpy/me/notifications";
    private RoutesFixture fixture;
    private String account;
    private AccessId ann;
    private String session;

    @BeforeEach
    void start() {
        fixture = new RoutesFixture(io.smtpy.core.model.Limits.DEFAULT);
        RestAssured.reset();
        RestAssured.requestSpecification = new RequestSpecBuilder().setPort(fixture.server.getPort().getValue())
            .setContentType(ContentType.JSON).build();
        account = op().body("{\"name\":\"Acme\"}").post("/smtpy/accounts").then().statusCode(201).extract().path("id");
        ann = AccessId.of(op().body("{\"email\":\"ann@acme.example\",\"role\":\"owner\",\"password\":\"correct horse battery\"}")
            .post("/smtpy/accounts/" + account + "/members").then().statusCode(201).extract().<String>path("memberId"));
        session = given().body("{\"email\":\"ann@acme.example\",\"password\":\"correct horse battery\"}")
            .post("/smtpy/session").then().statusCode(201).extract().path("token");
    }

    @AfterEach
    void stop() {
        fixture.close();
        RestAssured.reset();
    }

    private static RequestSpecification op() {
        return given().header("Authorization", "Bearer " + TestAccess.OPERATOR_KEY);
    }

    private RequestSpecification ann() {
        return given().header("Authorization", "Bearer " + session);
    }

    private List<AuditEntry> audit() {
        return fixture.access.stores.audit().list(AuditQuery.all(AccessId.of(account)));
    }

    @Test
    void aMemberWhoNeverChoseShouldSeeEveryTypeAtItsDefault() {
        ann().get(MINE).then().statusCode(200)
            .body("memberId", is(ann.asString()))
            .body("notifications.destination-failing", is("default"))
            .body("notifications.digest", is("default"))
            .body("notifications.dns-check", is("default"))
            .body("notifications.size()", is(NotificationType.values().length));
    }

    @Test
    void putShouldChangeTheTypesGivenOnlyAndBeAudited() {
        ann().body("{\"digest\":\"on\",\"quarantine\":\"off\"}").put(MINE).then().statusCode(200)
            .body("notifications.digest", is("on")).body("notifications.quarantine", is("off"))
            .body("notifications.bounce-rate", is("default"));

        ann().body("{\"quarantine\":\"default\"}").put(MINE).then().statusCode(200)
            .body("notifications.digest", is("on")).body("notifications.quarantine", is("default"));

        assertThat(fixture.notificationPreferences.choices(ann)).containsOnly(Map.entry(NotificationType.DIGEST, true));
        AuditEntry entry = audit().get(0);
        assertThat(entry.action()).isEqualTo("notifications.update");
        assertThat(entry.target()).isEqualTo("members/" + ann + "/notifications");
    }

    @Test
    void aBadValueOrUnknownTypeShouldBe400NamingTheFieldWithNothingChanged() {
        ann().body("{\"digest\":\"on\",\"bounce-rate\":\"sometimes\"}").put(MINE).then().statusCode(400)
            .body("message", containsString("'bounce-rate' must be \"on\", \"off\" or \"default\""));
        ann().body("{\"weather\":\"on\"}").put(MINE).then().statusCode(400)
            .body("message", containsString("unknown field 'weather'"));
        ann().body("{\"digest\":true}").put(MINE).then().statusCode(400)
            .body("message", containsString("'digest' must be a string"));

        assertThat(fixture.notificationPreferences.choices(ann)).isEmpty();
    }

    @Test
    void theOperatorHasNoPreferences() {
        op().get(MINE).then().statusCode(403);
    }

    @Test
    void theOneClickPostShouldTurnTheTypeOffForTheMemberWithoutSignIn() {
        String token = fixture.unsubscribeTokens.token(ann, NotificationType.DESTINATION_FAILING);

        given().contentType("application/x-www-form-urlencoded").body("List-Unsubscribe=One-Click")
            .post("/smtpy/notifications/unsubscribe/" + token).then().statusCode(200)
            .body("type", is("destination-failing")).body("memberId", is(ann.asString()));

        assertThat(fixture.notificationPreferences.choices(ann)).containsOnly(Map.entry(NotificationType.DESTINATION_FAILING, false));
        AuditEntry entry = audit().get(0);
        assertThat(entry.action()).isEqualTo("notifications.unsubscribe");
        assertThat(entry.actor()).isEqualTo("one-click link");
        assertThat(entry.target()).isEqualTo("members/" + ann + "/notifications/destination-failing");
    }

    @Test
    void aTamperedTokenShouldBe400WithNothingChanged() {
        String token = fixture.unsubscribeTokens.token(ann, NotificationType.DIGEST);
        String tampered = token.substring(0, 5) + (token.charAt(5) == 'A' ? 'B' : 'A') + token.substring(6);

        given().contentType("application/x-www-form-urlencoded").body("List-Unsubscribe=One-Click")
            .post("/smtpy/notifications/unsubscribe/" + tampered).then().statusCode(400)
            .body("message", containsString("not valid"));

        assertThat(fixture.notificationPreferences.choices(ann)).isEmpty();
    }

    @Test
    void aTokenOfAMemberWhoNoLongerExistsShouldBe410() {
        String token = fixture.unsubscribeTokens.token(AccessId.of("mem_gone"), NotificationType.DIGEST);

        given().contentType("application/x-www-form-urlencoded").post("/smtpy/notifications/unsubscribe/" + token)
            .then().statusCode(410);
    }
}
