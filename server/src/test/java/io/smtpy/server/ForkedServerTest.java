package io.smtpy.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import javax.net.ssl.SSLSocketFactory;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.smtpy.server.testing.ForkedSmtpyServer;
import io.smtpy.server.testing.ListeningSockets;
import io.smtpy.server.testing.SmtpTestClient;
import io.smtpy.server.testing.TrustOnly;
import io.smtpy.server.testing.WebAdminTestClient;

/**
 * The embedded server as {@code ./smtpy run} starts it: its own JVM, the shipped {@code conf/}, ports given through
 * the environment (SMTPY_SMTP_PORT, SMTPY_SUBMISSION_PORT, SMTPY_SMTPS_PORT, SMTPY_WEBADMIN_PORT). The last test
 * stops it with SIGTERM.
 */
@Timeout(240)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ForkedServerTest {
    @TempDir
    static Path data;

    private static ForkedSmtpyServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = ForkedSmtpyServer.builder()
            .dataDirectory(data)
            .portsThroughEnvironment()
            .build()
            .start();
    }

    @AfterAll
    static void killIfStillRunning() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    @Order(1)
    void smtpShouldAnswerEhloOnThePortFromTheEnvironment() throws Exception {
        try (SmtpTestClient smtp = SmtpTestClient.connect("127.0.0.1", server.smtpPort())) {
            assertThat(smtp.ehlo("client.example").code()).isEqualTo(250);
        }
    }

    @Test
    @Order(1)
    void submissionPortsShouldAnswerOnThePortsFromTheEnvironment() throws Exception {
        SSLSocketFactory tls = TrustOnly.certificateIn(server.dataDirectory().resolve("tls").resolve(SelfSignedCertificate.CERTIFICATE_FILE));
        try (SmtpTestClient submission = SmtpTestClient.connect("127.0.0.1", server.submissionPort())) {
            assertThat(submission.ehlo("client.example").lines()).contains("STARTTLS");
        }
        try (SmtpTestClient smtps = SmtpTestClient.connectTls("127.0.0.1", server.smtpsPort(), tls)) {
            assertThat(smtps.ehlo("client.example").code()).isEqualTo(250);
        }
    }

    @Test
    @Order(1)
    void webAdminShouldAnswerHealthcheckOnThePortFromTheEnvironment() throws Exception {
        WebAdminTestClient webAdmin = new WebAdminTestClient("127.0.0.1", server.webAdminPort(), server.dataDirectory());

        assertThat(webAdmin.get("/healthcheck").statusCode()).isEqualTo(200);
    }

    @Test
    @Order(1)
    void serverShouldListenOnlyOnItsSmtpPortsAndWebAdmin() throws Exception {
        assumeThat(ListeningSockets.supported()).as("needs Linux /proc").isTrue();

        List<Integer> ports = ListeningSockets.of(server.pid()).stream()
            .map(InetSocketAddress::getPort)
            .sorted()
            .collect(Collectors.toList());

        // No IMAP, POP3, LMTP, ManageSieve, JMAP, JMX, nor a TCP connector of the queue broker.
        assertThat(ports).containsExactlyInAnyOrder(server.smtpPort(), server.submissionPort(), server.smtpsPort(), server.webAdminPort());
    }

    @Test
    @Order(1)
    void webAdminShouldListenOnLoopbackOnly() throws Exception {
        assumeThat(ListeningSockets.supported()).as("needs Linux /proc").isTrue();

        List<InetSocketAddress> webAdminSockets = ListeningSockets.of(server.pid()).stream()
            .filter(address -> address.getPort() == server.webAdminPort())
            .collect(Collectors.toList());

        assertThat(webAdminSockets).isNotEmpty();
        assertThat(webAdminSockets).allMatch(address -> address.getAddress().isLoopbackAddress()
            || address.getAddress().getHostAddress().equals("::ffff:127.0.0.1"));
    }

    @Test
    @Order(1)
    void webAdminShouldNotAnswerOnANonLoopbackAddress() throws Exception {
        Optional<InetAddress> external = nonLoopbackAddress();
        assumeThat(external).as("needs a non-loopback interface").isPresent();

        assertThatThrownBy(() -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(external.get(), server.webAdminPort()), 2_000);
            }
        }).isInstanceOf(ConnectException.class);
        try (Socket smtpOnSameAddress = new Socket()) {
            smtpOnSameAddress.connect(new InetSocketAddress(external.get(), server.smtpPort()), 2_000);
            assertThat(smtpOnSameAddress.isConnected()).as("SMTP, bound to 0.0.0.0, answers there: the address works").isTrue();
        }
    }

    @Test
    @Order(2)
    void sigtermShouldStopTheServerWithExitCodeZero() throws Exception {
        Instant before = Instant.now();

        int exitCode = server.stop();

        assertThat(exitCode).as(server.consoleTail()).isZero();
        assertThat(Duration.between(before, Instant.now())).isLessThan(Duration.ofSeconds(30));
        assertThat(server.consoleTail()).contains("JAMES server stopped");
    }

    private static Optional<InetAddress> nonLoopbackAddress() throws Exception {
        for (NetworkInterface networkInterface : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!networkInterface.isUp() || networkInterface.isLoopback()) {
                continue;
            }
            for (InetAddress address : Collections.list(networkInterface.getInetAddresses())) {
                if (address instanceof Inet4Address && !address.isLoopbackAddress()) {
                    return Optional.of(address);
                }
            }
        }
        return Optional.empty();
    }
}
