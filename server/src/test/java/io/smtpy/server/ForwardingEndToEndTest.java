package io.smtpy.server;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import io.smtpy.core.testing.MovableClock;
import io.smtpy.server.testing.ServerWithSink;
import io.smtpy.server.testing.SmtpSink;
import io.smtpy.server.testing.SmtpTestClient;

/**
 * The forwarding promise over real SMTP on loopback: the embedded server (shipped pipeline, durable queue) with
 * all outbound mail going to a local sink through {@code --gateway}; mail sent by an unauthenticated client.
 */
@Timeout(600)
class ForwardingEndToEndTest {
    private static final Instant START = Instant.parse("2026-06-01T08:00:00Z");
    private static final String SENDER = "jane@sender.example";

    @TempDir
    static Path temporary;

    private static final MovableClock CLOCK = new MovableClock(START);
    private static ServerWithSink fixture;
    private static SmtpSink sink;
    private static int smtpPort;
    private static RequestSpecification api;

    @BeforeAll
    static void start() throws Exception {
        fixture = ServerWithSink.start(temporary, Optional.of(CLOCK));
        sink = fixture.sink();
        smtpPort = fixture.smtpPort();
        api = fixture.api();
        rest().put("/smtpy/domains/d1.example").then().statusCode(201);
        rest().put("/smtpy/domains/d2.example").then().statusCode(201);
        alias("d1.example", "team", "{\"destinations\": [\"one@dest.example\", \"two@dest.example\", \"three@dest.example\"]}");
        alias("d1.example", "info", "{\"destinations\": [\"info@dest.example\"]}");
        alias("d1.example", "refusing", "{\"destinations\": [\"" + SmtpSink.REFUSED_PREFIX + "x@dest.example\"]}");
        alias("d1.example", "temp", "{\"destinations\": [\"temp@dest.example\"], \"expiresAt\": \"2026-06-01T09:00:00Z\"}");
        alias("d1.example", "loop-a", "{\"destinations\": [\"loop-b@d2.example\"]}");
        alias("d2.example", "loop-b", "{\"destinations\": [\"loop-a@d1.example\"]}");
        alias("d2.example", "exact", "{\"destinations\": [\"exact@dest.example\"]}");
        rest().body("{\"destinations\": [\"catchall@dest.example\"], \"exceptions\": ["
                + "{\"pattern\": \"old\", \"action\": \"reject\"}, {\"pattern\": \"later\", \"action\": \"defer\"},"
                + "{\"pattern\": \"junk-*\", \"action\": \"drop\"}]}")
            .put("/smtpy/domains/d2.example/catch-all").then().statusCode(200);
    }

    @AfterAll
    static void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @BeforeEach
    void resetClock() {
        CLOCK.moveTo(START);
    }

    private static RequestSpecification rest() {
        return given().spec(api);
    }

    private static void alias(String domain, String localPart, String json) {
        rest().body(json).put("/smtpy/domains/" + domain + "/aliases/" + localPart).then().statusCode(201);
    }

    private static String message(String to, String subject) {
        return "From: Jane <" + SENDER + ">\r\n"
            + "To: " + to + "\r\n"
            + "Subject: " + subject + "\r\n"
            + "Message-ID: <" + subject.replace(' ', '-') + "@sender.example>\r\n"
            + "Date: Mon, 1 Jun 2026 08:00:00 +0000\r\n"
            + "\r\n"
            + "Hello,\r\n"
            + "this is the body of " + subject + ".\r\n"
            + "--\r\n"
            + "Jane\r\n";
    }

    private static SmtpTestClient connect() throws Exception {
        SmtpTestClient client = SmtpTestClient.connect("127.0.0.1", smtpPort);
        client.ehlo("client.sender.example");
        return client;
    }

    private static List<SmtpSink.Delivery> deliveriesWithSubject(String subject) {
        return sink.deliveries().stream().filter(d -> d.header("Subject").equals(subject)).collect(Collectors.toList());
    }

    private static List<SmtpSink.Delivery> awaitDeliveries(String subject, int count) {
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
            .until(() -> deliveriesWithSubject(subject).size() >= count);
        return deliveriesWithSubject(subject);
    }

    private static void send(String sender, List<String> recipients, String message) throws Exception {
        try (SmtpTestClient smtp = connect()) {
            assertThat(smtp.mailFrom(sender).code()).isEqualTo(250);
            for (String recipient : recipients) {
                assertThat(smtp.rcptTo(recipient).code()).as("RCPT " + recipient).isEqualTo(250);
            }
            assertThat(smtp.data(message).code()).isEqualTo(250);
        }
    }

    private static JsonPath events(String domain, String query) {
        return rest().get("/smtpy/domains/" + domain + "/events" + query).then().statusCode(200).extract().jsonPath();
    }

    private static String bodyOf(String raw) {
        int end = raw.indexOf("\r\n\r\n");
        return raw.substring(end + 4);
    }

    @Test
    void aliasWithThreeDestinationsShouldReachEachOnceUnchangedWithAnSrsSender() throws Exception {
        String original = message("team@d1.example", "three destinations");
        send(SENDER, List.of("team@d1.example"), original);

        List<SmtpSink.Delivery> deliveries = awaitDeliveries("three destinations", 3);
        Thread.sleep(1_000);

        assertThat(deliveriesWithSubject("three destinations")).extracting(SmtpSink.Delivery::recipient)
            .containsExactlyInAnyOrder("one@dest.example", "two@dest.example", "three@dest.example");
        for (SmtpSink.Delivery delivery : deliveries) {
            assertThat(delivery.sender()).matches("(?i)SRS0=[a-z2-7]{8}=[a-z2-7]{2}=sender\\.example=jane@d1\\.example");
            String headerBlock = original.substring(0, original.indexOf("\r\n\r\n") + 2);
            assertThat(delivery.message()).contains(headerBlock);
            assertThat(bodyOf(delivery.message())).isEqualTo(bodyOf(original));
            assertThat(delivery.header("X-Smtpy-Forwarded")).startsWith("d1.example for team@d1.example");
        }
        JsonPath forwarded = events("d1.example", "?alias=team&type=forwarded");
        assertThat(forwarded.getList("recipients", List.class)).hasSize(1);
        assertThat(events("d1.example", "?alias=team&type=received").getList("type")).hasSize(1);
        Awaitility.await().atMost(Duration.ofSeconds(10))
            .until(() -> events("d1.example", "?alias=team&type=delivered").getList("type").size() >= 1);
    }

    @Test
    void unknownRecipientShouldBeRefusedWhileTheAliasInTheSameTransactionIsForwarded() throws Exception {
        try (SmtpTestClient smtp = connect()) {
            smtp.mailFrom(SENDER);
            assertThat(smtp.rcptTo("info@d1.example").code()).isEqualTo(250);
            SmtpTestClient.Reply unknown = smtp.rcptTo("nobody@d1.example");
            assertThat(unknown.code()).isEqualTo(550);
            assertThat(unknown.text()).startsWith("5.1.1");
            assertThat(smtp.data(message("info@d1.example", "mixed transaction")).code()).isEqualTo(250);
        }

        assertThat(awaitDeliveries("mixed transaction", 1)).extracting(SmtpSink.Delivery::recipient).containsExactly("info@dest.example");
        JsonPath rejected = events("d1.example", "?type=rejected&alias=nobody");
        assertThat(rejected.getInt("[0].smtpCode")).isEqualTo(550);
        assertThat(rejected.getString("[0].enhancedStatus")).isEqualTo("5.1.1");
    }

    @Test
    void dsnToTheSrsAddressShouldReachTheOriginalSender() throws Exception {
        send("bounce-me@origin.example", List.of("info@d1.example"), message("info@d1.example", "will be answered"));
        String srsAddress = awaitDeliveries("will be answered", 1).get(0).sender();

        send("", List.of(srsAddress), "From: MAILER-DAEMON@dest.example\r\nTo: " + srsAddress + "\r\n"
            + "Subject: Undelivered Mail Returned to Sender\r\n\r\nThe mail could not be delivered.\r\n");

        SmtpSink.Delivery returned = awaitDeliveries("Undelivered Mail Returned to Sender", 1).get(0);
        assertThat(returned.recipient()).isEqualTo("bounce-me@origin.example");
        assertThat(returned.sender()).isIn("", "<>");
        assertThat(events("d1.example", "?type=forwarded&limit=1000").getList("detail", String.class))
            .anyMatch(detail -> detail.startsWith("returned to the original sender; copy Mail"));
    }

    @Test
    void permanentFailureAtTheDestinationShouldBounceToTheOriginalSender() throws Exception {
        send("author@origin.example", List.of("refusing@d1.example"), message("refusing@d1.example", "refused downstream"));

        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).until(() ->
            sink.deliveries().stream().anyMatch(d -> d.recipient().equals("author@origin.example")));
        SmtpSink.Delivery dsn = sink.deliveries().stream().filter(d -> d.recipient().equals("author@origin.example")).findFirst().get();
        assertThat(dsn.sender()).isIn("", "<>");
        assertThat(dsn.message()).contains("refused downstream");
        Awaitility.await().atMost(Duration.ofSeconds(10))
            .until(() -> events("d1.example", "?alias=refusing&type=bounced").getList("type").size() >= 1);
    }

    @Test
    void forgedAndExpiredSrsAddressesShouldBeRefusedAtRcpt() throws Exception {
        send("old-sender@origin.example", List.of("info@d1.example"), message("info@d1.example", "srs to expire"));
        String srsAddress = awaitDeliveries("srs to expire", 1).get(0).sender();
        String forged = srsAddress.replaceFirst("(?i)SRS0=[a-z2-7]{8}", "SRS0=AAAAAAAA");

        try (SmtpTestClient smtp = connect()) {
            smtp.mailFrom("");
            SmtpTestClient.Reply reply = smtp.rcptTo(forged);
            assertThat(reply.code()).isEqualTo(550);
            assertThat(reply.text()).startsWith("5.1.1");
        }
        CLOCK.moveBy(Duration.ofDays(22));
        try (SmtpTestClient smtp = connect()) {
            smtp.mailFrom("");
            assertThat(smtp.rcptTo(srsAddress).code()).isEqualTo(550);
        }
        assertThat(events("d1.example", "?type=rejected&limit=1000").getList("detail", String.class))
            .anyMatch(detail -> detail.contains("(forged)"))
            .anyMatch(detail -> detail.contains("(expired)"));
    }

    @Test
    void catchAllShouldLoseToExactAliasesAndApplyItsExceptions() throws Exception {
        send(SENDER, List.of("exact@d2.example", "someone@d2.example"), message("d2", "catch-all mail"));
        assertThat(awaitDeliveries("catch-all mail", 2)).extracting(SmtpSink.Delivery::recipient)
            .containsExactlyInAnyOrder("exact@dest.example", "catchall@dest.example");

        try (SmtpTestClient smtp = connect()) {
            smtp.mailFrom(SENDER);
            SmtpTestClient.Reply old = smtp.rcptTo("old@d2.example");
            assertThat(old.code()).isEqualTo(550);
            assertThat(old.text()).startsWith("5.1.1");
            assertThat(smtp.rcptTo("junk-1@d2.example").code()).isEqualTo(250);
            assertThat(smtp.data(message("junk-1@d2.example", "dropped mail")).code()).isEqualTo(250);
        }
        try (SmtpTestClient smtp = connect()) {
            smtp.mailFrom(SENDER);
            SmtpTestClient.Reply later = smtp.rcptTo("later@d2.example");
            assertThat(later.code()).isEqualTo(421);
            assertThat(later.text()).startsWith("4.7.0");
        }
        Awaitility.await().atMost(Duration.ofSeconds(10))
            .until(() -> events("d2.example", "?type=dropped").getList("type").size() >= 1);
        assertThat(deliveriesWithSubject("dropped mail")).isEmpty();
    }

    @Test
    void expiredAliasShouldBeAcceptedBeforeItsExpiryAndRefusedAfter() throws Exception {
        try (SmtpTestClient smtp = connect()) {
            smtp.mailFrom(SENDER);
            assertThat(smtp.rcptTo("temp@d1.example").code()).isEqualTo(250);
        }
        CLOCK.moveTo(Instant.parse("2026-06-01T09:00:00Z"));
        try (SmtpTestClient smtp = connect()) {
            smtp.mailFrom(SENDER);
            SmtpTestClient.Reply reply = smtp.rcptTo("temp@d1.example");
            assertThat(reply.code()).isEqualTo(550);
            assertThat(reply.text()).startsWith("5.1.1");
        }
        assertThat(events("d1.example", "?type=rejected&alias=temp").getList("type")).hasSize(1);
    }

    @Test
    void unauthenticatedClientsShouldNotRelayByAnyAddressTrick() throws Exception {
        try (SmtpTestClient smtp = connect()) {
            smtp.mailFrom(SENDER);
            for (String trick : List.of("victim@external.example", "victim%external.example@d1.example",
                "@d1.example:victim@external.example", "SRS0=AAAAAAAA=AA=external.example=victim@external.example",
                "victim@external.example@d1.example")) {
                SmtpTestClient.Reply reply = smtp.rcptTo(trick);
                assertThat(reply.code()).as(trick + " -> " + reply).isGreaterThanOrEqualTo(500);
            }
        }
        try (SmtpTestClient smtp = connect()) {
            smtp.mailFrom(SENDER);
            SmtpTestClient.Reply reply = smtp.rcptTo("victim@external.example");
            assertThat(reply.code()).isEqualTo(550);
            assertThat(reply.text()).startsWith("5.7.1");
        }
    }

    @Test
    void tooManyRecipientsAndTooLargeMessagesShouldBeRefused() throws Exception {
        try (SmtpTestClient smtp = connect()) {
            SmtpTestClient.Reply tooLarge = smtp.command("MAIL FROM:<" + SENDER + "> SIZE=" + (26L * 1024 * 1024));
            assertThat(tooLarge.code()).isEqualTo(552);
            assertThat(tooLarge.text()).startsWith("5.3.4");
        }
        try (SmtpTestClient smtp = connect()) {
            smtp.mailFrom(SENDER);
            for (int i = 0; i < 100; i++) {
                assertThat(smtp.rcptTo("info+" + i + "@d1.example").code()).isEqualTo(250);
            }
            SmtpTestClient.Reply oneTooMany = smtp.rcptTo("info+100@d1.example");
            assertThat(oneTooMany.code()).isEqualTo(452);
        }
    }

    @Test
    void bounceToAnAliasShouldBeForwardedWithTheNullSender() throws Exception {
        send("", List.of("info@d1.example"), message("info@d1.example", "a bounce for info"));

        SmtpSink.Delivery delivery = awaitDeliveries("a bounce for info", 1).get(0);
        assertThat(delivery.recipient()).isEqualTo("info@dest.example");
        assertThat(delivery.sender()).isIn("", "<>");
    }

    @Test
    void mailThatAlreadyCrossedSmtpyTooOftenShouldBounceInsteadOfBeingForwarded() throws Exception {
        StringBuilder looped = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            looped.append("X-Smtpy-Forwarded: d1.example for info@d1.example\r\n");
        }
        send("looped@origin.example", List.of("info@d1.example"), looped + message("info@d1.example", "looped through outside"));

        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).until(() ->
            sink.deliveries().stream().anyMatch(d -> d.recipient().equals("looped@origin.example")));
        assertThat(sink.deliveries().stream().filter(d -> d.recipient().equals("looped@origin.example")).findFirst().get().message())
            .contains("mail loop");
        assertThat(deliveriesWithSubject("looped through outside")).isEmpty();
    }

    @Test
    void aliasLoopShouldEndInOneBounceWithTheReason() throws Exception {
        send("looper@origin.example", List.of("loop-a@d1.example"), message("loop-a@d1.example", "looping mail"));

        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).until(() ->
            sink.deliveries().stream().anyMatch(d -> d.recipient().equals("looper@origin.example")));
        Thread.sleep(2_000);
        List<SmtpSink.Delivery> bounces = sink.deliveries().stream()
            .filter(d -> d.recipient().equals("looper@origin.example")).collect(Collectors.toList());
        assertThat(bounces).hasSize(1);
        assertThat(bounces.get(0).message()).contains("alias loop");
        assertThat(deliveriesWithSubject("looping mail")).isEmpty();
        assertThat(events("d1.example", "?type=loop").getString("[0].detail")).contains("loop-a@d1.example -> loop-b@d2.example");
    }
}
