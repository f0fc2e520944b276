package io.smtpy.server.queue;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import javax.mail.internet.MimeMessage;

import org.apache.james.queue.api.MailQueueName;
import org.apache.james.server.core.MailImpl;
import org.apache.mailet.Mail;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.smtpy.core.model.DomainName;
import io.smtpy.server.testing.MessageHistory;
import io.smtpy.server.testing.ServerWithSink;
import io.smtpy.server.testing.SmtpSink;

/**
 * Issue 16's "with 10,000 normal mails queued to a slow sink, a priority mail arrives first": 10,000 normal mails wait
 * in the durable outgoing queue (written in the queue's file format before the server starts, which is how a backlog
 * looks after a restart), the sink takes 100 ms per message, and a mail to an alias of a domain in the operator's high
 * class ({@code queue.priorityDomains}) is sent over SMTP. Once in the delivery queue it must reach the sink within a few
 * deliveries (the ones already under way), long before the backlog drains; the test prints how many backlog mails went
 * before and after it.
 */
@Timeout(600)
class PriorityLanesEndToEndTest {
    private static final int BACKLOG = 10_000;
    private static final String VIP = "vip.test";

    @TempDir
    static Path temporary;

    private static ServerWithSink fixture;

    @BeforeAll
    static void start() throws Exception {
        long writing = System.nanoTime();
        writeBacklog(temporary.resolve("data").resolve("queue"));
        System.out.printf("priority lanes: %d normal mails written to the outgoing queue in %d ms%n", BACKLOG,
            (System.nanoTime() - writing) / 1_000_000);
        fixture = ServerWithSink.start(temporary, Optional.empty(), List.of(), "queue.priorityDomains=" + VIP, false,
            "1 minute", 3, Duration.ofMillis(100));
    }

    @AfterAll
    static void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void aPriorityMailShouldArriveBeforeTheBacklogOfNormalMail() throws Exception {
        SmtpSink sink = fixture.sink();
        given().spec(fixture.api()).put("/smtpy/domains/" + VIP).then().statusCode(201);
        given().spec(fixture.api()).body("{\"destinations\": [\"boss@dest.test\"]}").put("/smtpy/domains/" + VIP + "/aliases/boss")
            .then().statusCode(201);
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> sink.deliveries().size() > 100);

        int deliveredBefore = sink.deliveries().size();
        Instant sent = Instant.now();
        MessageHistory history = new MessageHistory(fixture, "/smtpy/domains/" + VIP);
        history.send("boss@" + VIP, "urgent", "<priority@sender.test>");
        // When the copy is in the delivery queue: the first time the outgoing queue, looked at in memory every
        // millisecond, shows it (or the sink has it already).
        io.smtpy.sending.queue.OwnerQueue outgoing = (io.smtpy.sending.queue.OwnerQueue) fixture.instance(DurableMailQueueFactory.class)
            .getQueue(DurableMailQueueFactory.OUTGOING).orElseThrow();
        Instant queued = Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(1))
            .until(() -> outgoing.list(DomainName.of(VIP)).isEmpty()
                && sink.deliveries().stream().noneMatch(delivery -> delivery.recipient().equals("boss@dest.test"))
                ? null : Instant.now(), java.util.Objects::nonNull);
        SmtpSink.Delivery priority = sink.awaitCopy("boss@dest.test", "urgent");
        List<SmtpSink.Delivery> deliveries = sink.deliveries();
        int position = deliveries.indexOf(priority);
        long normalWhileQueued = deliveries.subList(0, position).stream()
            .filter(delivery -> delivery.receivedAt().isAfter(queued)).count();
        int backlogLeft = BACKLOG - (int) deliveries.stream().filter(delivery -> delivery.recipient().startsWith("bulk-")).count();

        System.out.printf("priority lanes: %d of %d normal mails delivered when the priority mail was accepted over SMTP;"
                + " it reached the delivery queue %d ms later and the sink %d ms after that, as delivery #%d: %d normal mails"
                + " finished while it was in the delivery queue (%d since its acceptance, the mail pipeline's time included);"
                + " slow sink: 100 ms per message; %d normal mails still queued%n",
            deliveredBefore, BACKLOG, Duration.between(sent, queued).toMillis(),
            Duration.between(queued, priority.receivedAt()).toMillis(), position + 1, normalWhileQueued,
            position - deliveredBefore, backlogLeft);
        assertThat(normalWhileQueued).as("normal mails that finished while the priority copy was in the delivery queue")
            .isLessThanOrEqualTo(60);
        assertThat(backlogLeft).as("the backlog had not drained").isGreaterThan(BACKLOG / 2);
    }

    /**
     * The backlog as the outgoing queue keeps it: one file per mail, {@link QueuedMailFile}'s format, written without a
     * sync each (a test's shortcut: the queue syncs every mail it is given).
     */
    private static void writeBacklog(Path queueRoot) throws Exception {
        QueueDirectories directories = QueueDirectories.take(queueRoot);
        try {
            Path outgoing = directories.queue(MailQueueName.of("outgoing"));
            ObjectMapper mapper = new ObjectMapper();
            long now = System.currentTimeMillis();
            for (int i = 0; i < BACKLOG; i++) {
                String text = "From: <bulk@normal.test>\r\nTo: <bulk-" + i + "@dest.test>\r\nSubject: bulk " + i
                    + "\r\nMessage-ID: <bulk-" + i + "@normal.test>\r\n\r\nnormal mail " + i + "\r\n";
                Mail mail = MailImpl.builder()
                    .name("bulk-" + i)
                    .sender("bulk@normal.test")
                    .addRecipient("bulk-" + i + "@dest.test")
                    .state(Mail.DEFAULT)
                    .mimeMessage(new MimeMessage(null, new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8))))
                    .build();
                byte[] json = mapper.writeValueAsBytes(QueuedEnvelope.of(mail, now, now + i).json());
                ByteArrayOutputStream file = new ByteArrayOutputStream();
                file.write(("smtpy-queued-mail 1 " + json.length + "\n").getBytes(StandardCharsets.US_ASCII));
                file.write(json);
                file.write(text.getBytes(StandardCharsets.UTF_8));
                Files.write(outgoing.resolve(String.format("bulk-%05d", i) + QueuedMailFile.SUFFIX), file.toByteArray());
            }
        } finally {
            directories.close();
        }
    }
}
