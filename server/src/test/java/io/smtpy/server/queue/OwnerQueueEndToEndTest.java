package io.smtpy.server.queue;

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
 * The owner's queue over real SMTP on loopback: copies deferred by a destination that answers 451 are listed with their
 * attempts, reason and next attempt; retry delivers one at once instead of a minute later, hold keeps one back and
 * release sends it, cancel removes one and bounces it to its sender (through the SRS return path) with a
 * {@code bounced} event; every action is in the account's audit log. A copy still deferred after
 * {@code queue.delayNoticeAfter} (1 s here) gets its sender one RFC 3464 "delayed" notice and a {@code delayed} event.
 */
@Timeout(300)
class OwnerQueueEndToEndTest {
    private static final String DOMAIN_NAME = "queue.test";
    private static final String QUEUE = "/smtpy/domains/" + DOMAIN_NAME + "/queue";

    @TempDir
    static Path temporary;

    private static ServerWithSink fixture;
    private static SmtpSink sink;
    private static MessageHistory history;

    @BeforeAll
    static void start() throws Exception {
        fixture = ServerWithSink.start(temporary, Optional.empty(), List.of(), "queue.delayNoticeAfter=1s", false, "1 minute", 10,
            Duration.ZERO);
        sink = fixture.sink();
        history = new MessageHistory(fixture, "/smtpy/domains/" + DOMAIN_NAME);
        rest().put("/smtpy/domains/" + DOMAIN_NAME).then().statusCode(201);
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

    /** An alias whose destination defers every attempt until revived, and a mail to it, waited for in the queue. */
    private static JsonPath deferredCopy(String localPart) throws Exception {
        String destination = SmtpSink.LATER_PREFIX + localPart + "@dest.test";
        rest().body("{\"destinations\": [\"" + destination + "\"]}").put("/smtpy/domains/" + DOMAIN_NAME + "/aliases/" + localPart)
            .then().statusCode(201);
        history.send(localPart + "@" + DOMAIN_NAME, "to " + localPart, "<" + localPart + "@sender.test>");
        return Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
            .until(() -> rest().get(QUEUE + "?recipient=" + destination + "&minAttempts=1").then().statusCode(200)
                .extract().jsonPath(), page -> page.getList("items").size() == 1);
    }

    private static boolean delivered(String localPart) {
        return sink.deliveries().stream().anyMatch(delivery -> delivery.recipient().equals(SmtpSink.LATER_PREFIX + localPart + "@dest.test"));
    }

    @Test
    void listRetryHoldReleaseAndCancelShouldWorkAndBeAudited() throws Exception {
        JsonPath retried = deferredCopy("retried");
        assertThat(retried.getString("items[0].status")).isEqualTo("waiting");
        assertThat(retried.getInt("items[0].attempts")).isEqualTo(1);
        assertThat(retried.getString("items[0].nextAttempt")).isNotNull();
        assertThat(retried.getString("items[0].lane")).isEqualTo("normal");
        sink.revive(SmtpSink.LATER_PREFIX + "retried@dest.test");
        rest().post(QUEUE + "/" + retried.getString("items[0].id") + "/retry").then().statusCode(200);
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> delivered("retried"));

        JsonPath held = deferredCopy("held");
        String heldId = held.getString("items[0].id");
        rest().post(QUEUE + "/" + heldId + "/hold").then().statusCode(200);
        sink.revive(SmtpSink.LATER_PREFIX + "held@dest.test");
        rest().get(QUEUE + "?status=held").then().statusCode(200).extract().jsonPath().getList("items.id").contains(heldId);
        rest().post(QUEUE + "/" + heldId + "/retry").then().statusCode(409);
        Thread.sleep(2000);
        assertThat(delivered("held")).as("a held copy is not delivered").isFalse();
        rest().post(QUEUE + "/" + heldId + "/release").then().statusCode(200);
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> delivered("held"));

        JsonPath cancelled = deferredCopy("cancelled");
        rest().body("{\"ids\": [\"" + cancelled.getString("items[0].id") + "\"]}").post(QUEUE + "/cancel").then().statusCode(200);
        SmtpSink.Delivery bounce = Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
            .until(() -> sink.deliveries().stream().filter(delivery -> delivery.recipient().equals("ann@sender.test")
                && delivery.message().contains("cancelled by the owner")).findFirst(), Optional::isPresent).get();
        assertThat(bounce.sender()).as("a bounce has a null sender").isEmpty();
        assertThat(bounce.message()).contains("cancelled by the owner").contains("Status: 5.0.0");
        assertThat(rest().get(QUEUE + "?recipient=" + SmtpSink.LATER_PREFIX + "cancelled@").then().statusCode(200).extract()
            .jsonPath().getList("items")).isEmpty();
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> history.journeyTypes("<cancelled@sender.test>").contains("bounced"));
        assertThat(delivered("cancelled")).isFalse();

        List<String> actions = rest().get("/smtpy/accounts/acc_default/audit?limit=100").then().statusCode(200).extract().jsonPath()
            .getList("items.findAll { it.action.startsWith('queue.') }.target");
        System.out.println("owner's queue audit: " + actions);
        assertThat(actions).anyMatch(target -> target.endsWith("/retry")).anyMatch(target -> target.endsWith("/hold"))
            .anyMatch(target -> target.endsWith("/release")).anyMatch(target -> target.endsWith("/queue/cancel"));
    }

    @Test
    void aCopyStillDeferredAfterTheSetTimeShouldGetItsSenderOneDelayNotice() throws Exception {
        JsonPath slow = deferredCopy("slow");
        Thread.sleep(1500);
        String id = slow.getString("items[0].id");

        rest().post(QUEUE + "/" + id + "/retry").then().statusCode(200);

        SmtpSink.Delivery notice = Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
            .until(() -> sink.deliveries().stream().filter(delivery -> delivery.recipient().equals("ann@sender.test")
                && delivery.message().contains("Action: delayed")).findFirst(), Optional::isPresent).get();
        assertThat(notice.sender()).as("a notice has a null sender").isEmpty();
        assertThat(notice.message()).contains("report-type=delivery-status").contains("Status: 4.")
            .contains("Final-Recipient: rfc822; " + SmtpSink.LATER_PREFIX + "slow@dest.test")
            .contains("Subject: Delayed Mail (still being retried): to slow");
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> history.journeyTypes("<slow@sender.test>").contains("delayed"));
        JsonPath again = Awaitility.await().atMost(Duration.ofSeconds(30))
            .until(() -> rest().get(QUEUE + "?recipient=" + SmtpSink.LATER_PREFIX + "slow@dest.test&minAttempts=2").then()
                .extract().jsonPath(), page -> page.getList("items").size() == 1);
        rest().post(QUEUE + "/" + again.getString("items[0].id") + "/retry").then().statusCode(200);
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> rest().get(QUEUE + "?recipient=" + SmtpSink.LATER_PREFIX
            + "slow@dest.test&minAttempts=3").then().extract().jsonPath().getList("items").size() == 1);
        assertThat(sink.deliveries().stream().filter(delivery -> delivery.recipient().equals("ann@sender.test")
            && delivery.message().contains("Action: delayed")
            && delivery.message().contains(SmtpSink.LATER_PREFIX + "slow@dest.test"))).as("one notice per copy").hasSize(1);
    }
}
