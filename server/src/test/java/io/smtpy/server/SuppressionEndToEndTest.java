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
import io.smtpy.server.testing.SmtpTestClient;
import io.smtpy.suppression.ArfSamples;

/**
 * Suppression over real SMTP on loopback, with the shipped pipeline and a local sink as every destination's MX: a
 * destination answering {@code 550 5.1.1} is suppressed for its alias, so the next mail goes to the alias's fallback
 * (or is held in the quarantine without one) and says so in its journey; lifting it over the API sends the next mail
 * there again; an ARF complaint sent to the SRS return address of a forwarded copy is a {@code complained} event in
 * that mail's journey and suppresses the complaining destination, as does one sent to the operator's
 * {@code complaints.address}.
 */
@Timeout(300)
class SuppressionEndToEndTest {
    private static final String DOMAIN_NAME = "suppress.test";
    private static final String DOMAIN = "/smtpy/domains/" + DOMAIN_NAME;
    private static final String COMPLAINTS = "fbl@" + DOMAIN_NAME;

    @TempDir
    static Path temporary;

    private static ServerWithSink fixture;
    private static SmtpSink sink;
    private static MessageHistory history;

    @BeforeAll
    static void start() throws Exception {
        fixture = ServerWithSink.start(temporary, Optional.empty(), List.of(), "complaints.address=" + COMPLAINTS);
        sink = fixture.sink();
        history = new MessageHistory(fixture, DOMAIN);
        rest().put(DOMAIN).then().statusCode(201);
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

    private static void alias(String localPart, String json) {
        rest().body(json).put(DOMAIN + "/aliases/" + localPart).then().statusCode(201);
    }

    private static JsonPath suppressions(String query) {
        return rest().get(DOMAIN + "/suppressions" + query).then().statusCode(200).extract().jsonPath();
    }

    @Test
    void aDestinationAnswering550UserUnknownShouldBeSuppressedUntilLiftedWhileItsFallbackGetsTheMail() throws Exception {
        String gone = SmtpSink.GONE_PREFIX + "jane@dest.test";
        alias("team", "{\"destinations\": [\"" + gone + "\", \"ops@dest.test\"], \"fallbacks\": [\"backup@dest.test\"]}");

        history.send("team@" + DOMAIN_NAME, "first", "<suppress-1@sender.test>");
        sink.awaitCopy("ops@dest.test", "first");
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300))
            .until(() -> suppressions("?alias=team").getList("items").size() == 1);
        JsonPath suppressed = suppressions("?alias=team&destination=" + gone);
        assertThat(suppressed.getString("items[0].cause")).isEqualTo("bounce:no-such-user");
        assertThat(suppressed.getString("items[0].reason")).contains("550").contains("5.1.1");
        String firstJourney = history.journeyId("<suppress-1@sender.test>");
        assertThat(suppressed.getString("items[0].journeyId")).isEqualTo(firstJourney);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> history.journeyTypes("<suppress-1@sender.test>").contains("suppressed"));

        history.send("team@" + DOMAIN_NAME, "second", "<suppress-2@sender.test>");
        sink.awaitCopy("backup@dest.test", "second");
        sink.awaitCopy("ops@dest.test", "second");
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> history.journeyTypes("<suppress-2@sender.test>").contains("delivered"));
        JsonPath second = history.journey("<suppress-2@sender.test>");
        assertThat(second.getList("events.type", String.class)).contains("received", "suppressed", "forwarded")
            .doesNotContain("bounced", "quarantined");
        assertThat(second.getString("events.find { it.type == 'suppressed' }.detail"))
            .contains("not sent to " + gone).contains("sent to the fallback backup@dest.test");
        assertThat(second.getList("events.find { it.type == 'forwarded' }.recipients", String.class))
            .containsExactlyInAnyOrder("ops@dest.test", "backup@dest.test");

        sink.revive(gone);
        rest().delete(DOMAIN + "/suppressions/" + suppressed.getString("items[0].id")).then().statusCode(204);
        assertThat(suppressions("?alias=team").getList("items")).isEmpty();

        history.send("team@" + DOMAIN_NAME, "third", "<suppress-3@sender.test>");
        sink.awaitCopy(gone, "third");
        assertThat(sink.deliveries()).noneMatch(delivery -> delivery.recipient().equals("backup@dest.test")
            && delivery.header("Subject").equals("third"));
        assertThat(typesOfDomainEvents("unsuppressed")).isNotEmpty();
    }

    @Test
    void aSuppressedDestinationWithoutFallbackShouldHaveTheMailHeldUntilAnOwnerReleasesIt() throws Exception {
        alias("solo", "{\"destinations\": [\"sam@dest.test\"]}");
        rest().body("{\"alias\": \"solo\", \"destination\": \"sam@dest.test\", \"reason\": \"asked to pause\"}")
            .post(DOMAIN + "/suppressions").then().statusCode(201);

        history.send("solo@" + DOMAIN_NAME, "held", "<suppress-held@sender.test>");
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300))
            .until(() -> rest().get(DOMAIN + "/quarantine?alias=solo").then().extract().jsonPath().getList("items").size() == 1);
        JsonPath held = rest().get(DOMAIN + "/quarantine?alias=solo").then().statusCode(200).extract().jsonPath();
        assertThat(held.getString("items[0].reason")).contains("not sent to sam@dest.test, suppressed until").contains("asked to pause");
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> history.journeyTypes("<suppress-held@sender.test>").contains("quarantined"));
        assertThat(history.journeyTypes("<suppress-held@sender.test>")).contains("received", "suppressed", "quarantined")
            .doesNotContain("forwarded");
        assertThat(sink.deliveries()).noneMatch(delivery -> delivery.header("Subject").equals("held"));

        rest().post(DOMAIN + "/quarantine/" + held.getString("items[0].id") + "/release").then().statusCode(200);

        sink.awaitCopy("sam@dest.test", "held");
    }

    @Test
    void anArfComplaintToTheSrsReturnAddressOfACopyShouldBeInItsJourneyAndSuppressTheDestination() throws Exception {
        alias("news", "{\"destinations\": [\"reader@dest.test\", \"other-reader@dest.test\"]}");
        history.send("news@" + DOMAIN_NAME, "newsletter", "<suppress-arf@sender.test>");
        SmtpSink.Delivery copy = sink.awaitCopy("reader@dest.test", "newsletter");
        String returnAddress = copy.sender();
        assertThat(returnAddress).startsWith("SRS0=").endsWith("@" + DOMAIN_NAME);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> history.journeyTypes("<suppress-arf@sender.test>").contains("forwarded"));

        String report = ArfSamples.abuseReport("suppress-arf@sender.test", DOMAIN_NAME, "news@" + DOMAIN_NAME, "reader@dest.test",
            returnAddress);
        try (SmtpTestClient smtp = SmtpTestClient.connect("127.0.0.1", fixture.smtpPort())) {
            smtp.ehlo("feedback.dest.test");
            assertThat(smtp.mailFrom("fbl@dest.test").code()).isEqualTo(250);
            assertThat(smtp.rcptTo(returnAddress).code()).isEqualTo(250);
            assertThat(smtp.data(report).code()).isEqualTo(250);
        }

        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300))
            .until(() -> history.journeyTypes("<suppress-arf@sender.test>").contains("complained"));
        JsonPath journey = history.journey("<suppress-arf@sender.test>");
        assertThat(journey.getList("events.find { it.type == 'complained' }.recipients", String.class)).containsExactly("reader@dest.test");
        assertThat(journey.getString("events.find { it.type == 'complained' }.alias")).isEqualTo("news");
        assertThat(journey.getString("events.find { it.type == 'complained' }.detail")).contains("abuse").contains("SomeGenerator/1.0");
        JsonPath suppressed = suppressions("?alias=news");
        assertThat(suppressed.getList("items.destination", String.class)).containsExactly("reader@dest.test");
        assertThat(suppressed.getString("items[0].cause")).isEqualTo("complaint:abuse");
        // The report is about smtpy's forwarding: it is not sent back to the original sender.
        Thread.sleep(2000);
        assertThat(sink.deliveries()).noneMatch(delivery -> delivery.recipient().equals("ann@sender.test")
            && delivery.header("Subject").equals("FW: Earn money"));
    }

    private static List<String> typesOfDomainEvents(String type) {
        return rest().get(DOMAIN + "/events?type=" + type).then().statusCode(200).extract().jsonPath().getList("type", String.class);
    }

    @Test
    void anArfComplaintToTheOperatorsComplaintsAddressShouldBeTakenLikeOneToTheSrsAddress() throws Exception {
        alias("digest", "{\"destinations\": [\"subscriber@dest.test\"]}");
        history.send("digest@" + DOMAIN_NAME, "digest", "<suppress-fbl@sender.test>");
        SmtpSink.Delivery copy = sink.awaitCopy("subscriber@dest.test", "digest");
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> history.journeyTypes("<suppress-fbl@sender.test>").contains("forwarded"));

        String report = ArfSamples.abuseReport("suppress-fbl@sender.test", DOMAIN_NAME, "digest@" + DOMAIN_NAME,
            "subscriber@dest.test", copy.sender());
        try (SmtpTestClient smtp = SmtpTestClient.connect("127.0.0.1", fixture.smtpPort())) {
            smtp.ehlo("feedback.dest.test");
            assertThat(smtp.mailFrom("fbl@dest.test").code()).isEqualTo(250);
            assertThat(smtp.rcptTo(COMPLAINTS).code()).isEqualTo(250);
            assertThat(smtp.data(report).code()).isEqualTo(250);
        }

        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300))
            .until(() -> history.journeyTypes("<suppress-fbl@sender.test>").contains("complained"));
        assertThat(suppressions("?alias=digest").getList("items.destination", String.class)).containsExactly("subscriber@dest.test");
    }
}
