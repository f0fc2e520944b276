package io.smtpy.server;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Optional;

import javax.net.ssl.SSLSocketFactory;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.smtpy.server.testing.ServerWithSink;
import io.smtpy.server.testing.SmtpTestClient;
import io.smtpy.server.testing.TrustOnly;

/**
 * The submission servers of the shipped {@code smtpserver.xml} over real SMTP and real TLS on loopback: port 587's
 * role (STARTTLS) and port 465's (implicit TLS), on the self-signed certificate the embedded server generated into
 * {@code <data>/tls/}; the clients trust exactly that certificate. Next to them, the MX keeps its behaviour.
 */
@Timeout(300)
class SubmissionPortsEndToEndTest {
    private static final String USER = "hello@submission.example";
    private static String password;

    @TempDir
    static Path temporary;

    private static ServerWithSink fixture;
    private static Path generatedCertificate;
    private static SSLSocketFactory tls;

    @BeforeAll
    static void start() throws Exception {
        fixture = ServerWithSink.start(temporary, Optional.empty());
        generatedCertificate = fixture.dataDirectory().resolve("tls").resolve(SelfSignedCertificate.CERTIFICATE_FILE);
        tls = TrustOnly.certificateIn(generatedCertificate);
        given().spec(fixture.api()).put("/smtpy/domains/submission.example").then().statusCode(201);
        given().spec(fixture.api()).body("{\"destinations\": [\"owner@dest.example\"]}")
            .put("/smtpy/domains/submission.example/aliases/hello").then().statusCode(201);
        password = given().spec(fixture.api()).body("{\"alias\": \"hello\"}")
            .post("/smtpy/domains/submission.example/smtp-credentials").then().statusCode(201)
            .extract().jsonPath().getString("password");
    }

    @AfterAll
    static void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void submissionShouldOfferStartTlsButNotAuthBeforeTls() throws Exception {
        try (SmtpTestClient smtp = SmtpTestClient.connect("127.0.0.1", fixture.submissionPort())) {
            SmtpTestClient.Reply ehlo = smtp.ehlo("client.example");

            assertThat(ehlo.lines()).contains("STARTTLS");
            assertThat(ehlo.lines()).noneMatch(line -> line.startsWith("AUTH"));
        }
    }

    /**
     * James 3.8.1 only hides AUTH before TLS: its AuthCmdHandler never reads {@code requireSSL}, so a client that sends
     * AUTH unannounced would be answered 235 in clear. smtpy's {@code AuthRequiresTls} answers 538 first, on every port.
     */
    @Test
    void authenticationBeforeStartTlsShouldBeRefusedEvenWithTheRightPassword() throws Exception {
        for (int port : new int[] {fixture.submissionPort(), fixture.smtpPort()}) {
            try (SmtpTestClient smtp = SmtpTestClient.connect("127.0.0.1", port)) {
                smtp.ehlo("client.example");

                SmtpTestClient.Reply reply = smtp.authPlain(USER, password);

                assertThat(reply.code()).as("port %d", port).isEqualTo(538);
                assertThat(reply.text()).startsWith("5.7.11");
            }
        }
        try (SmtpTestClient smtp = SmtpTestClient.connect("127.0.0.1", fixture.submissionPort())) {
            smtp.ehlo("client.example");
            smtp.authPlain(USER, password);

            assertThat(smtp.mailFrom(USER).code()).as("not authenticated after the refusal").isEqualTo(530);
        }
    }

    @Test
    void submissionShouldOfferAuthPlainAndLoginAfterStartTls() throws Exception {
        try (SmtpTestClient smtp = SmtpTestClient.connect("127.0.0.1", fixture.submissionPort())) {
            smtp.ehlo("client.example");
            assertThat(smtp.startTls(tls).code()).isEqualTo(220);

            SmtpTestClient.Reply ehlo = smtp.ehlo("client.example");

            assertThat(ehlo.lines()).anyMatch(line -> line.startsWith("AUTH ") && line.contains("PLAIN") && line.contains("LOGIN"));
            assertThat(ehlo.lines()).doesNotContain("STARTTLS");
        }
    }

    @Test
    void smtpsShouldHandshakeBeforeTheGreetingAndOfferAuth() throws Exception {
        try (SmtpTestClient smtp = SmtpTestClient.connectTls("127.0.0.1", fixture.smtpsPort(), tls)) {
            assertThat(smtp.greeting().code()).isEqualTo(220);

            SmtpTestClient.Reply ehlo = smtp.ehlo("client.example");

            assertThat(ehlo.lines()).anyMatch(line -> line.startsWith("AUTH ") && line.contains("PLAIN") && line.contains("LOGIN"));
        }
    }

    @Test
    void bothPortsShouldPresentTheCertificateGeneratedIntoTheDataDirectory() throws Exception {
        X509Certificate onDisk = SelfSignedCertificate.readCertificate(generatedCertificate);

        try (SmtpTestClient submission = SmtpTestClient.connect("127.0.0.1", fixture.submissionPort());
             SmtpTestClient smtps = SmtpTestClient.connectTls("127.0.0.1", fixture.smtpsPort(), tls)) {
            submission.ehlo("client.example");
            submission.startTls(tls);

            assertThat(submission.peerCertificate()).isEqualTo(onDisk);
            assertThat(smtps.peerCertificate()).isEqualTo(onDisk);
        }
        assertThat(Files.readString(fixture.dataDirectory().resolve("conf/smtpserver.xml")))
            .contains("<certificates>file://" + generatedCertificate + "</certificates>")
            .contains("<privateKey>file://" + generatedCertificate.resolveSibling(SelfSignedCertificate.PRIVATE_KEY_FILE) + "</privateKey>");
    }

    @Test
    void unauthenticatedClientShouldNotRelayThroughTheSubmissionPort() throws Exception {
        try (SmtpTestClient smtp = SmtpTestClient.connect("127.0.0.1", fixture.submissionPort())) {
            smtp.ehlo("client.example");
            smtp.startTls(tls);
            smtp.ehlo("client.example");

            SmtpTestClient.Reply reply = smtp.mailFrom("someone@sender.example");

            assertThat(reply.code()).isEqualTo(530);
            assertThat(reply.text()).startsWith("5.7.0");
            assertThat(smtp.rcptTo("someone@external.example").code()).isBetween(500, 599);
        }
    }

    @Test
    void unauthenticatedClientShouldNotRelayThroughTheSmtpsPort() throws Exception {
        try (SmtpTestClient smtp = SmtpTestClient.connectTls("127.0.0.1", fixture.smtpsPort(), tls)) {
            smtp.ehlo("client.example");

            assertThat(smtp.mailFrom("someone@sender.example").code()).isEqualTo(530);
            assertThat(smtp.rcptTo("someone@external.example").code()).isBetween(500, 599);
        }
    }

    @Test
    void authenticatedUserShouldRelayAfterStartTls() throws Exception {
        try (SmtpTestClient smtp = SmtpTestClient.connect("127.0.0.1", fixture.submissionPort())) {
            smtp.ehlo("client.example");
            smtp.startTls(tls);
            smtp.ehlo("client.example");
            assertThat(smtp.authPlain(USER, password).code()).isEqualTo(235);
            assertThat(smtp.mailFrom(USER).code()).isEqualTo(250);
            assertThat(smtp.rcptTo("friend@external.example").code()).isEqualTo(250);

            assertThat(smtp.data("From: " + USER + "\r\nSubject: submitted\r\n\r\nSent over 587.\r\n").code()).isEqualTo(250);
        }

        assertThat(fixture.sink().awaitCopy("friend@external.example", "submitted").sender()).isEqualTo(USER);
    }

    @Test
    void authLoginShouldSucceedOverImplicitTls() throws Exception {
        try (SmtpTestClient smtp = SmtpTestClient.connectTls("127.0.0.1", fixture.smtpsPort(), tls)) {
            smtp.ehlo("client.example");

            assertThat(smtp.authLogin(USER, password).code()).isEqualTo(235);
        }
    }

    @Test
    void wrongPasswordShouldBeRefused() throws Exception {
        try (SmtpTestClient smtp = SmtpTestClient.connectTls("127.0.0.1", fixture.smtpsPort(), tls)) {
            smtp.ehlo("client.example");

            assertThat(smtp.authPlain(USER, "wrong").code()).isEqualTo(535);
        }
    }

    @Test
    void authenticatedMailToAnSmtpyAliasShouldStillBeDecidedBySmtpy() throws Exception {
        try (SmtpTestClient smtp = SmtpTestClient.connectTls("127.0.0.1", fixture.smtpsPort(), tls)) {
            smtp.ehlo("client.example");
            assertThat(smtp.authPlain(USER, password).code()).isEqualTo(235);
            assertThat(smtp.mailFrom(USER).code()).isEqualTo(250);

            assertThat(smtp.rcptTo("hello@submission.example").code()).isEqualTo(250);
            assertThat(smtp.rcptTo("nobody@submission.example").code()).isEqualTo(550);
        }
    }

    @Test
    void mxShouldKeepItsBehaviourNoTlsNoAuthNoRelay() throws Exception {
        try (SmtpTestClient smtp = SmtpTestClient.connect("127.0.0.1", fixture.smtpPort())) {
            SmtpTestClient.Reply ehlo = smtp.ehlo("client.example");
            assertThat(ehlo.lines()).doesNotContain("STARTTLS");
            assertThat(ehlo.lines()).noneMatch(line -> line.startsWith("AUTH"));
            assertThat(smtp.mailFrom("someone@sender.example").code()).isEqualTo(250);

            assertThat(smtp.rcptTo("someone@external.example").code()).isIn(530, 550);
            assertThat(smtp.rcptTo("hello@submission.example").code()).isEqualTo(250);
        }
    }
}
