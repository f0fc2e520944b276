package io.smtpy.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;

import org.apache.james.GuiceJamesServer;
import org.apache.james.modules.protocols.SmtpGuiceProbe;
import org.apache.james.utils.WebAdminGuiceProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.smtpy.server.testing.ForkedSmtpyServer;
import io.smtpy.server.testing.SmtpTestClient;
import io.smtpy.server.testing.WebAdminTestClient;

/**
 * The embedded server started inside the test JVM with {@link SmtpyServer#create} and the shipped {@code conf/},
 * ports 0 (James picks them; the probes tell). The way to go for tests that override James bindings.
 */
@Timeout(180)
class InProcessServerTest {
    @TempDir
    static Path data;

    private static GuiceJamesServer server;
    private static int smtpPort;
    private static WebAdminTestClient webAdmin;

    @BeforeAll
    static void startServer() throws Exception {
        server = SmtpyServer.create(SmtpyServerSettings.builder()
            .dataDirectory(data)
            .configurationDirectory(ForkedSmtpyServer.shippedConfiguration())
            .anyFreePorts()
            .build());
        server.start();
        smtpPort = server.getProbe(SmtpGuiceProbe.class).getSmtpPort().getValue();
        webAdmin = new WebAdminTestClient("127.0.0.1", server.getProbe(WebAdminGuiceProbe.class).getWebAdminPort().getValue(), data);
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void smtpShouldGreetAndAnswerEhlo() throws Exception {
        try (SmtpTestClient smtp = SmtpTestClient.connect("127.0.0.1", smtpPort)) {
            assertThat(smtp.greeting().code()).isEqualTo(220);
            assertThat(smtp.greeting().text()).contains("smtpy");

            assertThat(smtp.ehlo("client.example").code()).isEqualTo(250);
        }
    }

    @Test
    void unauthenticatedLoopbackClientShouldNotRelayToAForeignDomain() throws Exception {
        try (SmtpTestClient smtp = SmtpTestClient.connect("127.0.0.1", smtpPort)) {
            smtp.ehlo("client.example");
            assertThat(smtp.mailFrom("someone@sender.example").code()).isEqualTo(250);

            SmtpTestClient.Reply reply = smtp.rcptTo("someone@external.example");

            assertThat(reply.code()).isIn(530, 550);
            assertThat(reply.text()).startsWith("5.7.1");
        }
    }

    @Test
    void authenticationShouldNotBeOfferedWithoutTls() throws Exception {
        try (SmtpTestClient smtp = SmtpTestClient.connect("127.0.0.1", smtpPort)) {
            SmtpTestClient.Reply ehlo = smtp.ehlo("client.example");

            assertThat(ehlo.lines()).noneMatch(line -> line.startsWith("AUTH"));
        }
    }

    @Test
    void messageSizeLimitShouldBeAnnounced() throws Exception {
        try (SmtpTestClient smtp = SmtpTestClient.connect("127.0.0.1", smtpPort)) {
            SmtpTestClient.Reply ehlo = smtp.ehlo("client.example");

            assertThat(ehlo.lines()).contains("SIZE " + 25 * 1024 * 1024);
        }
    }

    @Test
    void healthcheckShouldBeHealthyAndIncludeTheDurableQueue() throws Exception {
        HttpResponse<String> response = webAdmin.get("/healthcheck");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("Durable mail queue");
    }

    @Test
    void durableQueueShouldKeepItsFilesInTheDataDirectory() {
        assertThat(data.resolve("queue/lock")).exists();
        assertThat(data.resolve("queue/mail/spool")).isDirectory();
        assertThat(data.resolve("queue/mail/outgoing")).isDirectory();
    }

    @Test
    void jamesShouldReadTheGeneratedConfigurationOfTheDataDirectory() {
        assertThat(data.resolve("conf").resolve(EffectiveConfiguration.GENERATED_MARKER_FILE)).exists();
        assertThat(data.resolve("conf/smtpserver.xml")).content().contains("0.0.0.0:0");
    }

    @Test
    void smtpyFilesShouldLandInTheSmtpyDirectoryOfTheDataDirectory() {
        assertThat(data.resolve("smtpy/smtpy.db")).isRegularFile();
        assertThat(data.resolve("smtpy/srs-secret")).isRegularFile();
        assertThat(data.resolve("var")).doesNotExist();
    }
}
