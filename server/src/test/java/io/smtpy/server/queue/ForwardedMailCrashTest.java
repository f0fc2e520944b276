package io.smtpy.server.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.smtpy.server.testing.ForkedSmtpyServer;
import io.smtpy.server.testing.FreePorts;
import io.smtpy.server.testing.SmtpSink;
import io.smtpy.server.testing.SmtpTestClient;
import io.smtpy.server.testing.TestConfiguration;
import io.smtpy.server.testing.WebAdminTestClient;

/**
 * Forwarded mail survives a crash: 200 mails to an alias are accepted (250) by an unauthenticated client while the
 * destination is down, the server is killed with SIGKILL, restarted on the same data directory, the destination
 * comes up, and every mail arrives at the alias's destination. Duplicates are counted and reported (delivery is
 * at least once); none may be missing. While the destination is down, the retries show as deferred events.
 */
@Timeout(600)
class ForwardedMailCrashTest {
    private static final int MAIL_COUNT = 200;
    private static final String SEQUENCE_HEADER = "X-Smtpy-Test-Sequence";

    @TempDir
    Path temporary;

    @Test
    void everyAcceptedForwardShouldArriveAfterSigkillAndRestart() throws Exception {
        Path configuration = TestConfiguration.copyOfShipped(temporary.resolve("conf"))
            .remoteDeliveryRetryEvery("1 second", 600)
            .directory();
        int destinationPort = FreePorts.pick();
        try (ForkedSmtpyServer server = ForkedSmtpyServer.builder()
                .dataDirectory(temporary.resolve("data"))
                .configurationDirectory(configuration)
                .gateway("127.0.0.1:" + destinationPort)
                .build()) {
            server.start();
            WebAdminTestClient webAdmin = new WebAdminTestClient("127.0.0.1", server.webAdminPort(), server.dataDirectory());
            assertThat(webAdmin.put("/smtpy/domains/forward.example").statusCode()).isEqualTo(201);
            assertThat(webAdmin.putJson("/smtpy/domains/forward.example/aliases/crash",
                "{\"destinations\": [\"owner@dest.example\"]}").statusCode()).isEqualTo(201);

            sendSequencedMails(server);
            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertThat(webAdmin.get("/smtpy/domains/forward.example/events?type=deferred&alias=crash").body())
                    .as("deferral events while the destination is down")
                    .contains("\"type\":\"deferred\"")
                    .contains("temporary delivery failure, attempt"));
            server.kill();

            try (SmtpSink destination = SmtpSink.start(destinationPort)) {
                server.start();

                Awaitility.await()
                    .atMost(Duration.ofSeconds(300))
                    .pollInterval(Duration.ofMillis(500))
                    .untilAsserted(() -> assertThat(receivedSequences(destination)).as("forwards arrived so far").hasSize(MAIL_COUNT));
                Thread.sleep(3_000);

                Map<String, Long> copies = destination.deliveries().stream()
                    .collect(Collectors.groupingBy(delivery -> delivery.header(SEQUENCE_HEADER), Collectors.counting()));
                long duplicates = copies.values().stream().mapToLong(count -> count - 1).sum();
                System.out.println("ForwardedMailCrashTest: " + MAIL_COUNT + " mails, " + duplicates + " duplicate(s) after SIGKILL");
                assertThat(receivedSequences(destination)).as("no forwarded mail lost").isEqualTo(expectedSequences());
                assertThat(destination.deliveries()).allMatch(delivery -> delivery.recipient().equals("owner@dest.example"));
                assertThat(destination.deliveries()).allMatch(delivery -> delivery.sender().toUpperCase().startsWith("SRS0="));
            }
        }
    }

    private static void sendSequencedMails(ForkedSmtpyServer server) throws Exception {
        try (SmtpTestClient smtp = SmtpTestClient.connect("127.0.0.1", server.smtpPort())) {
            smtp.ehlo("client.example");
            for (int sequence = 0; sequence < MAIL_COUNT; sequence++) {
                assertThat(smtp.mailFrom("author@origin.example").code()).isEqualTo(250);
                assertThat(smtp.rcptTo("crash@forward.example").code()).isEqualTo(250);
                SmtpTestClient.Reply accepted = smtp.data(String.join("\r\n",
                    "From: author@origin.example",
                    "To: crash@forward.example",
                    "Subject: crash " + sequence,
                    SEQUENCE_HEADER + ": " + sequence,
                    "",
                    "Forward number " + sequence + " must survive a crash."));
                assertThat(accepted.code()).as("mail %d: %s", sequence, accepted).isEqualTo(250);
            }
        }
    }

    private static Set<String> receivedSequences(SmtpSink destination) {
        return destination.deliveries().stream()
            .map(delivery -> delivery.header(SEQUENCE_HEADER))
            .collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<String> expectedSequences() {
        return IntStream.range(0, MAIL_COUNT).mapToObj(String::valueOf).collect(Collectors.toCollection(TreeSet::new));
    }
}
