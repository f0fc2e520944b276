package io.smtpy.webadmin.routes;

import static io.smtpy.webadmin.routes.RuleRoutesTest.as;
import static io.smtpy.webadmin.routes.RuleRoutesTest.auditOfTheDefaultAccount;
import static io.smtpy.webadmin.routes.RuleRoutesTest.keyWith;
import static io.smtpy.webadmin.routes.RuleRoutesTest.op;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.restassured.RestAssured;
import io.restassured.builder.RequestSpecBuilder;
import io.restassured.http.ContentType;
import io.smtpy.access.AuditEntry;
import io.smtpy.core.events.MailEvent;
import io.smtpy.core.events.MailEventType;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.Limits;
import io.smtpy.webhooks.WebhookDispatcher;
import io.smtpy.webhooks.WebhookReceiver;
import io.smtpy.webhooks.WebhookScope;
import io.smtpy.webhooks.WebhookSigner;

class WebhookRoutesTest {
    private static final String WEBHOOKS = "/smtpy/domains/example.com/webhooks";

    private RoutesFixture fixture;
    private WebhookReceiver receiver;

    @BeforeEach
    void setUp() throws Exception {
        fixture = new RoutesFixture(Limits.DEFAULT);
        receiver = new WebhookReceiver();
        RestAssured.reset();
        RestAssured.requestSpecification = new RequestSpecBuilder().setPort(fixture.server.getPort().getValue())
            .setContentType(ContentType.JSON).build();
        op().put("/smtpy/domains/example.com").then().statusCode(201);
    }

    @AfterEach
    void tearDown() {
        receiver.close();
        fixture.close();
        RestAssured.reset();
    }

    private String create(String events) {
        return op().body("{\"url\":\"" + receiver.url("/in") + "\"" + events + "}").post(WEBHOOKS)
            .then().statusCode(201).extract().path("id");
    }

    @Test
    void createShouldAnswer201WithTheSecretOnceAndReadsShouldNotShowIt() {
        String secret = op().body("{\"url\":\"" + receiver.url("/in") + "\",\"events\":[\"forwarded\",\"BOUNCED\"]}")
            .post(WEBHOOKS).then().statusCode(201)
            .body("id", notNullValue())
            .body("url", equalTo(receiver.url("/in").toString()))
            .body("events", contains("bounced", "forwarded"))
            .body("enabled", is(true))
            .body("secret", startsWith("whsec_"))
            .extract().path("secret");

        String id = op().get(WEBHOOKS).then().statusCode(200).body("url", contains(receiver.url("/in").toString()))
            .body("[0].secret", nullValue()).extract().path("[0].id");
        op().get(WEBHOOKS + "/" + id).then().statusCode(200).body("secret", nullValue());
        assertThat(fixture.webhookEndpoints.list(WebhookScope.domain(DomainName.of("example.com"))).get(0).sealedSecret()).doesNotContain(secret.substring(6));
        List<AuditEntry> audit = auditOfTheDefaultAccount(fixture);
        assertThat(audit.get(0).action()).isEqualTo("webhook.create");
        assertThat(audit.get(0).after().orElseThrow()).doesNotContain(secret).contains("[redacted]");
    }

    @Test
    void badInputShouldBeRefusedNamingTheFieldAndStoreNothing() {
        op().body("{\"events\":[]}").post(WEBHOOKS).then().statusCode(400).body("message", containsString("Invalid url"));
        op().body("{\"url\":\"ftp://x.example/\"}").post(WEBHOOKS).then().statusCode(400).body("message", containsString("Invalid url"));
        op().body("{\"url\":\"https://user:pw@x.example/\"}").post(WEBHOOKS).then().statusCode(400)
            .body("message", containsString("user name or password"));
        op().body("{\"url\":\"https://x.example/\",\"events\":[\"forwarded\",\"sent\"]}").post(WEBHOOKS).then().statusCode(400)
            .body("message", containsString("Invalid events[1]"));
        op().body("{\"url\":\"https://x.example/\",\"colour\":1}").post(WEBHOOKS).then().statusCode(400)
            .body("message", containsString("Invalid colour"));

        op().get(WEBHOOKS).then().body("", empty());
    }

    @Test
    void literalInsideAddressesShouldBeRefusedAtCreation() {
        for (String url : List.of("http://169.254.169.254/latest/meta-data", "http://10.0.0.1/", "http://192.168.1.1/",
            "http://[::1]:8080/", "http://[::ffff:10.0.0.1]/", "http://0.0.0.0/")) {
            op().body("{\"url\":\"" + url + "\"}").post(WEBHOOKS).then().statusCode(400)
                .body("message", containsString("Invalid url: refused"));
        }
        op().get(WEBHOOKS).then().body("", empty());
    }

    @Test
    void testShouldSendASignedMessageAndAnswerTheReceiversStatus() {
        String secret = op().body("{\"url\":\"" + receiver.url("/in") + "\"}").post(WEBHOOKS).then().extract().path("secret");
        String id = op().get(WEBHOOKS).then().extract().path("[0].id");
        receiver.answer("/in", 418);

        op().post(WEBHOOKS + "/" + id + "/test").then().statusCode(200)
            .body("eventType", equalTo("webhook.test")).body("state", equalTo("failed"))
            .body("attempts[0].status", is(418));

        WebhookReceiver.Received request = receiver.received().get(0);
        assertThat(request.signature).isEqualTo(WebhookSigner.signature(secret, request.id, Long.parseLong(request.timestamp), request.body));
        op().get(WEBHOOKS + "/" + id + "/deliveries").then().statusCode(200).body("eventType", contains("webhook.test"));
    }

    @Test
    void patchShouldDisableAndEnableAndChangeTheFilter() {
        String id = create("");

        op().body("{\"enabled\":false,\"events\":[\"bounced\"]}").patch(WEBHOOKS + "/" + id).then().statusCode(200)
            .body("enabled", is(false)).body("disabledReason", equalTo("disabled by an owner")).body("events", contains("bounced"));
        op().body("{\"enabled\":\"yes\"}").patch(WEBHOOKS + "/" + id).then().statusCode(400).body("message", containsString("Invalid enabled"));
        op().body("{\"enabled\":true}").patch(WEBHOOKS + "/" + id).then().statusCode(200)
            .body("enabled", is(true)).body("disabledReason", nullValue());
        assertThat(auditOfTheDefaultAccount(fixture).get(0).before().orElseThrow()).contains("\"enabled\":false");
    }

    @Test
    void rotationShouldShowTheNewSecretAndHowLongTheOldOneSigns() {
        String id = create("");

        op().post(WEBHOOKS + "/" + id + "/rotate-secret").then().statusCode(200)
            .body("secret", startsWith("whsec_"))
            .body("previousSecretValidUntil", equalTo(RoutesFixture.NOW.plus(io.smtpy.webhooks.Webhooks.ROTATION_OVERLAP).toString()));
    }

    @Test
    void replayShouldQueueAnEventAgainAndRefuseAnUnknownOne() {
        String id = create("");
        MailEvent event = MailEvent.builder(DomainName.of("example.com"), MailEventType.FORWARDED, RoutesFixture.NOW).build();
        new WebhookDispatcher(fixture.webhookEndpoints, fixture.webhookOutbox, new io.smtpy.access.store.memory.MemoryDomainOwnership(), fixture.clock).onEvent(event);

        op().body("{\"eventId\":\"" + event.id().asString() + "\"}").post(WEBHOOKS + "/" + id + "/replay").then().statusCode(200)
            .body("queued", is(1));
        op().body("{\"from\":\"" + RoutesFixture.NOW + "\",\"to\":\"" + RoutesFixture.NOW.plusSeconds(1) + "\"}")
            .post(WEBHOOKS + "/" + id + "/replay").then().statusCode(200).body("queued", is(1));
        op().body("{\"eventId\":\"nope\"}").post(WEBHOOKS + "/" + id + "/replay").then().statusCode(400)
            .body("message", containsString("Invalid eventId"));
        op().body("{\"from\":\"yesterday\",\"to\":\"" + Instant.EPOCH + "\"}").post(WEBHOOKS + "/" + id + "/replay").then()
            .statusCode(400).body("message", containsString("Invalid from"));
        fixture.webhookDeliveries.runDue();
        assertThat(receiver.received()).extracting(request -> request.id).containsOnly("msg_" + event.id().asString()).hasSize(3);
    }

    @Test
    void deleteShouldRemoveTheEndpoint() {
        String id = create("");

        op().delete(WEBHOOKS + "/" + id).then().statusCode(204);

        op().get(WEBHOOKS + "/" + id).then().statusCode(404);
        op().delete(WEBHOOKS + "/" + id).then().statusCode(404);
    }

    @Test
    void anotherAccountsDomainShouldBe404AndAMissingPermission403() {
        String id = create("");
        String account = op().body("{\"name\":\"Other\"}").post("/smtpy/accounts").then().statusCode(201).extract().path("id");
        String other = op().body("{\"name\":\"all\",\"permissions\":[\"webhooks:read\",\"webhooks:write\"]}")
            .post("/smtpy/accounts/" + account + "/keys").then().statusCode(201).extract().path("secret");

        as(other).get(WEBHOOKS).then().statusCode(404);
        as(other).get(WEBHOOKS + "/" + id).then().statusCode(404);
        as(other).delete(WEBHOOKS + "/" + id).then().statusCode(404);
        String reader = keyWith("webhooks:read");
        as(reader).get(WEBHOOKS + "/" + id).then().statusCode(200);
        as(reader).post(WEBHOOKS + "/" + id + "/test").then().statusCode(403);
        as(reader).delete(WEBHOOKS + "/" + id).then().statusCode(403);
        op().get(WEBHOOKS + "/" + id).then().statusCode(200);
        assertThat(receiver.received()).isEmpty();
    }

    @Test
    void anAccountsEndpointShouldBeKeptInTheAccountWithItsBatching() {
        String account = op().body("{\"name\":\"Acme\"}").post("/smtpy/accounts").then().statusCode(201).extract().path("id");
        String webhooks = "/smtpy/accounts/" + account + "/webhooks";

        String id = op().body("{\"url\":\"" + receiver.url("/in") + "\",\"batch\":{\"maxEvents\":100,\"maxDelaySeconds\":10}}")
            .post(webhooks).then().statusCode(201)
            .body("account", equalTo(account)).body("domain", nullValue())
            .body("batch.maxEvents", is(100)).body("batch.maxDelaySeconds", is(10))
            .body("secret", startsWith("whsec_")).extract().path("id");

        op().get(webhooks).then().statusCode(200).body("id", contains(id));
        op().get(WEBHOOKS).then().statusCode(200).body("", empty());
        op().get(WEBHOOKS + "/" + id).then().statusCode(404);
        op().body("{\"batch\":null}").patch(webhooks + "/" + id).then().statusCode(200).body("batch", nullValue());
        assertThat(fixture.webhookEndpoints.list(WebhookScope.account(account))).singleElement()
            .satisfies(endpoint -> assertThat(endpoint.batch()).isEmpty());
        op().delete(webhooks + "/" + id).then().statusCode(204);
        op().get(webhooks).then().statusCode(200).body("", empty());
    }

    @Test
    void aBadBatchShouldBeRefusedNamingItsFieldAndStoreNothing() {
        op().body("{\"url\":\"https://x.example/\",\"batch\":{\"maxEvents\":0,\"maxDelaySeconds\":10}}").post(WEBHOOKS)
            .then().statusCode(400).body("message", containsString("Invalid batch.maxEvents"));
        op().body("{\"url\":\"https://x.example/\",\"batch\":{\"maxEvents\":10,\"maxDelaySeconds\":3601}}").post(WEBHOOKS)
            .then().statusCode(400).body("message", containsString("Invalid batch.maxDelaySeconds"));
        op().body("{\"url\":\"https://x.example/\",\"batch\":{\"maxEvents\":10}}").post(WEBHOOKS)
            .then().statusCode(400).body("message", containsString("Invalid batch.maxDelaySeconds"));
        op().body("{\"url\":\"https://x.example/\",\"batch\":{\"maxEvents\":10,\"maxDelaySeconds\":1,\"size\":2}}").post(WEBHOOKS)
            .then().statusCode(400).body("message", containsString("Invalid batch.size"));
        op().body("{\"url\":\"https://x.example/\",\"batch\":7}").post(WEBHOOKS)
            .then().statusCode(400).body("message", containsString("Invalid batch"));

        op().get(WEBHOOKS).then().body("", empty());
    }
}
