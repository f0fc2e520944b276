package io.smtpy.server;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import io.smtpy.core.testing.MovableClock;
import io.smtpy.server.testing.ServerWithSink;
import io.smtpy.server.testing.SmtpSink;
import io.smtpy.server.testing.SmtpTestClient;

/**
 * Notifications over real SMTP on loopback: a destination that refuses mail for good brings one alert to the domain's
 * owner and admin, each with RFC 8058 one-click fields naming a signed link; the owner's one-click POST (no sign-in)
 * opts them out, so the next failing destination is mailed to the admin only; the next UTC day, the owner, who opted
 * in to the digest, gets yesterday's counts, the same the analytics API gives. The server runs on a moved clock, and
 * the digest schedule looks every second, so the day changes without waiting for it.
 */
@Timeout(300)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NotificationsEndToEndTest {
    private static final Instant START = Instant.parse("2026-06-01T08:00:00Z");
    private static final String DOMAIN = "notify.test";
    private static final String OWNER = "owner@people.test";
    private static final String ADMIN = "admin@people.test";
    private static final String PASSWORD = "correct horse battery staple";
    private static final String PUBLIC_URL = "https://smtpy.test";
    private static final String BOB = SmtpSink.REFUSED_PREFIX + "bob@dest.test";
    private static final String CARL = SmtpSink.REFUSED_PREFIX + "carl@dest.test";
    private static final Pattern LINK = Pattern.compile("<" + Pattern.quote(PUBLIC_URL) + "(/smtpy/notifications/unsubscribe/[A-Za-z0-9_-]+)>");

    @TempDir
    static Path temporary;

    private static final MovableClock CLOCK = new MovableClock(START);
    private static ServerWithSink fixture;
    private static SmtpSink sink;
    private static String ownerSession;

    @BeforeAll
    static void start() throws Exception {
        fixture = ServerWithSink.start(temporary, Optional.of(CLOCK), List.of(),
            "rules.publicUrl=" + PUBLIC_URL + "\nnotifications.digestLookEverySeconds=1\n");
        sink = fixture.sink();
        String account = operator().body(Map.of("name", "People")).post("/smtpy/accounts").then().statusCode(201)
            .extract().path("id");
        for (String[] member : new String[][] {{OWNER, "owner"}, {ADMIN, "admin"}}) {
            operator().body(Map.of("email", member[0], "role", member[1], "password", PASSWORD))
                .post("/smtpy/accounts/" + account + "/members").then().statusCode(201);
        }
        ownerSession = given().port(fixture.webAdminPort()).contentType(ContentType.JSON)
            .body(Map.of("email", OWNER, "password", PASSWORD)).post("/smtpy/session").then().statusCode(201).extract().path("token");
        owner().put("/smtpy/domains/" + DOMAIN).then().statusCode(201);
        owner().body(Map.of("destinations", List.of("jane@dest.test", BOB))).put("/smtpy/domains/" + DOMAIN + "/aliases/team")
            .then().statusCode(201);
        owner().body(Map.of("destinations", List.of(CARL))).put("/smtpy/domains/" + DOMAIN + "/aliases/ops").then().statusCode(201);
        owner().body(Map.of("digest", "on")).put("/smtpy/me/notifications").then().statusCode(200);
    }

    @AfterAll
    static void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private static RequestSpecification operator() {
        return given().spec(fixture.api());
    }

    private static RequestSpecification owner() {
        return given().port(fixture.webAdminPort()).contentType(ContentType.JSON).header("Authorization", "Bearer " + ownerSession);
    }

    /** What smtpy's notifications sent the member (not the address verification mail every new member gets). */
    private static List<SmtpSink.Delivery> mailTo(String member) {
        return sink.deliveries().stream().filter(delivery -> delivery.recipient().equals(member))
            .filter(delivery -> delivery.message().contains("notifications of type"))
            .collect(Collectors.toList());
    }

    private static String failing(String destination) {
        return "Mail to " + destination + " is failing for " + DOMAIN;
    }

    private static void liftSuppressionOf(String destination) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300))
            .until(() -> !suppressionsOf(destination).isEmpty());
        for (String id : suppressionsOf(destination)) {
            operator().delete("/smtpy/domains/" + DOMAIN + "/suppressions/" + id).then().statusCode(204);
        }
    }

    private static List<String> suppressionsOf(String destination) {
        return operator().queryParam("destination", destination).get("/smtpy/domains/" + DOMAIN + "/suppressions").then()
            .statusCode(200).extract().jsonPath().getList("items.id", String.class);
    }

    private static void awaitBounces(String destination, int count) {
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300))
            .until(() -> operator().get("/smtpy/domains/" + DOMAIN + "/events?type=bounced").then().statusCode(200).extract()
                .jsonPath().getList("recipients.flatten()", String.class).stream().filter(destination::equals).count() >= count);
    }

    @Test
    @Order(1)
    void aFailingDestinationShouldBeOneAlertPerMemberWithAOneClickLinkThatOptsTheMemberOut() throws Exception {
        send("team@" + DOMAIN, "first", "<n-1@sender.test>");
        SmtpSink.Delivery alert = sink.awaitCopy(OWNER, failing(BOB));
        sink.awaitCopy(ADMIN, failing(BOB));
        // The failure suppressed bob for the alias (docs/api.md, "Suppressions"): lifted, so that the second mail fails there too.
        liftSuppressionOf(BOB);
        send("team@" + DOMAIN, "second", "<n-2@sender.test>");
        awaitBounces(BOB, 2);
        Thread.sleep(2000);

        assertThat(mailTo(OWNER)).extracting(delivery -> delivery.header("Subject")).containsExactly(failing(BOB));
        assertThat(alert.header("List-Unsubscribe-Post")).isEqualTo("List-Unsubscribe=One-Click");
        Matcher link = LINK.matcher(alert.header("List-Unsubscribe"));
        assertThat(link.matches()).as(alert.header("List-Unsubscribe")).isTrue();
        assertThat(alert.message()).contains("GET /smtpy/domains/" + DOMAIN + "/events?type=bounced");

        // The mail client's one-click POST (RFC 8058), to where the public URL points: WebAdmin.
        given().port(fixture.webAdminPort()).contentType("application/x-www-form-urlencoded").body("List-Unsubscribe=One-Click")
            .post(link.group(1)).then().statusCode(200);
        assertThat(owner().get("/smtpy/me/notifications").then().statusCode(200).extract().jsonPath()
            .getString("notifications.destination-failing")).isEqualTo("off");

        // The next incident of that type reaches the admin, who stayed in, and not the owner.
        send("ops@" + DOMAIN, "third", "<n-3@sender.test>");
        sink.awaitCopy(ADMIN, failing(CARL));
        Thread.sleep(2000);
        assertThat(mailTo(OWNER)).extracting(delivery -> delivery.header("Subject")).doesNotContain(failing(CARL));
    }

    @Test
    @Order(2)
    void theNextDayTheMemberWhoOptedInShouldGetYesterdaysCountsOnce() throws Exception {
        awaitBounces(CARL, 1);
        JsonPath day = operator().get("/smtpy/domains/" + DOMAIN + "/analytics?interval=day&from=2026-06-01T00:00:00Z&to=2026-06-02T00:00:00Z")
            .then().statusCode(200).extract().jsonPath();

        CLOCK.moveTo(Instant.parse("2026-06-02T00:30:00Z"));
        String subject = "smtpy daily digest for " + DOMAIN + ", 2026-06-01";
        SmtpSink.Delivery digest = sink.awaitCopy(OWNER, subject);
        Thread.sleep(3000);

        String text = digest.message();
        for (String series : List.of("received", "forwarded", "delivered", "bounced", "rejected", "quarantined")) {
            long expected = day.getList("series." + series, Long.class).stream().mapToLong(Long::longValue).sum();
            assertThat(text).as(series).containsPattern("(?m)^  " + series + " +" + expected + "\\b");
        }
        assertThat(day.getList("series.forwarded", Long.class).get(0)).isGreaterThanOrEqualTo(3L);
        assertThat(text).containsPattern(Pattern.quote(BOB) + " +2\\b").containsPattern(Pattern.quote(CARL) + " +1\\b");
        assertThat(digest.header("List-Unsubscribe")).matches(LINK);
        assertThat(mailTo(OWNER)).filteredOn(delivery -> delivery.header("Subject").equals(subject)).hasSize(1);
        assertThat(mailTo(ADMIN)).noneMatch(delivery -> delivery.header("Subject").equals(subject));
    }

    /** A mail from ann@sender.test, accepted over SMTP. */
    private static void send(String recipient, String subject, String messageId) throws Exception {
        try (SmtpTestClient smtp = SmtpTestClient.connect("127.0.0.1", fixture.smtpPort())) {
            smtp.ehlo("client.sender.test");
            assertThat(smtp.mailFrom("ann@sender.test").code()).isEqualTo(250);
            assertThat(smtp.rcptTo(recipient).code()).isEqualTo(250);
            assertThat(smtp.data("From: <ann@sender.test>\r\nTo: <" + recipient + ">\r\nSubject: " + subject + "\r\n"
                + "Message-ID: " + messageId + "\r\nDate: Mon, 1 Jun 2026 08:00:00 +0000\r\n\r\nhello\r\n").code()).isEqualTo(250);
        }
    }
}
