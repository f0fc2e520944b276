package io.smtpy.server.queue;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

import javax.mail.Message;
import javax.mail.Session;
import javax.mail.Transport;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeMessage;
import javax.net.ssl.SSLSocketFactory;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import io.smtpy.server.SelfSignedCertificate;
import io.smtpy.server.testing.ServerWithSink;
import io.smtpy.server.testing.SmtpSink;
import io.smtpy.server.testing.TrustOnly;

/**
 * MT-PRIORITY (RFC 6710) over the submission port with JavaMail (STARTTLS, AUTH): honoured for an SMTP credential of a
 * domain in the operator's high class ({@code queue.priorityDomains}), ignored for one of a normal domain; the copy's
 * priority and lane are read from the owner's queue while its destination defers it.
 */
@Timeout(300)
class MtPriorityEndToEndTest {
    private static final String VIP = "vip.test";
    private static final String PLAIN = "plain.test";

    @TempDir
    static Path temporary;

    private static ServerWithSink fixture;
    private static SSLSocketFactory trustingTheServer;

    @BeforeAll
    static void start() throws Exception {
        fixture = ServerWithSink.start(temporary, Optional.empty(), List.of(), "dkim.rotationCheckMinutes=0\nqueue.priorityDomains=" + VIP,
            false, "1 minute", 3, Duration.ZERO);
        rest().put("/smtpy/domains/" + VIP).then().statusCode(201);
        rest().put("/smtpy/domains/" + PLAIN).then().statusCode(201);
        trustingTheServer = TrustOnly.certificateIn(fixture.dataDirectory().resolve("tls").resolve(SelfSignedCertificate.CERTIFICATE_FILE));
    }

    @AfterAll
    static void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private static RequestSpecification rest() {
        return given().spec(fixture.api());
    }

    /** Submits a mail as {@code domain}'s new credential, with {@code mtPriority} as the MAIL parameter if given. */
    private static void submit(String domain, String to, Optional<Integer> mtPriority) throws Exception {
        JsonPath credential = rest().body("{}").post("/smtpy/domains/" + domain + "/smtp-credentials").then().statusCode(201)
            .extract().jsonPath();
        Properties properties = new Properties();
        properties.put("mail.smtp.auth", "true");
        properties.put("mail.smtp.starttls.enable", "true");
        properties.put("mail.smtp.starttls.required", "true");
        properties.put("mail.smtp.ssl.socketFactory", trustingTheServer);
        mtPriority.ifPresent(value -> properties.put("mail.smtp.mailextension", "MT-PRIORITY=" + value));
        Session session = Session.getInstance(properties);
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress("sales@" + domain));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(to));
        message.setSubject("priority " + mtPriority.map(String::valueOf).orElse("none"));
        message.setText("hello\r\n");
        try (Transport transport = session.getTransport("smtp")) {
            transport.connect("127.0.0.1", fixture.submissionPort(), credential.getString("username"), credential.getString("password"));
            transport.sendMessage(message, message.getAllRecipients());
        }
    }

    /** The copy to {@code to} as the owner's queue shows it once its first attempt was deferred. */
    private static JsonPath queued(String domain, String to) {
        return Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
            .until(() -> rest().get("/smtpy/domains/" + domain + "/queue?minAttempts=1&recipient=" + to).then().statusCode(200)
                .extract().jsonPath(), page -> page.getList("items").size() == 1);
    }

    @Test
    void mtPriorityShouldCountForAHighClassDomainsCredentialOnly() throws Exception {
        String urgent = SmtpSink.LATER_PREFIX + "urgent@dest.test";
        String vipDefault = SmtpSink.LATER_PREFIX + "vip-default@dest.test";
        String ignored = SmtpSink.LATER_PREFIX + "ignored@dest.test";

        submit(VIP, urgent, Optional.of(9));
        submit(VIP, vipDefault, Optional.empty());
        submit(PLAIN, ignored, Optional.of(9));

        JsonPath nine = queued(VIP, urgent);
        assertThat(nine.getInt("items[0].priority")).isEqualTo(9);
        assertThat(nine.getString("items[0].lane")).isEqualTo("priority");
        assertThat(queued(VIP, vipDefault).getInt("items[0].priority")).as("the high class without MT-PRIORITY").isEqualTo(7);
        JsonPath plain = queued(PLAIN, ignored);
        assertThat(plain.getInt("items[0].priority")).as("MT-PRIORITY of a normal domain's credential is ignored").isEqualTo(5);
        assertThat(plain.getString("items[0].lane")).isEqualTo("normal");
        assertThat(rest().get("/smtpy/domains/" + VIP + "/queue").then().extract().jsonPath().getString("priorityClass")).isEqualTo("high");
    }
}
