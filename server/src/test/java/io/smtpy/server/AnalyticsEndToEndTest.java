package io.smtpy.server;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import io.smtpy.server.testing.ServerWithSink;
import io.smtpy.server.testing.SmtpSink;
import io.smtpy.server.testing.SmtpTestClient;

/**
 * Analytics over real SMTP on loopback: mails forwarded and delivered to the sink, one refused at RCPT (unknown
 * alias), one bounced by the sink (a {@code refuse-} destination), then {@code GET .../analytics} counts them in the
 * current hour, from the roll-ups the mail events fed as they were recorded, before any flush.
 */
@Timeout(300)
class AnalyticsEndToEndTest {
    private static final String DOMAIN = "stats.test";

    @TempDir
    static Path temporary;

    private static ServerWithSink fixture;

    @BeforeAll
    static void start() throws Exception {
        fixture = ServerWithSink.start(temporary, Optional.empty());
        rest().put("/smtpy/domains/" + DOMAIN).then().statusCode(201);
        rest().body("{\"destinations\": [\"sales@dest.test\"]}").put("/smtpy/domains/" + DOMAIN + "/aliases/sales").then().statusCode(201);
        rest().body("{\"destinations\": [\"" + SmtpSink.REFUSED_PREFIX + "x@dest.test\"]}")
            .put("/smtpy/domains/" + DOMAIN + "/aliases/refusing").then().statusCode(201);
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

    private static String message(String to, String subject) {
        return "From: <ann@sender.test>\r\nTo: <" + to + ">\r\nSubject: " + subject + "\r\nMessage-ID: <"
            + subject.replace(' ', '-') + "@sender.test>\r\nDate: Fri, 4 Dec 2026 08:00:00 +0000\r\n\r\nHello\r\n";
    }

    private static void send(String recipient, String subject) throws Exception {
        try (SmtpTestClient smtp = SmtpTestClient.connect("127.0.0.1", fixture.smtpPort())) {
            smtp.ehlo("client.sender.test");
            assertThat(smtp.mailFrom("ann@sender.test").code()).isEqualTo(250);
            assertThat(smtp.rcptTo(recipient).code()).isEqualTo(250);
            assertThat(smtp.data(message(recipient, subject)).code()).isEqualTo(250);
        }
    }

    private static JsonPath analytics() {
        return rest().get("/smtpy/domains/" + DOMAIN + "/analytics").then().statusCode(200).extract().jsonPath();
    }

    private static String events() {
        return rest().get("/smtpy/domains/" + DOMAIN + "/events?limit=100").then().extract().asString();
    }

    /** The whole series: the server and the domain are new, so every count is this test's (even if the hour turns). */
    private static long total(JsonPath report, String series) {
        return report.getList("series." + series, Integer.class).stream().mapToLong(Integer::longValue).sum();
    }

    @Test
    void analyticsShouldCountWhatTheMailPathDidInTheCurrentHour() throws Exception {
        Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS);
        send("sales@" + DOMAIN, "first");
        send("sales@" + DOMAIN, "second");
        send("refusing@" + DOMAIN, "refused downstream");
        try (SmtpTestClient smtp = SmtpTestClient.connect("127.0.0.1", fixture.smtpPort())) {
            smtp.ehlo("client.sender.test");
            assertThat(smtp.mailFrom("ann@sender.test").code()).isEqualTo(250);
            assertThat(smtp.rcptTo("nobody@" + DOMAIN).code()).isEqualTo(550);
        }
        fixture.sink().awaitCopy("sales@dest.test", "first");
        fixture.sink().awaitCopy("sales@dest.test", "second");
        // The bounce goes back to the SRS address, is reversed and delivered to the original sender: one more delivery.
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).until(() ->
            fixture.sink().deliveries().stream().anyMatch(d -> d.recipient().equals("ann@sender.test")));

        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonPath report = analytics();
            assertThat(report.getString("buckets[-1]")).isIn(hour.toString(), hour.plus(Duration.ofHours(1)).toString());
            assertThat(total(report, "delivered")).as(events()).isEqualTo(3);
            assertThat(total(report, "bounced")).as(events()).isEqualTo(1);
        });
        JsonPath report = analytics();
        // The bounce came back to the SRS address: received and forwarded on to the original sender.
        assertThat(total(report, "received")).as(events()).isEqualTo(4);
        assertThat(total(report, "forwarded")).as(events()).isEqualTo(4);
        assertThat(total(report, "rejected")).as(events()).isEqualTo(1);
        assertThat(report.getLong("rejectedByReason.unknown-user")).isEqualTo(1);
        assertThat(report.getLong("latencyMs.p50")).isPositive();
        assertThat(report.getString("top.senders[0].value")).isEqualTo("ann@sender.test");
        assertThat(report.getLong("top.senders[0].count")).isEqualTo(3);
        // The SRS address the bounce came back to counts for the domain, not as an alias.
        assertThat(report.getList("top.aliases.value", String.class)).containsExactlyInAnyOrder("sales", "refusing");
        assertThat(report.getList("top.destinations.value", String.class))
            .containsExactlyInAnyOrder("sales@dest.test", SmtpSink.REFUSED_PREFIX + "x@dest.test", "ann@sender.test");
    }
}
