package io.smtpy.server;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
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
 * Limits over real SMTP on loopback with the shipped configuration: an alias's inbound {@code messagesPerHour} set over
 * the API holds across concurrent SMTP sessions (exactly that many accepted, the rest deferred with {@code 451 4.7.1}
 * naming the limit and when to try again), the counters are visible over the API, and the refusal is a
 * {@code limit-reached} event of the domain; the next clock hour accepts mail again. The server's clock is held still
 * in the middle of an hour so the window cannot end during the test.
 */
@Timeout(300)
class LimitsEndToEndTest {
    private static final String DOMAIN_NAME = "limits.test";
    private static final String DOMAIN = "/smtpy/domains/" + DOMAIN_NAME;
    private static final Instant START = Instant.parse("2026-06-01T10:30:00Z");
    private static final MovableClock CLOCK = new MovableClock(START);
    private static final int LIMIT = 4;
    private static final int SESSIONS = 10;

    @TempDir
    static Path temporary;

    private static ServerWithSink fixture;
    private static SmtpSink sink;

    @BeforeAll
    static void start() throws Exception {
        fixture = ServerWithSink.start(temporary, Optional.of(CLOCK));
        sink = fixture.sink();
        rest().put(DOMAIN).then().statusCode(201);
        rest().body("{\"destinations\": [\"team@dest.test\"]}").put(DOMAIN + "/aliases/sales").then().statusCode(201);
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

    /** One SMTP session sending one mail to the alias: the reply to RCPT when refused, else the reply to the final dot. */
    private static SmtpTestClient.Reply send(int number) throws Exception {
        try (SmtpTestClient smtp = SmtpTestClient.connect("127.0.0.1", fixture.smtpPort())) {
            smtp.ehlo("client.sender.test");
            smtp.mailFrom("ann@sender.test");
            SmtpTestClient.Reply rcpt = smtp.rcptTo("sales@" + DOMAIN_NAME);
            if (rcpt.code() != 250) {
                return rcpt;
            }
            return smtp.data("From: <ann@sender.test>\r\nTo: <sales@" + DOMAIN_NAME + ">\r\nSubject: limited " + number
                + "\r\nMessage-ID: <limited-" + number + "@sender.test>\r\n\r\nhello\r\n");
        }
    }

    @Test
    void concurrentSessionsShouldGetExactlyTheLimitAcceptedAndTheRestDeferredWithRetryAfter() throws Exception {
        rest().body("{\"inbound\": {\"messagesPerHour\": " + LIMIT + ", \"notify\": true}}").put(DOMAIN + "/aliases/sales/limits")
            .then().statusCode(200);

        ExecutorService pool = Executors.newFixedThreadPool(SESSIONS);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<SmtpTestClient.Reply>> replies = new ArrayList<>();
        try {
            for (int i = 0; i < SESSIONS; i++) {
                int number = i;
                replies.add(pool.submit(() -> {
                    go.await();
                    return send(number);
                }));
            }
            go.countDown();
            List<SmtpTestClient.Reply> answered = new ArrayList<>();
            for (Future<SmtpTestClient.Reply> reply : replies) {
                answered.add(reply.get(120, TimeUnit.SECONDS));
            }

            assertThat(answered).filteredOn(reply -> reply.code() == 250).hasSize(LIMIT);
            assertThat(answered).filteredOn(reply -> reply.code() != 250).hasSize(SESSIONS - LIMIT)
                .allSatisfy(reply -> {
                    assertThat(reply.code()).isEqualTo(451);
                    assertThat(reply.text()).isEqualTo("4.7.1 mail for sales@" + DOMAIN_NAME + " has reached its limit of "
                        + LIMIT + " messages per hour, try again after 2026-06-01T11:00:00Z");
                });
        } finally {
            pool.shutdownNow();
        }

        JsonPath usage = rest().get(DOMAIN + "/limits/usage").then().statusCode(200).extract().jsonPath();
        assertThat(usage.getList("items.metric", String.class)).containsExactly("messagesPerHour");
        assertThat(usage.getString("items[0].alias")).isEqualTo("sales");
        assertThat(usage.getInt("items[0].used")).isEqualTo(LIMIT);
        assertThat(usage.getInt("items[0].limit")).isEqualTo(LIMIT);
        assertThat(usage.getString("items[0].windowEnd")).isEqualTo("2026-06-01T11:00:00Z");

        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300))
            .until(() -> events("rejected").getList("$").size() == SESSIONS - LIMIT && !events("limit-reached").getList("$").isEmpty());
        JsonPath reached = events("limit-reached");
        assertThat(reached.getList("$")).hasSize(1);
        assertThat(reached.getInt("[0].smtpCode")).isEqualTo(451);
        assertThat(reached.getString("[0].enhancedStatus")).isEqualTo("4.7.1");
        assertThat(reached.getString("[0].alias")).isEqualTo("sales");
        assertThat(reached.getString("[0].detail")).contains("inbound messagesPerHour of sales@" + DOMAIN_NAME)
            .contains("limit " + LIMIT + " reached").contains("deferred until 2026-06-01T11:00:00Z");
        assertThat(events("limit-approaching").getList("$")).hasSize(1);
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300))
            .until(() -> sink.deliveries().size() >= LIMIT);

        CLOCK.moveTo(START.plus(Duration.ofHours(1)));
        assertThat(send(100).code()).isEqualTo(250);
    }

    private static JsonPath events(String type) {
        return rest().get(DOMAIN + "/events?type=" + type).then().statusCode(200).extract().jsonPath();
    }
}
