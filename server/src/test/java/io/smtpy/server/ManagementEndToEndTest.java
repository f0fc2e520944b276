package io.smtpy.server;

import io.smtpy.server.testing.OperatorKey;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.apache.james.GuiceJamesServer;
import org.apache.james.utils.WebAdminGuiceProbe;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.restassured.builder.RequestSpecBuilder;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import io.smtpy.core.testing.MovableClock;
import io.smtpy.server.testing.ForkedSmtpyServer;

/**
 * The product as an owner uses it: the embedded server (shipped conf, embedded SQLite store, durable queue)
 * started in process with a movable clock; domains and aliases managed over REST; {@code /resolve} checked for
 * every outcome; the server stopped and started again on the same data directory.
 */
@Timeout(300)
class ManagementEndToEndTest {
    private static final Instant START = Instant.parse("2026-06-01T08:00:00Z");

    @TempDir
    Path data;

    private final MovableClock clock = new MovableClock(START);
    private GuiceJamesServer server;
    private RequestSpecification api;

    private void start() throws Exception {
        server = SmtpyServer.create(SmtpyServerSettings.builder()
                .dataDirectory(data)
                .configurationDirectory(ForkedSmtpyServer.shippedConfiguration())
                .anyFreePorts()
                .build())
            .overrideWith(binder -> binder.bind(Clock.class).toInstance(clock));
        server.start();
        api = new RequestSpecBuilder()
            .setPort(server.getProbe(WebAdminGuiceProbe.class).getWebAdminPort().getValue())
            .setContentType(ContentType.JSON)
            .addHeader("Authorization", OperatorKey.bearer(data))
            .build();
    }

    private void stop() {
        if (server != null) {
            server.stop();
            server = null;
        }
    }

    @AfterEach
    void tearDown() {
        stop();
    }

    private RequestSpecification rest() {
        return given().spec(api);
    }

    private void resolvesTo(String localPart, String outcome) {
        rest().get("/smtpy/domains/example.com/resolve/" + localPart).then().statusCode(200).body("outcome", equalTo(outcome));
    }

    private void setUpEveryKindOfAddress() {
        rest().body("{\"keepSubaddressTag\": true}").put("/smtpy/domains/example.com").then().statusCode(201);
        rest().body("{\"destinations\": [\"a@dest.example\", \"b@dest.example\", \"c@dest.example\"], \"tags\": [\"team\"]}")
            .put("/smtpy/domains/example.com/aliases/info").then().statusCode(201);
        rest().body("{\"destinations\": [\"temp@dest.example\"], \"expiresAt\": \"2026-06-01T09:00:00Z\"}")
            .put("/smtpy/domains/example.com/aliases/temp").then().statusCode(201);
        rest().body("{\"destinations\": [\"off@dest.example\"], \"enabled\": false}")
            .put("/smtpy/domains/example.com/aliases/off").then().statusCode(201);
        rest().body("[{\"pattern\": \"^(support|help)-(.+)$\", \"destinations\": [\"$2@team.example\"], \"priority\": 1}]")
            .put("/smtpy/domains/example.com/regex-aliases").then().statusCode(200);
        rest().body("{\"destinations\": [\"all@dest.example\"], \"exceptions\": ["
                + "{\"pattern\": \"old\", \"action\": \"reject\"}, {\"pattern\": \"later-*\", \"action\": \"defer\"},"
                + "{\"pattern\": \"noreply-*\", \"action\": \"drop\"}]}")
            .put("/smtpy/domains/example.com/catch-all").then().statusCode(200);
        rest().put("/smtpy/domains/disabled.example").then().statusCode(201);
        rest().body("{\"destinations\": [\"x@dest.example\"]}").put("/smtpy/domains/disabled.example/aliases/info").then().statusCode(201);
        rest().body("{\"enabled\": false}").patch("/smtpy/domains/disabled.example").then().statusCode(200);
        rest().put("/smtpy/domains/bare.example").then().statusCode(201);
    }

    private void everyOutcomeShouldResolve() {
        rest().get("/smtpy/domains/example.com/resolve/Info+Newsletter").then()
            .body("outcome", equalTo("exact"))
            .body("destinations", contains("a+Newsletter@dest.example", "b+Newsletter@dest.example", "c+Newsletter@dest.example"));
        rest().get("/smtpy/domains/example.com/resolve/help-desk").then()
            .body("outcome", equalTo("regex")).body("destinations", contains("desk@team.example"));
        rest().get("/smtpy/domains/example.com/resolve/anyone").then()
            .body("outcome", equalTo("catch-all")).body("destinations", contains("all@dest.example"));
        rest().get("/smtpy/domains/example.com/resolve/old").then().body("outcome", equalTo("catch-all-exception")).body("action", equalTo("reject"));
        rest().get("/smtpy/domains/example.com/resolve/later-x").then().body("action", equalTo("defer"));
        rest().get("/smtpy/domains/example.com/resolve/noreply-x").then().body("action", equalTo("drop"));
        resolvesTo("off", "disabled-alias");
        rest().get("/smtpy/domains/disabled.example/resolve/info").then().body("outcome", equalTo("disabled-domain"));
        rest().get("/smtpy/domains/bare.example/resolve/nobody").then().body("outcome", equalTo("unknown"));
    }

    @Test
    void everyResolutionCaseShouldWorkAndSurviveARestart() throws Exception {
        start();
        setUpEveryKindOfAddress();

        everyOutcomeShouldResolve();
        resolvesTo("temp", "exact");
        clock.moveBy(Duration.ofMinutes(59));
        resolvesTo("temp", "exact");
        clock.moveBy(Duration.ofMinutes(1));
        resolvesTo("temp", "expired");

        stop();
        start();

        everyOutcomeShouldResolve();
        resolvesTo("temp", "expired");
        rest().get("/smtpy/domains/example.com/aliases?tag=team").then().body("total", is(1)).body("aliases[0].localPart", equalTo("info"));
        rest().get("/smtpy/domains").then().body("name", contains("bare.example", "disabled.example", "example.com"));
        assertThat(data.resolve("smtpy/smtpy.db")).exists();
    }

    @Test
    void importOf100000AliasesShouldCompleteIntoTheEmbeddedStoreAndSurviveARestart() throws Exception {
        start();
        rest().put("/smtpy/domains/bulk.example").then().statusCode(201);
        StringBuilder csv = new StringBuilder("localPart,destinations,description,tags,enabled,expiresAt\r\n");
        for (int i = 0; i < 100_000; i++) {
            csv.append("user").append(i).append(",\"u").append(i).append("@dest.example;copy@dest.example\",\"Bulk, #")
                .append(i).append("\",bulk,true,\r\n");
        }

        String taskId = rest().contentType("text/csv").body(csv.toString().getBytes(StandardCharsets.UTF_8))
            .post("/smtpy/domains/bulk.example/aliases/import")
            .then().statusCode(201).extract().jsonPath().getString("taskId");
        JsonPath task = rest().get("/tasks/" + taskId + "/await?timeout=5minutes").then().statusCode(200).extract().jsonPath();

        assertThat(task.getString("status")).isEqualTo("completed");
        assertThat(task.getInt("additionalInformation.created")).isEqualTo(100_000);

        stop();
        start();

        rest().get("/smtpy/domains/bulk.example").then().body("aliases", is(100_000));
        rest().get("/smtpy/domains/bulk.example/resolve/user77777").then()
            .body("outcome", equalTo("exact")).body("destinations", contains("u77777@dest.example", "copy@dest.example"));
        rest().get("/smtpy/domains/bulk.example/aliases/user5").then().body("description", equalTo("Bulk, #5"));
    }
}
