package io.smtpy.webadmin.routes;

import static io.restassured.RestAssured.when;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import java.util.Base64;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.restassured.path.json.JsonPath;
import io.smtpy.core.dkim.DkimKey;
import io.smtpy.core.dkim.PrivateKeyCipher;
import io.smtpy.core.events.MailEventQuery;
import io.smtpy.core.events.MailEventType;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.Limits;

class DkimRoutesTest {
    private static final String KEYS = "/smtpy/domains/example.com/dkim/keys";
    private static final DomainName EXAMPLE = DomainName.of("example.com");

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

    private static JsonPath rotate() {
        String taskId = when().post(KEYS + "?action=rotate").then().statusCode(201).extract().jsonPath().getString("taskId");
        return when().get("/tasks/" + taskId + "/await?timeout=1minute").then().statusCode(200).extract().jsonPath();
    }

    @Test
    void aNewDomainShouldHaveAPendingKeyWithItsRecordToPublish() {
        DkimKey key = fixture.dkim.rotation.publishedKeys(EXAMPLE).get(0);

        when().get(KEYS).then()
            .statusCode(200)
            .body("", hasSize(1))
            .body("[0].selector", equalTo(key.selector().asString()))
            .body("[0].algorithm", equalTo("ed25519-sha256"))
            .body("[0].state", equalTo("pending"))
            .body("[0].signing", is(false))
            .body("[0].recordName", equalTo(key.recordName()))
            .body("[0].txtRecord", equalTo(key.txtRecord()))
            .body("[0].activatedAt", nullValue());
    }

    @Test
    void theApiShouldNeverShowThePrivateKey() {
        DkimKey key = fixture.dkim.rotation.publishedKeys(EXAMPLE).get(0);
        byte[] privateKey = new PrivateKeyCipher(new byte[32]).open(key.privateKey(), key.recordName());

        String body = when().get(KEYS).then().statusCode(200).extract().asString();

        assertThat(body).doesNotContain(Base64.getEncoder().encodeToString(privateKey))
            .doesNotContainIgnoringCase("private");
    }

    @Test
    void rotationShouldBeATaskThatStartsASuccessorWhileTheActiveKeyKeepsSigning() {
        fixture.clock.moveBy(DkimFixture.PUBLICATION_DELAY.plusMinutes(1));
        fixture.dkim.run.everyDomain();

        JsonPath task = rotate();

        assertThat(task.getString("status")).isEqualTo("completed");
        assertThat(task.getString("type")).isEqualTo("smtpy-dkim-rotation");
        assertThat(task.getString("additionalInformation.domain")).isEqualTo("example.com");
        assertThat(task.getList("additionalInformation.transitions", String.class))
            .singleElement().asString().contains("(new) -> PENDING");
        when().get(KEYS).then()
            .body("state", contains("active", "pending"))
            .body("signing", contains(true, false));
        assertThat(fixture.dkim.events.list(MailEventQuery.of(EXAMPLE).withType(Optional.of(MailEventType.DKIM_KEY))))
            .hasSize(3);
    }

    @Test
    void rotatingAnUnknownDomainShouldBe404() {
        when().post("/smtpy/domains/unknown.example/dkim/keys?action=rotate").then().statusCode(404);
    }

    @Test
    void anUnknownActionShouldBe400() {
        when().post(KEYS + "?action=shred").then()
            .statusCode(400)
            .body("message", equalTo("Invalid arguments supplied in the user request"))
            .body("details", startsWith("Invalid value supplied for query parameter 'action': shred"));
    }

    @Test
    void keysOfAnUnknownDomainShouldBe404() {
        when().get("/smtpy/domains/unknown.example/dkim/keys").then().statusCode(404);
    }
}
