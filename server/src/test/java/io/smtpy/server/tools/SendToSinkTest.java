package io.smtpy.server.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.subethamail.smtp.MessageHandler;
import org.subethamail.smtp.RejectException;
import org.subethamail.smtp.helper.SimpleMessageListener;
import org.subethamail.smtp.helper.SimpleMessageListenerAdapter;
import org.subethamail.smtp.server.SMTPServer;

import io.smtpy.server.testing.FreePorts;

/** {@code ./smtpy send} and {@code ./smtpy sink} over real SMTP on loopback. */
@Timeout(30)
class SendToSinkTest {
    private final ByteArrayOutputStream sinkOutput = new ByteArrayOutputStream();
    private final ByteArrayOutputStream sendOutput = new ByteArrayOutputStream();
    private final ByteArrayOutputStream sendErrors = new ByteArrayOutputStream();
    private int port;
    private SinkMain.Sink sink;

    @BeforeEach
    void startSink() {
        port = FreePorts.pick();
        sink = SinkMain.Sink.start(port, new PrintStream(sinkOutput, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void stopSink() {
        sink.close();
    }

    private int send(String... arguments) {
        return SendMain.run(List.of(arguments), new PrintStream(sendOutput, true, StandardCharsets.UTF_8),
            new PrintStream(sendErrors, true, StandardCharsets.UTF_8));
    }

    private String sinkPrinted() {
        return Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
            .until(() -> sinkOutput.toString(StandardCharsets.UTF_8), text -> text.contains("=== end of message"));
    }

    @Test
    void sentMessageShouldBePrintedByTheSinkWithItsEnvelope() {
        int exitCode = send("--from", "jane@sender.example", "--to", "sales@example.com", "--to=ops@example.com",
            "--subject", "Quarterly numbers", "--body", "Line one\n.hidden dot\nLine three", "--server", "127.0.0.1:" + port);

        assertThat(exitCode).isEqualTo(SendMain.EXIT_SENT);
        String printed = sinkPrinted();
        assertThat(printed).contains("MAIL FROM:<jane@sender.example>\nRCPT TO:<sales@example.com>\nRCPT TO:<ops@example.com>\n\n");
        assertThat(printed).contains("Subject: Quarterly numbers\n", "\nLine one\n.hidden dot\nLine three\n");
        assertThat(printed).doesNotContain("\r");
    }

    @Test
    void sendShouldPrintTheServersReplies() {
        send("--from", "jane@sender.example", "--to", "sales@example.com", "--server", "127.0.0.1:" + port);

        assertThat(sendOutput.toString(StandardCharsets.UTF_8))
            .contains("S: 220 ", "C: MAIL FROM:<jane@sender.example>", "C: RCPT TO:<sales@example.com>", "S: 354 ", "S: 250 ");
    }

    @Test
    void nonAsciiSubjectAndBodyShouldArriveEncoded() {
        send("--from", "jane@sender.example", "--to", "sales@example.com", "--subject", "Grüße", "--body", "Schöne Grüße",
            "--server", "127.0.0.1:" + port);

        assertThat(sinkPrinted()).contains("Subject: =?UTF-8?B?R3LDvMOfZQ==?=", "Content-Transfer-Encoding: base64");
    }

    @Test
    void refusedRecipientShouldExitWithOneAndPrintTheCode() {
        SMTPServer refusing = new SMTPServer(new SimpleMessageListenerAdapter(new SimpleMessageListener() {
            @Override
            public boolean accept(String from, String recipient) {
                return false;
            }

            @Override
            public void deliver(String from, String recipient, InputStream data) {
            }
        }));
        int refusingPort = FreePorts.pick();
        refusing.setPort(refusingPort);
        refusing.setBindAddress(InetAddress.getLoopbackAddress());
        refusing.start();
        try {
            int exitCode = send("--from", "jane@sender.example", "--to", "nobody@example.com", "--server", "127.0.0.1:" + refusingPort);

            assertThat(exitCode).isEqualTo(SendMain.EXIT_REFUSED);
            assertThat(sendErrors.toString(StandardCharsets.UTF_8)).contains("refused with 553");
            assertThat(sendOutput.toString(StandardCharsets.UTF_8)).contains("C: QUIT").doesNotContain("C: DATA");
        } finally {
            refusing.stop();
        }
    }

    @Test
    void refusedMessageShouldExitWithOne() {
        SMTPServer refusing = new SMTPServer(context -> new MessageHandler() {
            @Override
            public void from(String from) {
            }

            @Override
            public void recipient(String recipient) {
            }

            @Override
            public void data(InputStream data) throws IOException {
                data.readAllBytes();
                throw new RejectException(554, "5.7.1 message refused");
            }

            @Override
            public void done() {
            }
        });
        int refusingPort = FreePorts.pick();
        refusing.setPort(refusingPort);
        refusing.setBindAddress(InetAddress.getLoopbackAddress());
        refusing.start();
        try {
            int exitCode = send("--from", "jane@sender.example", "--to", "sales@example.com", "--server", "127.0.0.1:" + refusingPort);

            assertThat(exitCode).isEqualTo(SendMain.EXIT_REFUSED);
            assertThat(sendErrors.toString(StandardCharsets.UTF_8)).contains("refused with 554: 554 5.7.1 message refused");
        } finally {
            refusing.stop();
        }
    }

    @Test
    void unreachableServerShouldExitWithOne() {
        assertThat(send("--from", "jane@sender.example", "--to", "sales@example.com", "--server", "127.0.0.1:" + FreePorts.pick()))
            .isEqualTo(SendMain.EXIT_REFUSED);
    }

    @Test
    void badFlagsShouldExitWithTwo() {
        assertThat(send("--to", "sales@example.com")).isEqualTo(SendMain.EXIT_USAGE);
        assertThat(send("--from", "jane@sender.example")).isEqualTo(SendMain.EXIT_USAGE);
        assertThat(send("--from", "not an address", "--to", "sales@example.com")).isEqualTo(SendMain.EXIT_USAGE);
        assertThat(send("--from", "jane@sender.example", "--to", "sales@example.com", "--server", "nowhere")).isEqualTo(SendMain.EXIT_USAGE);
        assertThat(send("--from", "jane@sender.example", "--to", "sales@example.com", "--colour", "red")).isEqualTo(SendMain.EXIT_USAGE);
        assertThat(sendErrors.toString(StandardCharsets.UTF_8)).contains("--from is required", "usage: smtpy send");
    }

    @Test
    void sinkPortFlagShouldBeRead() throws Exception {
        assertThat(SinkMain.port(List.of())).isEqualTo(SinkMain.DEFAULT_PORT);
        assertThat(SinkMain.port(List.of("--port", "2600"))).isEqualTo(2600);
        assertThat(SinkMain.port(List.of("--port=2601"))).isEqualTo(2601);
    }

    @Test
    void badSinkFlagsShouldBeUsageErrors() {
        for (List<String> arguments : List.of(List.of("--port"), List.of("--port", "x"), List.of("--port", "0"), List.of("--bind", "0.0.0.0"))) {
            assertThatThrownBy(() -> SinkMain.port(arguments))
                .as(arguments.toString()).isInstanceOf(SinkMain.UsageException.class);
        }
    }
}
