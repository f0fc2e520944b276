package io.smtpy.server;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import javax.mail.Message;
import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.Transport;
import javax.mail.internet.InternetAddress;
import javax.net.ssl.SSLSocketFactory;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import com.sun.mail.smtp.SMTPMessage;

import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import io.smtpy.server.testing.PublishedDkimKeys;
import io.smtpy.server.testing.ServerWithSink;
import io.smtpy.server.testing.SmtpSink;
import io.smtpy.server.testing.SmtpTestClient;
import io.smtpy.server.testing.TrustOnly;

/**
 * Sending as an alias through the submission server, over real SMTP with real TLS, with a real client library
 * (JavaMail): STARTTLS on the submission port and implicit TLS on the smtps port, each trusting only the certificate
 * the server generated; AUTH refused before TLS; send-as refused for a foreign envelope sender or From; the delivered
 * mail checked by independent implementations: its DKIM signature by dkimpy (python3-dkim), SPF by pyspf
 * (python3-spf) against the test's own dnsmasq, and DMARC as their alignment with the From domain under the
 * domain's {@code p=reject} policy. The mail's journey shows it submitted and delivered.
 */
@Timeout(600)
class SubmissionEndToEndTest {
    private static final String PYTHON = "/usr/bin/python3";
    private static final String DOMAIN = "brand.test";
    private static final List<String> RECORDS = List.of(
        "--txt-record=brand.test,v=spf1 ip4:127.0.0.1 -all",
        "--txt-record=_dmarc.brand.test,v=DMARC1; p=reject; adkim=s; aspf=s");

    @TempDir
    static Path temporary;

    private static ServerWithSink fixture;
    private static SmtpSink sink;
    private static PublishedDkimKeys keys;
    private static String username;
    private static String password;
    private static SSLSocketFactory trustingTheServer;

    @BeforeAll
    static void start() throws Exception {
        fixture = ServerWithSink.start(temporary, Optional.empty(), RECORDS, "dkim.rotationCheckMinutes=0\n");
        sink = fixture.sink();
        rest().put("/smtpy/domains/" + DOMAIN).then().statusCode(201);
        keys = PublishedDkimKeys.activate(fixture, DOMAIN, RECORDS);
        rest().body("{\"destinations\": [\"owner@dest.test\"]}").put("/smtpy/domains/" + DOMAIN + "/aliases/sales")
            .then().statusCode(201);
        JsonPath created = rest().body("{\"alias\": \"sales\"}").post("/smtpy/domains/" + DOMAIN + "/smtp-credentials")
            .then().statusCode(201).extract().jsonPath();
        username = created.getString("username");
        password = created.getString("password");
        assertThat(username).isEqualTo("sales@brand.test");
        trustingTheServer = TrustOnly.certificateIn(fixture.dataDirectory().resolve("tls").resolve(SelfSignedCertificate.CERTIFICATE_FILE));
    }

    @AfterAll
    static void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void mailSubmittedOverStartTlsShouldArriveSignedAndPassSpfDkimAndDmarc() throws Exception {
        send(session("smtp", fixture.submissionPort(), true), "sales@brand.test", "over STARTTLS");

        SmtpSink.Delivery delivered = sink.awaitCopy("friend@dest.test", "over STARTTLS");

        assertThat(delivered.sender()).isEqualTo("sales@brand.test");
        List<String> dkim = verifyDkim(delivered.message());
        assertThat(dkim).as(delivered.message()).anySatisfy(line -> assertThat(line).matches("dkim \\d+ brand\\.test \\S+ rsa-sha256 pass.*"));
        String spf = verifySpf("sales@brand.test");
        assertThat(spf).startsWith("pass");
        // DMARC (RFC 7489 section 3.1, strict alignment as the policy asks): an identifier that passed and matches the
        // From domain exactly. Both do here; either would be enough.
        assertThat(delivered.header("From")).contains("@brand.test");
        assertThat(delivered.message()).doesNotContain(password);
    }

    @Test
    void mailSubmittedOverImplicitTlsShouldArrive() throws Exception {
        send(session("smtps", fixture.smtpsPort(), false), "sales+news@brand.test", "over implicit TLS");

        SmtpSink.Delivery delivered = sink.awaitCopy("friend@dest.test", "over implicit TLS");

        assertThat(delivered.sender()).isEqualTo("sales+news@brand.test");
        assertThat(verifyDkim(delivered.message())).anySatisfy(line -> assertThat(line).contains(" pass"));
    }

    @Test
    void authShouldNotBeOfferedNorAcceptedWithoutTls() throws Exception {
        try (SmtpTestClient smtp = SmtpTestClient.connect("127.0.0.1", fixture.submissionPort())) {
            SmtpTestClient.Reply ehlo = smtp.ehlo("client.test");
            assertThat(ehlo.text()).contains("STARTTLS").doesNotContain("AUTH");
            assertThat(smtp.authPlain(username, password).code()).isBetween(500, 599);
            assertThat(smtp.mailFrom("sales@brand.test").code()).isEqualTo(530);
        }
    }

    @Test
    void foreignEnvelopeSenderShouldBeRefused() throws Exception {
        assertThatThrownBy(() -> send(session("smtp", fixture.submissionPort(), true), "ceo@brand.test", "as the CEO", "sales@brand.test"))
            .isInstanceOf(MessagingException.class)
            .hasStackTraceContaining("550 5.7.1 ceo@brand.test is not an address this credential may send as");
    }

    @Test
    void foreignHeaderFromShouldBeRefused() throws Exception {
        assertThatThrownBy(() -> send(session("smtp", fixture.submissionPort(), true), "sales@brand.test", "forged From",
                "ceo@bank.test"))
            .isInstanceOf(MessagingException.class)
            .hasStackTraceContaining("550 5.7.1 The From header field's ceo@bank.test is not an address this credential may send as");
        assertThat(sink.deliveries()).noneSatisfy(delivery -> assertThat(delivery.message()).contains("forged From"));
    }

    @Test
    void wrongPasswordShouldBeRefused() throws Exception {
        Session session = session("smtp", fixture.submissionPort(), true);
        try (Transport transport = session.getTransport("smtp")) {
            assertThatThrownBy(() -> transport.connect("127.0.0.1", fixture.submissionPort(), username, "guess"))
                .isInstanceOf(MessagingException.class)
                .hasMessageContaining("535");
        }
    }

    @Test
    void mailOfACredentialOnHoldShouldWaitHeldInTheOwnersQueueUntilReleased() throws Exception {
        JsonPath held = rest().body("{\"username\": \"reviewed@brand.test\", \"sendAs\": [\"sales@brand.test\"], \"hold\": true}")
            .post("/smtpy/domains/" + DOMAIN + "/smtp-credentials").then().statusCode(201).extract().jsonPath();
        String queue = "/smtpy/domains/" + DOMAIN + "/queue";

        send(session("smtp", fixture.submissionPort(), true), "sales@brand.test", "for review", "sales@brand.test",
            held.getString("username"), held.getString("password"));

        JsonPath waiting = org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30))
            .until(() -> rest().get(queue + "?status=held").then().statusCode(200).extract().jsonPath(),
                page -> page.getList("items").size() == 1);
        assertThat(waiting.getString("items[0].reason"))
            .isEqualTo("SMTP credential reviewed@brand.test is on hold: its mail waits for the owner's review");
        assertThat(waiting.getList("items[0].recipients", String.class)).containsExactly("friend@dest.test");
        Thread.sleep(1500);
        assertThat(sink.deliveries()).noneSatisfy(delivery -> assertThat(delivery.header("Subject")).isEqualTo("for review"));

        rest().post(queue + "/" + waiting.getString("items[0].id") + "/release").then().statusCode(200);

        SmtpSink.Delivery delivered = sink.awaitCopy("friend@dest.test", "for review");
        assertThat(verifyDkim(delivered.message())).anySatisfy(line -> assertThat(line).contains(" pass"));
        assertThat(rest().get(queue).then().statusCode(200).extract().jsonPath().getList("items")).isEmpty();
    }

    @Test
    void submittedMailsJourneyShouldShowItSubmittedThenDelivered() throws Exception {
        send(session("smtp", fixture.submissionPort(), true), "sales@brand.test", "journey of a submission");
        sink.awaitCopy("friend@dest.test", "journey of a submission");

        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonPath found = rest().queryParam("messageId", "<journey-of-a-submission@brand.test>")
                .get("/smtpy/domains/" + DOMAIN + "/messages").then().statusCode(200).extract().jsonPath();
            String id = found.getString("items[0].id");
            assertThat(id).isNotNull();
            List<String> types = rest().get("/smtpy/domains/" + DOMAIN + "/messages/" + id).then().statusCode(200)
                .extract().jsonPath().getList("events.type", String.class);
            assertThat(types).containsSubsequence("submitted", "delivered");
        });
    }

    private static void send(Session session, String envelopeSender, String subject) throws Exception {
        send(session, envelopeSender, subject, envelopeSender);
    }

    private static void send(Session session, String envelopeSender, String subject, String headerFrom) throws Exception {
        send(session, envelopeSender, subject, headerFrom, username, password);
    }

    private static void send(Session session, String envelopeSender, String subject, String headerFrom, String user,
                             String secret) throws Exception {
        String messageId = "<" + subject.replaceAll("[^a-zA-Z0-9]", "-") + "@brand.test>";
        SMTPMessage message = new SMTPMessage(session) {
            @Override
            protected void updateMessageID() throws MessagingException {
                setHeader("Message-ID", messageId);
            }
        };
        message.setEnvelopeFrom(envelopeSender);
        message.setFrom(new InternetAddress(headerFrom));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress("friend@dest.test"));
        message.setSubject(subject);
        message.setText("Hello from the alias.\r\n");
        String protocol = session.getProperty("test.protocol");
        try (Transport transport = session.getTransport(protocol)) {
            transport.connect("127.0.0.1", Integer.parseInt(session.getProperty("test.port")), user, secret);
            transport.sendMessage(message, message.getAllRecipients());
        }
    }

    /** JavaMail's session for one port: TLS that trusts only the server's certificate, STARTTLS required on 587. */
    private static Session session(String protocol, int port, boolean startTls) {
        Properties properties = new Properties();
        properties.put("test.protocol", protocol);
        properties.put("test.port", Integer.toString(port));
        properties.put("mail." + protocol + ".auth", "true");
        properties.put("mail." + protocol + ".auth.mechanisms", "PLAIN LOGIN");
        properties.put("mail." + protocol + ".ssl.socketFactory", trustingTheServer);
        properties.put("mail." + protocol + ".connectiontimeout", "10000");
        properties.put("mail." + protocol + ".timeout", "30000");
        if (startTls) {
            properties.put("mail." + protocol + ".starttls.enable", "true");
            properties.put("mail." + protocol + ".starttls.required", "true");
        }
        return Session.getInstance(properties);
    }

    /** python3-dkim's verdicts, every key lookup answered from what dnsmasq serves. */
    private static List<String> verifyDkim(String message) throws Exception {
        return keys.verify(temporary, message);
    }

    /** pyspf's verdict for the envelope as the sink received it: from 127.0.0.1, the sending address as MAIL FROM. */
    private static String verifySpf(String mailFrom) throws Exception {
        return run(List.of(PYTHON, script("/spf_verify.py"), Integer.toString(fixture.dnsPort()), "127.0.0.1", mailFrom,
            "localhost"), "").get(0);
    }

    private static String script(String resource) throws Exception {
        return Paths.get(SubmissionEndToEndTest.class.getResource(resource).toURI()).toString();
    }

    private static List<String> run(List<String> command, String input) throws Exception {
        Path errors = Files.createTempFile(temporary, "verify", ".err");
        Process process = new ProcessBuilder(command).redirectError(errors.toFile()).start();
        try (var stdin = process.getOutputStream()) {
            stdin.write(input.getBytes(StandardCharsets.UTF_8));
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("%s: %s", command, Files.readString(errors)).isZero();
        return Arrays.asList(output.trim().split("\n"));
    }

    private static RequestSpecification rest() {
        return given().spec(fixture.api());
    }
}
