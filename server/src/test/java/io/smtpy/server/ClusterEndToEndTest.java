package io.smtpy.server;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.restassured.specification.RequestSpecification;
import io.smtpy.search.opensearch.OpenSearchServer;
import io.smtpy.server.testing.ClusterNodes;
import io.smtpy.server.testing.ForkedSmtpyServer;
import io.smtpy.server.testing.FreePorts;
import io.smtpy.server.testing.SmtpSink;
import io.smtpy.server.testing.SmtpTestClient;
import io.smtpy.store.cassandra.CassandraServer;

/**
 * Two embedded servers (nodes A and B, each its own JVM as in production) on one Cassandra keyspace and one set of
 * OpenSearch indices: what is changed through one node is served by the other within a second (aliases, domains,
 * owners' rules, block lists), a key revoked on one is refused by the other, and mail through either is searchable
 * from both. Real SMTP on loopback, real Cassandra and OpenSearch; both nodes deliver to one sink.
 */
@Timeout(600)
class ClusterEndToEndTest {
    private static final String NAME = "c" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);

    @TempDir
    static Path temporary;

    private static SmtpSink sink;
    private static ForkedSmtpyServer nodeA;
    private static ForkedSmtpyServer nodeB;

    @BeforeAll
    static void start() throws Exception {
        int sinkPort = FreePorts.pick();
        sink = SmtpSink.start(sinkPort);
        Path configuration = ClusterNodes.configuration(temporary.resolve("conf"), 3, "storage=cassandra\n"
            + "cassandra.contactPoints=" + CassandraServer.shared().contactPoint() + "\n"
            + "cassandra.keyspace=t_" + NAME + "\n"
            + "storage.events=opensearch\n"
            + "opensearch.hosts=" + OpenSearchServer.shared().hostAndPort() + "\n"
            + "opensearch.replicas=0\n"
            + "opensearch.indexPrefix=" + NAME + "\n"
            + "cluster.pollMillis=100");
        nodeA = ClusterNodes.node(configuration, temporary.resolve("a"), sinkPort);
        nodeB = ClusterNodes.node(configuration, temporary.resolve("b"), sinkPort);
    }

    @AfterAll
    static void stop() throws Exception {
        for (ForkedSmtpyServer node : new ForkedSmtpyServer[] {nodeB, nodeA}) {
            if (node != null) {
                node.close();
            }
        }
        if (sink != null) {
            sink.close();
        }
    }

    private static RequestSpecification through(ForkedSmtpyServer node) {
        return ClusterNodes.operator(node);
    }

    private static String domain() {
        return "d" + UUID.randomUUID().toString().substring(0, 8) + ".example";
    }

    private static String newDomainWithAlias(String destination) {
        String domain = domain();
        through(nodeA).put("/smtpy/domains/" + domain).then().statusCode(201);
        through(nodeA).body(Map.of("destinations", List.of(destination)))
            .put("/smtpy/domains/" + domain + "/aliases/info").then().statusCode(201);
        return domain;
    }

    private static int rcpt(ForkedSmtpyServer node, String recipient) throws Exception {
        return ClusterNodes.rcpt(node, recipient);
    }

    private static void send(ForkedSmtpyServer node, String recipient, String subject) throws Exception {
        assertThat(transaction(node, "jane@sender.example", recipient, subject).code()).isEqualTo(250);
    }

    /** The node's answer to the end of DATA of a mail from {@code sender} to {@code recipient}. */
    private static SmtpTestClient.Reply transaction(ForkedSmtpyServer node, String sender, String recipient, String subject)
            throws Exception {
        try (SmtpTestClient smtp = SmtpTestClient.connect("127.0.0.1", node.smtpPort())) {
            smtp.ehlo("client.example");
            assertThat(smtp.mailFrom(sender).code()).isEqualTo(250);
            assertThat(smtp.rcptTo(recipient).code()).isEqualTo(250);
            return smtp.data("From: " + sender + "\r\nTo: " + recipient + "\r\nSubject: " + subject
                + "\r\nMessage-ID: <" + UUID.randomUUID() + "@sender.example>\r\n\r\nhello\r\n");
        }
    }

    @Test
    void anAliasCreatedThroughNodeAShouldForwardMailReceivedByNodeBWithinASecond() throws Exception {
        String domain = newDomainWithAlias("owner@dest.example");

        await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(50))
            .until(() -> rcpt(nodeB, "info@" + domain) == 250);
        send(nodeB, "info@" + domain, "through B " + domain);

        assertThat(sink.awaitCopy("owner@dest.example", "through B " + domain).sender()).contains(domain);
    }

    @Test
    void aDomainDeletedThroughNodeBShouldStopResolvingOnNodeAWithinASecond() throws Exception {
        String domain = newDomainWithAlias("owner@dest.example");
        await().atMost(Duration.ofSeconds(1)).until(() -> rcpt(nodeB, "info@" + domain) == 250);

        through(nodeB).delete("/smtpy/domains/" + domain).then().statusCode(204);

        await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(50))
            .until(() -> rcpt(nodeA, "info@" + domain) == 550);
    }

    @Test
    void aRuleCreatedThroughNodeAShouldApplyToMailReceivedByNodeBWithinASecond() throws Exception {
        String domain = newDomainWithAlias("rules@dest.example");
        await().atMost(Duration.ofSeconds(1)).until(() -> rcpt(nodeB, "info@" + domain) == 250);

        through(nodeA).body("{\"rules\": [{\"name\": \"no bad senders\", \"conditions\": {\"all\": [{\"field\": \"sender\","
                + " \"op\": \"endsWith\", \"value\": \"@bad.example\"}]}, \"actions\": [{\"type\": \"reject\","
                + " \"text\": \"not from bad.example\"}]}]}")
            .put("/smtpy/domains/" + domain + "/aliases/info/rules").then().statusCode(200);

        await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(50))
            .until(() -> transaction(nodeB, "pest@bad.example", "info@" + domain, "rule probe").code() == 550);
        assertThat(transaction(nodeB, "pest@bad.example", "info@" + domain, "refused").text())
            .contains("5.7.1").contains("not from bad.example");
        assertThat(transaction(nodeB, "jane@sender.example", "info@" + domain, "still welcome").code()).isEqualTo(250);
    }

    @Test
    void aBlockEntryAddedThroughNodeBShouldBeAppliedByNodeAWithinASecond() throws Exception {
        String domain = newDomainWithAlias("lists@dest.example");
        await().atMost(Duration.ofSeconds(1)).until(() -> rcpt(nodeB, "info@" + domain) == 250);
        assertThat(ClusterNodes.rcpt(nodeA, "pest@spam.example", "info@" + domain)).isEqualTo(250);

        through(nodeB).body(Map.of("type", "block", "value", "spam.example")).post("/smtpy/domains/" + domain + "/lists")
            .then().statusCode(201);

        await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(50))
            .until(() -> ClusterNodes.rcpt(nodeA, "pest@spam.example", "info@" + domain) == 550);
        assertThat(ClusterNodes.rcpt(nodeA, "jane@sender.example", "info@" + domain)).isEqualTo(250);
    }

    @Test
    void aKeyRevokedOnNodeAShouldBeRefusedOnNodeB() {
        String account = through(nodeA).body(Map.of("name", "acme-" + NAME)).post("/smtpy/accounts")
            .then().statusCode(201).extract().jsonPath().getString("id");
        var key = through(nodeA).body(Map.of("name", "ci", "preset", "read-only"))
            .post("/smtpy/accounts/" + account + "/keys").then().statusCode(201).extract().jsonPath();
        String bearer = "Bearer " + key.getString("secret");
        given().port(nodeB.webAdminPort()).header("Authorization", bearer)
            .get("/smtpy/accounts/" + account).then().statusCode(200);

        through(nodeA).delete("/smtpy/accounts/" + account + "/keys/" + key.getString("id")).then().statusCode(204);

        given().port(nodeB.webAdminPort()).header("Authorization", bearer)
            .get("/smtpy/accounts/" + account).then().statusCode(401);
    }

    @Test
    void eventsOfMailThroughEitherNodeShouldBeSearchableFromBoth() throws Exception {
        String domain = newDomainWithAlias("events@dest.example");
        await().atMost(Duration.ofSeconds(1)).until(() -> rcpt(nodeB, "info@" + domain) == 250);

        send(nodeA, "info@" + domain, "events through A");
        send(nodeB, "info@" + domain, "events through B");
        sink.awaitCopy("events@dest.example", "events through A");
        sink.awaitCopy("events@dest.example", "events through B");

        for (ForkedSmtpyServer node : List.of(nodeA, nodeB)) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(through(node)
                .get("/smtpy/domains/" + domain + "/events?type=forwarded").then().statusCode(200)
                .extract().jsonPath().getList("mailId")).hasSize(2));
        }
    }

    /**
     * A domain's inbound limit of N messages an hour, mail sent through node A and node B in turn: N are accepted, and
     * the next is deferred with the limit's status whichever node takes it (the counters are shared in Cassandra).
     */
    @Test
    void aDomainsInboundLimitShouldHoldForTheClusterWhicheverNodeTakesTheMail() throws Exception {
        int limit = 4;
        awayFromTheEndOfTheHour();
        String domain = domain();
        through(nodeA).put("/smtpy/domains/" + domain).then().statusCode(201);
        through(nodeA).body(Map.of("inbound", Map.of("messagesPerHour", limit)))
            .put("/smtpy/domains/" + domain + "/limits").then().statusCode(200);
        through(nodeA).body(Map.of("destinations", List.of("limited@dest.example")))
            .put("/smtpy/domains/" + domain + "/aliases/info").then().statusCode(201);
        // B's index asked over the API (an accepted RCPT would count toward the limit); the first calls may be slow.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> through(nodeB)
            .get("/smtpy/domains/" + domain + "/resolve/info").then().extract().jsonPath().getBoolean("forwards"));

        for (int i = 0; i < limit; i++) {
            send(i % 2 == 0 ? nodeA : nodeB, "info@" + domain, "limited " + i);
        }

        String hourEnd = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.HOURS).plusSeconds(3600).toString();
        for (ForkedSmtpyServer node : List.of(nodeA, nodeB)) {
            SmtpTestClient.Reply refused = rcptReply(node, "info@" + domain);
            assertThat(refused.code()).as("the next mail through either node").isEqualTo(451);
            assertThat(refused.text()).isEqualTo("4.7.1 mail for " + domain + " has reached its limit of " + limit
                + " messages per hour, try again after " + hourEnd);
        }
        assertThat(through(nodeB).get("/smtpy/domains/" + domain + "/limits/usage").then().statusCode(200).extract()
            .jsonPath().getInt("items.find { it.metric == 'messagesPerHour' }.used")).isEqualTo(limit);
    }

    /** Waits for the next hour when this one ends within two minutes: the limit test's mail must fall in one window. */
    private static void awayFromTheEndOfTheHour() throws InterruptedException {
        java.time.Instant now = java.time.Instant.now();
        Duration left = Duration.between(now, now.truncatedTo(java.time.temporal.ChronoUnit.HOURS).plusSeconds(3600));
        if (left.compareTo(Duration.ofMinutes(2)) < 0) {
            Thread.sleep(left.plusSeconds(1).toMillis());
        }
    }

    private static SmtpTestClient.Reply rcptReply(ForkedSmtpyServer node, String recipient) throws Exception {
        try (SmtpTestClient smtp = SmtpTestClient.connect("127.0.0.1", node.smtpPort())) {
            smtp.ehlo("client.example");
            smtp.mailFrom("jane@sender.example");
            return smtp.rcptTo(recipient);
        }
    }

    @Test
    void anImportStartedOnNodeAShouldBeFollowedFromNodeBToItsEndWithTheSameDetails() {
        String domain = domain();
        through(nodeA).put("/smtpy/domains/" + domain).then().statusCode(201);
        String task = through(nodeA).contentType("text/csv").body("localPart,destinations\ninfo,a@dest.example\nsales,b@dest.example\n")
            .post("/smtpy/domains/" + domain + "/aliases/import").then().statusCode(201).extract().path("taskId");

        Map<String, Object> onB = through(nodeB).get("/smtpy/tasks/" + task + "/await?timeout=60").then().statusCode(200)
            .extract().jsonPath().getMap("");
        Map<String, Object> onA = through(nodeA).get("/smtpy/tasks/" + task).then().statusCode(200)
            .extract().jsonPath().getMap("");

        assertThat(onB.get("status")).isEqualTo("completed");
        assertThat(onB).isEqualTo(onA);
        assertThat(((Map<?, ?>) onB.get("additionalInformation")).get("created")).isEqualTo(2);
        String otherAccount = through(nodeA).body(Map.of("name", "other-" + NAME)).post("/smtpy/accounts")
            .then().statusCode(201).extract().jsonPath().getString("id");
        String otherKey = through(nodeA).body(Map.of("name", "ci", "preset", "read-only"))
            .post("/smtpy/accounts/" + otherAccount + "/keys").then().statusCode(201).extract().jsonPath().getString("secret");
        given().port(nodeB.webAdminPort()).header("Authorization", "Bearer " + otherKey)
            .get("/smtpy/tasks/" + task).then().statusCode(404);
    }

    @Test
    void aSuppressionMadeAndLiftedThroughNodeAShouldBeFollowedByNodeBWithinASecond() throws Exception {
        String domain = domain();
        through(nodeA).put("/smtpy/domains/" + domain).then().statusCode(201);
        through(nodeA).body("{\"destinations\": [\"paused@dest.example\"], \"fallbacks\": [\"backup@dest.example\"]}")
            .put("/smtpy/domains/" + domain + "/aliases/info").then().statusCode(201);
        await().atMost(Duration.ofSeconds(1)).until(() -> rcpt(nodeB, "info@" + domain) == 250);
        // B holds the domain's suppressions (none) in memory from here on.
        send(nodeB, "info@" + domain, "before " + domain);
        sink.awaitCopy("paused@dest.example", "before " + domain);

        String id = through(nodeA).body(Map.of("alias", "info", "destination", "paused@dest.example"))
            .post("/smtpy/domains/" + domain + "/suppressions").then().statusCode(201).extract().path("id");
        Thread.sleep(1000);
        send(nodeB, "info@" + domain, "suppressed " + domain);
        sink.awaitCopy("backup@dest.example", "suppressed " + domain);

        through(nodeA).delete("/smtpy/domains/" + domain + "/suppressions/" + id).then().statusCode(204);
        Thread.sleep(1000);
        send(nodeB, "info@" + domain, "lifted " + domain);
        sink.awaitCopy("paused@dest.example", "lifted " + domain);

        assertThat(sink.deliveries()).noneMatch(delivery -> delivery.recipient().equals("paused@dest.example")
            && delivery.header("Subject").equals("suppressed " + domain));
        assertThat(sink.deliveries()).noneMatch(delivery -> delivery.recipient().equals("backup@dest.example")
            && delivery.header("Subject").equals("lifted " + domain));
    }
}
