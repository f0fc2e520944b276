package io.smtpy.server;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import io.smtpy.server.testing.MessageHistory;
import io.smtpy.server.testing.ServerWithSink;
import io.smtpy.server.testing.SmtpSink;

/**
 * One message's journey over real SMTP on loopback: the embedded server with the shipped pipeline forwards a mail
 * to an alias of three destinations through a local sink that refuses one of them; the history API finds the
 * message by its Message-ID and shows its journey from receipt to each copy's outcome, with the remote reply; the
 * search finds it by subject, sender, destination, remote server and reason; a domain that hashes subjects keeps
 * only the hash, found by the exact subject.
 */
@Timeout(300)
class MessageJourneyEndToEndTest {
    private static final String DOMAIN = "/smtpy/domains/journey.test";

    @TempDir
    static Path temporary;

    private static ServerWithSink fixture;
    private static SmtpSink sink;
    private static MessageHistory history;

    @BeforeAll
    static void start() throws Exception {
        fixture = ServerWithSink.start(temporary, Optional.empty());
        sink = fixture.sink();
        history = new MessageHistory(fixture, DOMAIN);
        rest().put(DOMAIN).then().statusCode(201);
        rest().body("{\"destinations\": [\"jane@dest.test\", \"" + SmtpSink.REFUSED_PREFIX + "bob@dest.test\", \"ops@dest.test\"]}")
            .put(DOMAIN + "/aliases/team").then().statusCode(201);
    }

    @AfterAll
    static void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private static RequestSpecification rest() {
        return given().spec(fixture.api());
    }

    private static JsonPath messages(String query) {
        return history.messages(query);
    }

    @Test
    void aMailToThreeDestinationsOneRefusingShouldShowEveryStepInOrderWithTheRemoteReply() throws Exception {
        history.send("team@journey.test", "the journey", "<journey-1@sender.test>");
        sink.awaitCopy("jane@dest.test", "the journey");
        sink.awaitCopy("ops@dest.test", "the journey");

        // The refusal comes back as a bounce to the copy's SRS sender, which smtpy receives and returns to ann: part of the journey.
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300))
            .until(() -> history.journeyTypes("<journey-1@sender.test>").size() >= 7);
        JsonPath list = messages("?messageId=<journey-1@sender.test>");
        assertThat(list.getList("items")).hasSize(1);
        assertThat(list.getString("items[0].sender")).isEqualTo("ann@sender.test");
        assertThat(list.getList("items[0].recipients", String.class)).containsExactly("team@journey.test");
        String id = list.getString("items[0].id");

        JsonPath journey = rest().get(DOMAIN + "/messages/" + id).then().statusCode(200).extract().jsonPath();
        assertThat(journey.getString("messageId")).isEqualTo("<journey-1@sender.test>");
        assertThat(journey.getList("events.type", String.class))
            .containsExactly("received", "forwarded", "bounced", "suppressed", "received", "forwarded", "delivered");
        assertThat(journey.getList("events.at", String.class)).isSorted();
        assertThat(journey.getList("events.journeyId", String.class)).containsOnly(id);
        assertThat(journey.getList("events[2].recipients", String.class)).containsExactly(SmtpSink.REFUSED_PREFIX + "bob@dest.test");
        assertThat(journey.getInt("events[2].smtpCode")).isEqualTo(553);
        assertThat(journey.getString("events[2].detail")).startsWith("553 <" + SmtpSink.REFUSED_PREFIX
            + "bob@dest.test> address unknown. (no-such-user, permanent); copy kept for resending until ");
        // A destination unknown for good is suppressed for the alias (docs/api.md, "Suppressions").
        assertThat(journey.getList("events[3].recipients", String.class)).containsExactly(SmtpSink.REFUSED_PREFIX + "bob@dest.test");
        assertThat(journey.getList("events[4].recipients", String.class)).singleElement().asString().startsWith("SRS0=");
        assertThat(journey.getString("events[5].detail")).startsWith("returned to the original sender");
        assertThat(journey.getList("events[6].recipients", String.class)).containsExactly("ann@sender.test");
        assertThat(journey.getString("subject")).isEqualTo("the journey");
        assertThat(journey.getString("events[0].subject")).isEqualTo("the journey");

        // The same message found by what an owner remembers of it: its subject, sender, a destination, the reason of the
        // refusal (the sink's refusal names no server: the remote MTA search is shown by the next test).
        assertThat(search("subject", "THE journey").getList("items.id", String.class)).containsExactly(id);
        assertThat(search("subject", "THE journey").getString("items[0].subject")).isEqualTo("the journey");
        assertThat(search("sender", "Ann@Sender.test").getList("items.id", String.class)).contains(id);
        assertThat(search("recipient", "jane@dest.test").getList("items.id", String.class)).contains(id);
        assertThat(search("reason", "address unknown").getList("items.id", String.class)).containsExactly(id);
        assertThat(search("sender", "nobody@sender.test").getList("items")).isEmpty();
    }

    @Test
    void aDomainThatHashesSubjectsShouldKeepOnlyTheHashAndBeSearchedByTheExactSubject() throws Exception {
        rest().put("/smtpy/domains/hashed.test").then().statusCode(201);
        rest().body("{\"eventPrivacy\": \"hashed\"}").patch("/smtpy/domains/hashed.test").then().statusCode(200);
        rest().body("{\"destinations\": [\"kim@dest.test\"]}").put("/smtpy/domains/hashed.test/aliases/hr").then().statusCode(201);
        history.send("hr@hashed.test", "Salary review 2027", "<hashed-1@sender.test>");
        sink.awaitCopy("kim@dest.test", "Salary review 2027");

        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300))
            .until(() -> rest().queryParam("subject", "Salary review 2027").get("/smtpy/domains/hashed.test/messages")
                .then().statusCode(200).extract().jsonPath().getList("items").size() == 1);
        JsonPath found = rest().queryParam("subject", "Salary review 2027").get("/smtpy/domains/hashed.test/messages")
            .then().extract().jsonPath();
        assertThat(found.getString("items[0].subject")).matches("sha256:[0-9a-f]{32}").doesNotContain("Salary");
        assertThat(found.getString("items[0].sender")).matches("sha256:[0-9a-f]{32}");
        assertThat(rest().queryParam("subject", "Salary").get("/smtpy/domains/hashed.test/messages")
            .then().statusCode(200).extract().jsonPath().getList("items")).isEmpty();
        assertThat(rest().queryParam("sender", "ann@sender.test").get("/smtpy/domains/hashed.test/messages")
            .then().statusCode(200).extract().jsonPath().getList("items")).hasSize(1);
        String export = rest().get("/smtpy/domains/hashed.test/events/export").then().statusCode(200).extract().asString();
        assertThat(export).doesNotContain("Salary").contains(found.getString("items[0].subject"));
    }

    @Test
    void aDestinationThatDefersThenAcceptsShouldShowTheDeferralThenTheDeliveryInTheJourney() throws Exception {
        rest().body("{\"destinations\": [\"" + SmtpSink.DEFERRED_ONCE_PREFIX + "carl@dest.test\"]}")
            .put(DOMAIN + "/aliases/later").then().statusCode(201);
        history.send("later@journey.test", "later", "<journey-2@sender.test>");
        sink.awaitCopy(SmtpSink.DEFERRED_ONCE_PREFIX + "carl@dest.test", "later");

        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300))
            .until(() -> history.journeyTypes("<journey-2@sender.test>").contains("delivered"));
        String id = messages("?messageId=<journey-2@sender.test>").getString("items[0].id");
        JsonPath journey = rest().get(DOMAIN + "/messages/" + id).then().statusCode(200).extract().jsonPath();
        assertThat(journey.getList("events.type", String.class)).containsExactly("received", "forwarded", "deferred", "delivered");
        assertThat(journey.getString("events[2].detail")).contains("attempt 1");
        assertThat(journey.getList("events.at", String.class)).isSorted();
        assertThat(messages("?messageId=<journey-2@sender.test>").getString("items[0].status")).isEqualTo("delivered");
        // Found by the server that took it (RemoteDelivery names the destination domain on success) and the deferral's text.
        assertThat(search("remoteMta", "DEST.test").getList("items.id", String.class)).contains(id);
        assertThat(search("reason", "temporary delivery failure").getList("items.id", String.class)).contains(id);
        assertThat(search("remoteMta", "journey.test").getList("items")).isEmpty();
    }

    @Test
    void aCopyRefusedForGoodShouldBeKeptAndResentToAnotherAddressFromItsJourney() throws Exception {
        rest().body("{\"destinations\": [\"" + SmtpSink.REFUSED_PREFIX + "dan@dest.test\"]}")
            .put(DOMAIN + "/aliases/solo").then().statusCode(201);
        history.send("solo@journey.test", "resend me", "<journey-3@sender.test>");
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300))
            .until(() -> history.journeyTypes("<journey-3@sender.test>").contains("bounced"));
        String id = messages("?messageId=<journey-3@sender.test>").getString("items[0].id");
        rest().get(DOMAIN + "/messages/" + id).then().statusCode(200)
            .body("failedCopy.kept", org.hamcrest.Matchers.is(true)).body("failedCopy.until", org.hamcrest.Matchers.notNullValue());

        rest().body("{\"to\": \"not an address\"}").post(DOMAIN + "/messages/" + id + "/resend").then().statusCode(400);
        String copyId = rest().body("{\"to\": \"dan.new@dest.test\"}").post(DOMAIN + "/messages/" + id + "/resend")
            .then().statusCode(202).extract().path("copyId");

        SmtpSink.Delivery resent = sink.awaitCopy("dan.new@dest.test", "resend me");
        assertThat(resent.sender()).startsWith("SRS0=").endsWith("@journey.test");
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300))
            .until(() -> stepsTo(id, "dan.new@dest.test").contains("delivered"));
        List<String> types = rest().get(DOMAIN + "/messages/" + id).then().statusCode(200).extract().jsonPath()
            .getList("events.type", String.class);
        assertThat(types.indexOf("resent")).isGreaterThan(types.indexOf("bounced"));
        assertThat(stepsTo(id, "dan.new@dest.test")).containsExactly("resent", "delivered");
        JsonPath journey = rest().get(DOMAIN + "/messages/" + id).then().extract().jsonPath();
        assertThat(journey.getString("events[" + types.indexOf("resent") + "].mailId")).isEqualTo(copyId);
        rest().body("{\"to\": \"x@dest.test\"}").post(DOMAIN + "/messages/no-such-message/resend").then().statusCode(404);
    }

    private static JsonPath search(String parameter, String value) {
        return rest().queryParam(parameter, value).get(DOMAIN + "/messages").then().statusCode(200).extract().jsonPath();
    }

    /** The types of the journey's events whose recipients include {@code recipient}, in order. */
    private static List<String> stepsTo(String journeyId, String recipient) {
        JsonPath journey = rest().get(DOMAIN + "/messages/" + journeyId).then().statusCode(200).extract().jsonPath();
        List<String> steps = new java.util.ArrayList<>();
        for (int i = 0; i < journey.getList("events").size(); i++) {
            if (journey.getList("events[" + i + "].recipients", String.class).contains(recipient)) {
                steps.add(journey.getString("events[" + i + "].type"));
            }
        }
        return steps;
    }
}
