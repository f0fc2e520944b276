package io.smtpy.server.testing;

import static io.restassured.RestAssured.given;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.stream.Collectors;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.smtpy.store.cassandra.CassandraServer;

/** Forked nodes of one cluster for the cluster tests: their shared configuration, each node, calls to them. */
public final class ClusterNodes {
    private ClusterNodes() {
    }

    /**
     * The shipped configuration with RemoteDelivery retrying every second {@code retries} times, {@code storage=}
     * replaced by {@code properties} (the shipped file says {@code storage=embedded}: a second line would make a list of
     * which the first counts), and no inbound checks (no DNS in these tests).
     */
    public static Path configuration(Path directory, int retries, String properties) throws Exception {
        Path configuration = TestConfiguration.copyOfShipped(directory)
            .remoteDeliveryRetryEvery("1 second", retries)
            .directory();
        Path file = configuration.resolve("smtpy.properties");
        Files.write(file, Files.readAllLines(file).stream()
            .filter(line -> !line.startsWith("storage="))
            .collect(Collectors.toList()));
        Files.writeString(file, "\n" + properties + "\nauth.inboundChecks=false\n", StandardOpenOption.APPEND);
        return configuration;
    }

    /** The properties of a node whose every concern is on the shared test Cassandra, in {@code keyspace}. */
    public static String onCassandra(String keyspace) {
        return "storage=cassandra\ncassandra.contactPoints=" + CassandraServer.shared().contactPoint()
            + "\ncassandra.keyspace=" + keyspace;
    }

    /** A node started on {@code data}, all its outbound mail through the sink at {@code sinkPort}. */
    public static ForkedSmtpyServer node(Path configuration, Path data, int sinkPort) throws IOException, InterruptedException {
        ForkedSmtpyServer node = ForkedSmtpyServer.builder()
            .dataDirectory(data)
            .configurationDirectory(configuration)
            .gateway("127.0.0.1:" + sinkPort)
            // The first node of a keyspace creates its tables (some sixty schema changes): slow on a loaded machine.
            .startTimeout(Duration.ofMinutes(5))
            .build();
        node.start();
        return node;
    }

    /** WebAdmin of the node, as its operator. */
    public static RequestSpecification operator(ForkedSmtpyServer node) {
        return given().port(node.webAdminPort()).contentType(ContentType.JSON)
            .header("Authorization", OperatorKey.bearer(node.dataDirectory()));
    }

    /** The node's answer to RCPT TO {@code recipient}. */
    public static int rcpt(ForkedSmtpyServer node, String recipient) throws IOException {
        return rcpt(node, "jane@sender.example", recipient);
    }

    /** The node's answer to RCPT TO {@code recipient} after MAIL FROM {@code sender}. */
    public static int rcpt(ForkedSmtpyServer node, String sender, String recipient) throws IOException {
        try (SmtpTestClient smtp = SmtpTestClient.connect("127.0.0.1", node.smtpPort())) {
            smtp.ehlo("client.example");
            smtp.mailFrom(sender);
            return smtp.rcptTo(recipient).code();
        }
    }
}
