package io.smtpy.server.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.smtpy.server.testing.ForkedSmtpyServer;
import io.smtpy.server.testing.FreePorts;
import io.smtpy.server.testing.SmtpTestClient;
import io.smtpy.server.testing.TestConfiguration;
import io.smtpy.server.testing.WebAdminTestClient;
import io.smtpy.webhooks.WebhookReceiver;

/**
 * Webhook messages survive a crash: mails are accepted while the receiver answers 503, so their events wait in the
 * outbox; the server is killed with SIGKILL, restarted on the same data directory, the receiver recovers, and every
 * event's message arrives (at least once: duplicates are counted, none may be missing).
 */
@Timeout(600)
class WebhookOutboxCrashTest {
    private static final int MAIL_COUNT = 30;

    @TempDir
    Path temporary;

    @Test
    void everyQueuedWebhookMessageShouldArriveAfterSigkillAndRestart() throws Exception {
        Path configuration = TestConfiguration.copyOfShipped(temporary.resolve("conf")).directory();
        Files.writeString(configuration.resolve("smtpy.properties"),
            "\nwebhooks.allowedNetworks=127.0.0.2/32\nwebhooks.firstRetrySeconds=1\nwebhooks.maxRetrySeconds=2\n",
            StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        try (WebhookReceiver receiver = new WebhookReceiver("127.0.0.2");
             ForkedSmtpyServer server = ForkedSmtpyServer.builder()
                 .dataDirectory(temporary.resolve("data"))
                 .configurationDirectory(configuration)
                 .gateway("127.0.0.1:" + FreePorts.pick())
                 .build()) {
            receiver.answer("/hook", java.util.Collections.nCopies(100_000, 503).toArray(new Integer[0]));
            server.start();
            WebAdminTestClient webAdmin = new WebAdminTestClient("127.0.0.1", server.webAdminPort(), server.dataDirectory());
            assertThat(webAdmin.put("/smtpy/domains/crash.example").statusCode()).isEqualTo(201);
            assertThat(webAdmin.putJson("/smtpy/domains/crash.example/aliases/hooked",
                "{\"destinations\": [\"owner@dest.example\"]}").statusCode()).isEqualTo(201);
            assertThat(webAdmin.postJson("/smtpy/domains/crash.example/webhooks",
                "{\"url\":\"" + receiver.url("/hook") + "\",\"events\":[\"received\"]}").statusCode()).isEqualTo(201);

            sendMails(server);
            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(ids(receiver, 503)).as("messages refused while the receiver is down").hasSize(MAIL_COUNT));
            assertThat(ids(receiver, 200)).isEmpty();
            server.kill();

            receiver.recover("/hook");
            server.start();

            Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertThat(ids(receiver, 200)).as("messages delivered after the restart").hasSize(MAIL_COUNT));
            Map<String, Long> copies = receiver.received().stream().filter(request -> request.status == 200)
                .collect(Collectors.groupingBy(request -> request.id, Collectors.counting()));
            long duplicates = copies.values().stream().mapToLong(count -> count - 1).sum();
            System.out.println("WebhookOutboxCrashTest: " + MAIL_COUNT + " events, " + duplicates + " duplicate message(s) after SIGKILL");
            assertThat(ids(receiver, 200)).isEqualTo(ids(receiver, 503));
        }
    }

    private static Set<String> ids(WebhookReceiver receiver, int status) {
        return receiver.received().stream().filter(request -> request.status == status).map(request -> request.id)
            .collect(Collectors.toCollection(TreeSet::new));
    }

    private static void sendMails(ForkedSmtpyServer server) throws Exception {
        try (SmtpTestClient smtp = SmtpTestClient.connect("127.0.0.1", server.smtpPort())) {
            smtp.ehlo("client.example");
            for (int sequence = 0; sequence < MAIL_COUNT; sequence++) {
                assertThat(smtp.mailFrom("author@origin.example").code()).isEqualTo(250);
                assertThat(smtp.rcptTo("hooked@crash.example").code()).isEqualTo(250);
                SmtpTestClient.Reply accepted = smtp.data("From: author@origin.example\r\nTo: hooked@crash.example\r\n"
                    + "Subject: hook " + sequence + "\r\n\r\nEvent number " + sequence + " must reach the webhook.\r\n");
                assertThat(accepted.code()).as("mail %d: %s", sequence, accepted).isEqualTo(250);
            }
        }
    }
}
