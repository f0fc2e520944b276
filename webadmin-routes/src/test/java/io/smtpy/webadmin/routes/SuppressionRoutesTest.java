package io.smtpy.webadmin.routes;

import static io.smtpy.webadmin.routes.RuleRoutesTest.as;
import static io.smtpy.webadmin.routes.RuleRoutesTest.auditOfTheDefaultAccount;
import static io.smtpy.webadmin.routes.RuleRoutesTest.keyOfAnotherAccount;
import static io.smtpy.webadmin.routes.RuleRoutesTest.keyWith;
import static io.smtpy.webadmin.routes.RuleRoutesTest.op;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.restassured.RestAssured;
import io.restassured.builder.RequestSpecBuilder;
import io.restassured.http.ContentType;
import io.smtpy.access.AuditEntry;
import io.smtpy.core.events.MailEvent;
import io.smtpy.core.events.MailEventQuery;
import io.smtpy.core.events.MailEventType;
import io.smtpy.core.model.Destination;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.Limits;
import io.smtpy.core.model.LocalPart;

class SuppressionRoutesTest {
    private static final String SUPPRESSIONS = "/smtpy/domains/example.com/suppressions";
    private static final DomainName DOMAIN = DomainName.of("example.com");

    private RoutesFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new RoutesFixture(Limits.DEFAULT);
        RestAssured.reset();
        RestAssured.requestSpecification = new RequestSpecBuilder().setPort(fixture.server.getPort().getValue())
            .setContentType(ContentType.JSON).build();
        op().put("/smtpy/domains/example.com").then().statusCode(201);
        op().body("{\"destinations\":[\"jane@dest.example\"]}").put("/smtpy/domains/example.com/aliases/sales").then().statusCode(201);
        op().body("{\"destinations\":[\"ops@dest.example\"]}").put("/smtpy/domains/example.com/aliases/support").then().statusCode(201);
    }

    @AfterEach
    void tearDown() {
        fixture.close();
        RestAssured.reset();
    }

    private String suppress(String alias, String destination) {
        return op().body("{\"alias\":\"" + alias + "\",\"destination\":\"" + destination + "\"}").post(SUPPRESSIONS)
            .then().statusCode(201).extract().path("id");
    }

    private List<MailEvent> events(MailEventType type) {
        return fixture.events.list(MailEventQuery.of(DOMAIN).withType(Optional.of(type)));
    }

    @Test
    void anOwnerShouldSuppressADestinationByHandForTheDaysAsked() {
        op().body("{\"alias\":\"sales\",\"destination\":\"jane@dest.example\",\"days\":3,\"reason\":\"on leave\"}")
            .post(SUPPRESSIONS).then().statusCode(201)
            .body("id", notNullValue())
            .body("alias", equalTo("sales"))
            .body("destination", equalTo("jane@dest.example"))
            .body("reason", equalTo("on leave"))
            .body("cause", equalTo("manual"))
            .body("since", equalTo(RoutesFixture.NOW.toString()))
            .body("until", equalTo(RoutesFixture.NOW.plus(Duration.ofDays(3)).toString()))
            .body("journeyId", nullValue());

        assertThat(fixture.suppressions.active(DOMAIN, LocalPart.of("sales"), Destination.of("jane@dest.example"))).isPresent();
        assertThat(events(MailEventType.SUPPRESSED)).singleElement()
            .satisfies(event -> assertThat(event.recipients()).containsExactly("jane@dest.example"));
        List<AuditEntry> audit = auditOfTheDefaultAccount(fixture);
        assertThat(audit.get(0).action()).isEqualTo("suppression.create");
    }

    @Test
    void listShouldFilterByAliasAndDestinationAndPageWithACursor() {
        suppress("sales", "jane@dest.example");
        fixture.clock.moveBy(Duration.ofSeconds(1));
        suppress("support", "ops@dest.example");
        fixture.clock.moveBy(Duration.ofSeconds(1));
        suppress("sales", "other@dest.example");

        op().get(SUPPRESSIONS).then().statusCode(200)
            .body("items.destination", contains("other@dest.example", "ops@dest.example", "jane@dest.example"))
            .body("next", nullValue());
        op().get(SUPPRESSIONS + "?alias=sales").then().body("items.destination", contains("other@dest.example", "jane@dest.example"));
        op().get(SUPPRESSIONS + "?destination=OPS@dest.example").then().body("items.alias", contains("support"));
        String next = op().get(SUPPRESSIONS + "?limit=2").then().body("items", hasSize(2)).body("next", notNullValue())
            .extract().path("next");
        op().get(SUPPRESSIONS + "?limit=2&cursor=" + next).then().body("items.destination", contains("jane@dest.example"))
            .body("next", nullValue());
    }

    @Test
    void liftShouldAnswer204RecordUnsuppressedAndForgetIt() {
        String id = suppress("sales", "jane@dest.example");

        op().delete(SUPPRESSIONS + "/" + id).then().statusCode(204);

        op().get(SUPPRESSIONS).then().body("items", empty());
        assertThat(events(MailEventType.UNSUPPRESSED)).singleElement()
            .satisfies(event -> assertThat(event.detail()).contains("lifted by an owner"));
        assertThat(auditOfTheDefaultAccount(fixture).get(0).action()).isEqualTo("suppression.lift");
        op().delete(SUPPRESSIONS + "/" + id).then().statusCode(404);
        op().delete(SUPPRESSIONS + "/not-an-id").then().statusCode(404);
    }

    @Test
    void badInputShouldBeRefusedNamingTheFieldAndStoreNothing() {
        op().body("{\"destination\":\"jane@dest.example\"}").post(SUPPRESSIONS).then().statusCode(400)
            .body("message", containsString("Invalid alias"));
        op().body("{\"alias\":\"nobody\",\"destination\":\"jane@dest.example\"}").post(SUPPRESSIONS).then().statusCode(400)
            .body("message", containsString("Invalid alias"));
        op().body("{\"alias\":\"sales\",\"destination\":\"not an address\"}").post(SUPPRESSIONS).then().statusCode(400)
            .body("message", containsString("Invalid destination"));
        op().body("{\"alias\":\"sales\",\"destination\":\"jane@dest.example\",\"days\":0}").post(SUPPRESSIONS).then().statusCode(400)
            .body("message", containsString("Invalid days"));
        op().body("{\"alias\":\"sales\",\"destination\":\"jane@dest.example\",\"days\":\"ten\"}").post(SUPPRESSIONS).then().statusCode(400)
            .body("message", containsString("Invalid days"));
        op().body("{\"alias\":\"sales\",\"destination\":\"jane@dest.example\",\"reason\":\"" + "x".repeat(501) + "\"}")
            .post(SUPPRESSIONS).then().statusCode(400).body("message", containsString("Invalid reason"));
        op().body("{\"alias\":\"sales\",\"destination\":\"jane@dest.example\",\"colour\":1}").post(SUPPRESSIONS).then().statusCode(400)
            .body("message", containsString("Invalid colour"));
        op().get(SUPPRESSIONS + "?cursor=nonsense").then().statusCode(400).body("message", containsString("Invalid cursor"));
        op().get(SUPPRESSIONS + "?destination=nonsense").then().statusCode(400).body("message", containsString("Invalid destination"));

        op().get(SUPPRESSIONS).then().body("items", empty());
        assertThat(events(MailEventType.SUPPRESSED)).isEmpty();
    }

    @Test
    void anotherAccountsDomainShouldBe404AndAMissingPermission403() {
        String id = suppress("sales", "jane@dest.example");
        String other = keyOfAnotherAccount();

        as(other).get(SUPPRESSIONS).then().statusCode(404);
        as(other).body("{\"alias\":\"sales\",\"destination\":\"x@dest.example\"}").post(SUPPRESSIONS).then().statusCode(404);
        as(other).delete(SUPPRESSIONS + "/" + id).then().statusCode(404);
        String reader = keyWith("suppressions:read");
        as(reader).get(SUPPRESSIONS).then().statusCode(200).body("items", hasSize(1));
        as(reader).delete(SUPPRESSIONS + "/" + id).then().statusCode(403);
        as(reader).body("{\"alias\":\"sales\",\"destination\":\"x@dest.example\"}").post(SUPPRESSIONS).then().statusCode(403);
        assertThat(fixture.suppressions.find(DOMAIN, io.smtpy.suppression.SuppressionId.of(id))).isPresent();
    }
}
