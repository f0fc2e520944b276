package io.smtpy.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;

import io.smtpy.server.testing.ClusterNodes;
import io.smtpy.server.testing.ForkedSmtpyServer;
import io.smtpy.server.testing.FreePorts;
import io.smtpy.server.testing.SmtpSink;
import io.smtpy.server.testing.SmtpTestClient;
import io.smtpy.store.cassandra.CassandraServer;

/**
 * What forwarding a mail costs the shared store: one node on Cassandra (every concern but the mail events, as the
 * cluster benchmark runs it) forwards mail while Cassandra counts, per table, the reads and writes its keyspace
 * receives ({@code system_views.coordinator_*_latency}). The mail path keeps what it reads for every mail in memory
 * (aliases, settings, rules and lists, suppressions...) and follows the other nodes' changes; what is left per mail is
 * what records it (the cluster's limit counters, the webhook outbox where a hook is set), none here. The count of an
 * idle stretch as long as the sending (the change feed's polls, the leases) is taken off.
 */
@Timeout(600)
class StoreStatementsPerMailTest {
    private static final String NAME = "s" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    private static final String KEYSPACE = "t_" + NAME;
    private static final String DOMAIN = NAME + ".example";
    /** A domain whose copies carry a reverse alias of their sender in Reply-To ({@code replyThroughAlias}). */
    private static final String REPLYING_DOMAIN = NAME + "-replies.example";
    private static final String DESTINATION = "owner@dest.example";
    private static final int MAILS = 100;
    /**
     * Reads and writes of the keyspace per forwarded mail, at most: none is needed, but a flush of buffered counters
     * (analytics roll-ups, rule hits) may fall in the window.
     */
    private static final double MAX_PER_MAIL = 0.5;

    @TempDir
    static Path temporary;

    private static SmtpSink sink;
    private static ForkedSmtpyServer node;
    private static CqlSession cassandra;

    @BeforeAll
    static void start() throws Exception {
        int sinkPort = FreePorts.pick();
        sink = SmtpSink.start(sinkPort);
        node = ClusterNodes.node(ClusterNodes.configuration(temporary.resolve("conf"), 3,
            ClusterNodes.onCassandra(KEYSPACE)), temporary.resolve("node"), sinkPort);
        ClusterNodes.operator(node).body("{\"forwardedSignatures\":\"none\"}").put("/smtpy/domains/" + DOMAIN)
            .then().statusCode(201);
        ClusterNodes.operator(node).body(Map.of("destinations", List.of(DESTINATION)))
            .put("/smtpy/domains/" + DOMAIN + "/aliases/info").then().statusCode(201);
        ClusterNodes.operator(node).body("{\"forwardedSignatures\":\"none\"}").put("/smtpy/domains/" + REPLYING_DOMAIN)
            .then().statusCode(201);
        ClusterNodes.operator(node).body(Map.of("destinations", List.of(DESTINATION)))
            .put("/smtpy/domains/" + REPLYING_DOMAIN + "/aliases/info").then().statusCode(201);
        ClusterNodes.operator(node).body("{\"replyThroughAlias\": true}")
            .put("/smtpy/domains/" + REPLYING_DOMAIN + "/reply-through-alias").then().statusCode(200);
        cassandra = CqlSession.builder().addContactPoint(CassandraServer.shared().address())
            .withLocalDatacenter("datacenter1").build();
    }

    @AfterAll
    static void stop() throws Exception {
        if (cassandra != null) {
            cassandra.close();
        }
        if (node != null) {
            node.close();
        }
        if (sink != null) {
            sink.close();
        }
    }

    @Test
    void aForwardedMailShouldCostTheStoreNoStatement() throws Exception {
        assertThat(statementsPerMail(DOMAIN)).isLessThanOrEqualTo(MAX_PER_MAIL);
    }

    @Test
    void aCopyCarryingTheReverseAliasOfItsSenderShouldCostTheStoreNoStatementOnceTheReverseAliasIsMade() throws Exception {
        assertThat(statementsPerMail(REPLYING_DOMAIN)).isLessThanOrEqualTo(MAX_PER_MAIL);
        assertThat(sink.deliveries().get(sink.deliveries().size() - 1).header("Reply-To")).contains("ra+");
    }

    /** Reads and writes of the keyspace per mail forwarded by {@code info@domain}, all from one sender. */
    private static double statementsPerMail(String domain) throws Exception {
        sendAndAwait(domain, "warm-up " + domain, 10);

        Map<String, Long> before = statements();
        long started = System.nanoTime();
        sendAndAwait(domain, "counted " + domain, MAILS);
        // Delivery records its outcome after the sink has the copy.
        Thread.sleep(500);
        Map<String, Long> sending = difference(statements(), before);
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        Map<String, Long> idleStart = statements();
        Thread.sleep(took.toMillis());
        Map<String, Long> idle = difference(statements(), idleStart);
        idle.values().removeIf(count -> count == 0);

        Map<String, Long> perTable = new TreeMap<>();
        sending.forEach((table, count) -> perTable.put(table, count - idle.getOrDefault(table, 0L)));
        perTable.values().removeIf(count -> count <= 0);
        double perMail = perTable.values().stream().mapToLong(Long::longValue).sum() / (double) MAILS;
        System.out.printf("store statements per mail forwarded for %s: %.2f (%d mails in %d ms); by table, idle taken off:"
            + " %s; idle over as long: %s%n", domain, perMail, MAILS, took.toMillis(), perTable, idle);
        return perMail;
    }

    private static void sendAndAwait(String domain, String subject, int mails) throws Exception {
        for (int i = 0; i < mails; i++) {
            try (SmtpTestClient smtp = SmtpTestClient.connect("127.0.0.1", node.smtpPort())) {
                smtp.ehlo("client.example");
                assertThat(smtp.mailFrom("jane@sender.example").code()).isEqualTo(250);
                assertThat(smtp.rcptTo("info@" + domain).code()).isEqualTo(250);
                assertThat(smtp.data("From: jane@sender.example\r\nTo: info@" + domain + "\r\nSubject: " + subject
                    + "\r\nMessage-ID: <" + UUID.randomUUID() + "@sender.example>\r\n\r\nhello\r\n").code()).isEqualTo(250);
            }
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> sink.deliveries().stream()
            .filter(delivery -> delivery.header("Subject").equals(subject)).count() == mails);
    }

    /** Reads, range reads and writes Cassandra counted for each table of the node's keyspace, as "kind table". */
    private static Map<String, Long> statements() {
        Map<String, Long> counts = new TreeMap<>();
        for (String kind : new String[] {"read", "scan", "write"}) {
            for (Row row : cassandra.execute("SELECT table_name, count FROM system_views.coordinator_" + kind + "_latency"
                    + " WHERE keyspace_name = ?", KEYSPACE.toLowerCase(Locale.ROOT))) {
                counts.put(kind + " " + row.getString("table_name"), row.getLong("count"));
            }
        }
        return counts;
    }

    private static Map<String, Long> difference(Map<String, Long> after, Map<String, Long> before) {
        Map<String, Long> difference = new TreeMap<>();
        after.forEach((table, count) -> difference.put(table, count - before.getOrDefault(table, 0L)));
        return difference;
    }
}
