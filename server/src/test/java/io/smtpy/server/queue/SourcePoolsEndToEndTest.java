package io.smtpy.server.queue;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

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
 * Outbound source-address pools over real SMTP on loopback (issue 16 item 8): the operator puts {@code vip.test} in the
 * pool {@code premium} (127.0.0.2) and the domains of the high class ({@code queue.priorityDomains}) in {@code gold}
 * (127.0.0.5); every other copy leaves from the default pool {@code shared} (127.0.0.3 and 127.0.0.4, spread by
 * destination domain). The sink sees which address each delivery connected from. A copy deferred by its destination
 * waits in its pool address's queue, where the owner's queue shows it and retries it, and leaves from the same address.
 */
@Timeout(300)
class SourcePoolsEndToEndTest {
    private static final String VIP = "vip.test";
    private static final String GOLD = "gold.test";
    private static final String PLAIN = "plain.test";

    @TempDir
    static Path temporary;

    private static ServerWithSink fixture;
    private static SmtpSink sink;

    @BeforeAll
    static void start() throws Exception {
        fixture = ServerWithSink.start(temporary, Optional.empty(), List.of(), String.join("\n",
            "queue.priorityDomains=" + GOLD,
            "pools.premium.addresses=127.0.0.2",
            "pools.premium.domains=" + VIP,
            "pools.gold.addresses=127.0.0.5",
            "pools.gold.classes=high",
            "pools.shared.addresses=127.0.0.3, 127.0.0.4",
            "pools.default=shared"), false, "1 minute", 10, Duration.ZERO);
        sink = fixture.sink();
        for (String domain : List.of(VIP, GOLD, PLAIN)) {
            rest().put("/smtpy/domains/" + domain).then().statusCode(201);
        }
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

    private static void alias(String domain, String localPart, String destination) {
        rest().body("{\"destinations\": [\"" + destination + "\"]}").put("/smtpy/domains/" + domain + "/aliases/" + localPart)
            .then().statusCode(201);
    }

    private static SmtpSink.Delivery forwarded(String domain, String localPart, String destination) throws Exception {
        alias(domain, localPart, destination);
        new MessageHistory(fixture, "/smtpy/domains/" + domain).send(localPart + "@" + domain, "to " + localPart,
            "<" + localPart + "@sender.test>");
        return sink.awaitCopy(destination, "to " + localPart);
    }

    @Test
    void eachDomainsMailShouldLeaveFromItsPool() throws Exception {
        assertThat(forwarded(VIP, "boss", "boss@dest.test").clientAddress()).isEqualTo("127.0.0.2");
        assertThat(forwarded(GOLD, "rich", "rich@dest.test").clientAddress()).isEqualTo("127.0.0.5");

        Map<String, String> byDestination = new java.util.TreeMap<>();
        for (int i = 0; i < 6; i++) {
            byDestination.put("dest" + i + ".test", forwarded(PLAIN, "user" + i, "user" + i + "@dest" + i + ".test").clientAddress());
        }
        System.out.println("source pools: the default pool's address per destination domain: " + byDestination);
        assertThat(byDestination.values()).containsOnly("127.0.0.3", "127.0.0.4");
        assertThat(byDestination.values().stream().distinct().collect(Collectors.toList()))
            .as("destinations spread over the pool's addresses").hasSize(2);

        String again = forwarded(PLAIN, "again", "again@dest0.test").clientAddress();
        assertThat(again).as("one destination sees one address of the pool").isEqualTo(byDestination.get("dest0.test"));
    }

    @Test
    void theOperatorShouldSeeThePoolsAsRead() {
        JsonPath pools = rest().get("/smtpy/source-pools").then().statusCode(200).extract().jsonPath();

        assertThat(pools.getList("pools.name", String.class)).containsExactly("gold", "premium", "shared");
        assertThat(pools.getList("pools[2].addresses.address", String.class)).containsExactly("127.0.0.3", "127.0.0.4");
        assertThat(pools.getList("pools[2].addresses.queue", String.class)).containsExactly("outgoing-shared-1", "outgoing-shared-2");
        assertThat(pools.getList("pools[1].domains", String.class)).containsExactly(VIP);
        assertThat(pools.getString("default")).isEqualTo("shared");
    }

    @Test
    void aDeferredCopyShouldWaitInItsPoolsQueueAndBeRetriedFromTheSameAddress() throws Exception {
        String destination = SmtpSink.LATER_PREFIX + "waiting@dest.test";
        String queue = "/smtpy/domains/" + VIP + "/queue";
        alias(VIP, "waiting", destination);
        new MessageHistory(fixture, "/smtpy/domains/" + VIP).send("waiting@" + VIP, "to waiting", "<waiting@sender.test>");

        JsonPath waiting = Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
            .until(() -> rest().get(queue + "?recipient=" + destination + "&minAttempts=1").then().statusCode(200)
                .extract().jsonPath(), page -> page.getList("items").size() == 1);
        assertThat(waiting.getString("items[0].status")).isEqualTo("waiting");
        sink.revive(destination);
        rest().post(queue + "/" + waiting.getString("items[0].id") + "/retry").then().statusCode(200);

        SmtpSink.Delivery delivered = sink.awaitCopy(destination, "to waiting");
        assertThat(delivered.clientAddress()).isEqualTo("127.0.0.2");
        rest().post(queue + "/no-such-copy/retry").then().statusCode(404);
    }
}
