package io.smtpy.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.restassured.specification.RequestSpecification;
import io.smtpy.server.testing.ClusterNodes;
import io.smtpy.server.testing.ForkedSmtpyServer;
import io.smtpy.server.testing.FreePorts;
import io.smtpy.server.testing.SmtpSink;
import io.smtpy.server.testing.SmtpTestClient;
import io.smtpy.store.cassandra.CassandraServer;

/**
 * A cluster losing a part: two forked nodes on a Cassandra of the test's own. Node A killed with SIGKILL while mail
 * flows: B keeps accepting and forwarding, and every mail A acknowledged is delivered once A is back. Cassandra
 * stopped: the nodes answer RCPT with 451 (the sender keeps the mail), and accept again once it is back.
 */
@Timeout(900)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterFailuresEndToEndTest {
    private static final String SEQUENCE = "X-Test-Sequence";

    @TempDir
    static Path temporary;

    private static CassandraServer.Private cassandra;
    private static SmtpSink sink;
    private static ForkedSmtpyServer nodeA;
    private static ForkedSmtpyServer nodeB;
    private static String domain;

    @BeforeAll
    static void start() throws Exception {
        cassandra = CassandraServer.startPrivate(temporary.resolve("cassandra"));
        int sinkPort = FreePorts.pick();
        sink = SmtpSink.start(sinkPort);
        Path configuration = ClusterNodes.configuration(temporary.resolve("conf"), 600, "storage=cassandra\n"
            + "cassandra.contactPoints=" + cassandra.contactPoint() + "\n"
            + "cassandra.keyspace=t_failures\n"
            + "cluster.pollMillis=100");
        nodeA = ClusterNodes.node(configuration, temporary.resolve("a"), sinkPort);
        nodeB = ClusterNodes.node(configuration, temporary.resolve("b"), sinkPort);
        domain = "failures-" + UUID.randomUUID().toString().substring(0, 6) + ".example";
        through(nodeA).put("/smtpy/domains/" + domain).then().statusCode(201);
        through(nodeA).body(Map.of("destinations", List.of("owner@dest.example")))
            .put("/smtpy/domains/" + domain + "/aliases/info").then().statusCode(201);
        await().atMost(Duration.ofSeconds(1)).until(() -> rcpt(nodeB) == 250);
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
        if (cassandra != null) {
            cassandra.close();
        }
    }

    private static RequestSpecification through(ForkedSmtpyServer node) {
        return ClusterNodes.operator(node);
    }

    private static int rcpt(ForkedSmtpyServer node) throws Exception {
        return ClusterNodes.rcpt(node, "info@" + domain);
    }

    /** Sends one mail; whether the node answered 250 to its data (the promise to deliver it). */
    private static boolean send(ForkedSmtpyServer node, String sequence) {
        try (SmtpTestClient smtp = SmtpTestClient.connect("127.0.0.1", node.smtpPort())) {
            smtp.ehlo("client.example");
            if (smtp.mailFrom("jane@sender.example").code() != 250 || smtp.rcptTo("info@" + domain).code() != 250) {
                return false;
            }
            return smtp.data("From: jane@sender.example\r\nTo: info@" + domain + "\r\nSubject: " + sequence + "\r\n"
                + SEQUENCE + ": " + sequence + "\r\n\r\nmail " + sequence + "\r\n").code() == 250;
        } catch (Exception refusedOrCut) {
            return false;
        }
    }

    private static Set<String> delivered() {
        return sink.deliveries().stream().map(delivery -> delivery.header(SEQUENCE))
            .collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    @Order(1)
    void aNodeKilledUnderLoadShouldLoseNothingItAcknowledgedWhileTheOtherKeepsForwarding() throws Exception {
        Set<String> acknowledgedByA = new ConcurrentSkipListSet<>();
        Thread load = new Thread(() -> {
            for (int i = 0; i < 400; i++) {
                if (send(nodeA, "a-" + i)) {
                    acknowledgedByA.add("a-" + i);
                } else if (!nodeA.isRunning()) {
                    return;
                }
            }
        });
        load.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> acknowledgedByA.size() >= 20);

        nodeA.kill();
        load.join();

        Set<String> sentThroughB = new TreeSet<>();
        for (int i = 0; i < 10; i++) {
            assertThat(send(nodeB, "b-" + i)).as("node B accepts mail %d while A is down", i).isTrue();
            sentThroughB.add("b-" + i);
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(delivered()).containsAll(sentThroughB));

        nodeA.start();
        await().atMost(Duration.ofSeconds(180)).untilAsserted(() -> assertThat(delivered()).containsAll(acknowledgedByA));
    }

    @Test
    @Order(2)
    void cassandraStoppedShouldDeferNewMailAndTheNodesShouldAcceptAgainOnceItIsBack() throws Exception {
        assertThat(send(nodeB, "before-outage")).isTrue();

        cassandra.stop();

        await().atMost(Duration.ofSeconds(20)).until(() -> rcpt(nodeA) == 451 && rcpt(nodeB) == 451);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(delivered()).contains("before-outage"));

        cassandra.start();

        await().atMost(Duration.ofSeconds(90)).until(() -> rcpt(nodeA) == 250 && rcpt(nodeB) == 250);
        assertThat(send(nodeA, "after-outage")).isTrue();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(delivered()).contains("after-outage"));
    }
}
