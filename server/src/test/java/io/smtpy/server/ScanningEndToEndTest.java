package io.smtpy.server;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import javax.net.ssl.SSLSocketFactory;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import io.smtpy.scan.ScanDaemons;
import io.smtpy.server.testing.ServerWithSink;
import io.smtpy.server.testing.SmtpSink;
import io.smtpy.server.testing.SmtpTestClient;
import io.smtpy.server.testing.TrustOnly;

/**
 * Spam and virus scanning over real SMTP on loopback, with real daemons: Debian's spamd (SpamAssassin, its shipped
 * rules) and clamd (ClamAV with the project's EICAR test signature), shared by the run ({@link ScanDaemons#shared()}).
 * Three domains with three spam policies (tag, quarantine, reject) receive the same GTUBE message.
 */
@Timeout(600)
class ScanningEndToEndTest {
    static final String GTUBE = "XJS*C4JDBQADN1.NSBN3*2IDNEN*GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL*C.34X";
    static final String EICAR = "X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*";

    @TempDir
    static Path temporary;

    private static ServerWithSink fixture;
    private static SmtpSink sink;

    @BeforeAll
    static void start() throws Exception {
        ScanDaemons daemons = ScanDaemons.shared();
        fixture = ServerWithSink.start(temporary, Optional.empty(), List.of(),
            "spamd.address=" + daemons.spamd() + "\nclamd.address=" + daemons.clamd() + "\n");
        sink = fixture.sink();
        rest().body("{\"spam\": {\"action\": \"tag\"}}").put("/smtpy/domains/tag.test").then().statusCode(201);
        rest().put("/smtpy/domains/hold.test").then().statusCode(201);
        rest().body("{\"spam\": {\"threshold\": 6, \"action\": \"reject\"}, \"virus\": {\"action\": \"quarantine\"}}")
            .put("/smtpy/domains/refuse.test").then().statusCode(201);
        for (String domain : List.of("tag.test", "hold.test", "refuse.test")) {
            rest().body("{\"destinations\": [\"inbox@" + domain.replace(".test", ".dest") + "\"]}")
                .put("/smtpy/domains/" + domain + "/aliases/inbox").then().statusCode(201);
        }
    }

    @AfterAll
    static void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    static RequestSpecification rest() {
        return given().spec(fixture.api());
    }

    static String message(String to, String subject, String extraHeaders, String body) {
        return "From: <someone@sender.example>\r\n"
            + "To: <" + to + ">\r\n"
            + "Subject: " + subject + "\r\n"
            + "Message-ID: <" + subject.replace(' ', '-') + "@sender.example>\r\n"
            + "Date: Fri, 4 Dec 2026 08:00:00 +0000\r\n"
            + extraHeaders
            + "\r\n"
            + body + "\r\n";
    }

    static SmtpTestClient.Reply send(int port, String recipient, String message) throws Exception {
        try (SmtpTestClient smtp = SmtpTestClient.connect("127.0.0.1", port)) {
            smtp.ehlo("client.sender.example");
            assertThat(smtp.mailFrom("someone@sender.example").code()).isEqualTo(250);
            SmtpTestClient.Reply rcpt = smtp.rcptTo(recipient);
            if (rcpt.code() != 250) {
                return rcpt;
            }
            return smtp.data(message);
        }
    }

    private static JsonPath events(String domain, String query) {
        return rest().get("/smtpy/domains/" + domain + "/events" + query).then().statusCode(200).extract().jsonPath();
    }

    static String multipart(String boundary, String attachmentHeaders, String attachment) {
        return "--" + boundary + "\r\nContent-Type: text/plain\r\n\r\nSee the attachment.\r\n"
            + "--" + boundary + "\r\n" + attachmentHeaders + "\r\n\r\n" + attachment + "\r\n--" + boundary + "--";
    }

    static String base64Lines(byte[] bytes) {
        return Base64.getMimeEncoder(76, "\r\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(bytes);
    }

    @Test
    void cleanMailShouldPassWithItsScoreAndTheVerdictsInItsEvent() throws Exception {
        assertThat(send(fixture.smtpPort(), "inbox@hold.test", message("inbox@hold.test", "clean one", "",
            "Hello, this is a perfectly ordinary note about lunch.")).code()).isEqualTo(250);

        SmtpSink.Delivery delivery = sink.awaitCopy("inbox@hold.dest", "clean one");
        assertThat(Double.parseDouble(delivery.header("X-Spam-Score"))).isLessThan(5.0);
        assertThat(delivery.header("X-Spam-Status")).startsWith("No, score=");
        assertThat(delivery.header("X-Spam-Flag")).isEmpty();
        assertThat(delivery.header("X-Virus-Scanned")).isEqualTo("clean (ClamAV via smtpy)");
        assertThat(events("hold.test", "?type=received").getList("detail", String.class))
            .anySatisfy(detail -> assertThat(detail).startsWith("spam score ").contains("virus clean"));
    }

    @Test
    void gtubeShouldBeTaggedQuarantinedOrRejectedAsEachDomainSays() throws Exception {
        String tagged = message("inbox@tag.test", "gtube tag", "", "Buy now\r\n" + GTUBE);
        String held = message("inbox@hold.test", "gtube hold", "", "Buy now\r\n" + GTUBE);
        String refused = message("inbox@refuse.test", "gtube refuse", "", "Buy now\r\n" + GTUBE);

        assertThat(send(fixture.smtpPort(), "inbox@tag.test", tagged).code()).isEqualTo(250);
        assertThat(send(fixture.smtpPort(), "inbox@hold.test", held).code()).isEqualTo(250);
        SmtpTestClient.Reply refusal = send(fixture.smtpPort(), "inbox@refuse.test", refused);

        assertThat(refusal.code()).isEqualTo(550);
        assertThat(refusal.text()).contains("5.7.1 message refused as spam");
        SmtpSink.Delivery delivery = sink.awaitCopy("inbox@tag.dest", "gtube tag");
        assertThat(delivery.header("X-Spam-Flag")).isEqualTo("YES");
        // GTUBE alone scores 1000; other rules (ALL_TRUSTED for a loopback client...) move it by a few points either way.
        assertThat(Double.parseDouble(delivery.header("X-Spam-Score"))).isGreaterThanOrEqualTo(990.0);
        assertThat(delivery.header("X-Spam-Status")).startsWith("Yes, score=").contains("GTUBE");
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() ->
            rest().get("/smtpy/domains/hold.test/quarantine").then().extract().jsonPath().getList("items").size() == 1);
        JsonPath quarantine = rest().get("/smtpy/domains/hold.test/quarantine").then().extract().jsonPath();
        assertThat(quarantine.getString("items[0].subject")).isEqualTo("gtube hold");
        assertThat(quarantine.getString("items[0].decidedBy")).matches("spam score (99\\d|1\\d{3})\\.\\d >= 10\\.0 \\(.*GTUBE.*\\)");
        assertThat(events("refuse.test", "?type=rejected").getList("detail", String.class))
            .anySatisfy(detail -> assertThat(detail).contains("spam score").contains("GTUBE"));
        Thread.sleep(1_000);
        assertThat(sink.deliveries()).noneMatch(d -> d.header("Subject").equals("gtube hold") || d.header("Subject").equals("gtube refuse"));
    }

    @Test
    void eicarPlainBase64OrZippedShouldBeRefusedBefore250() throws Exception {
        String plain = message("inbox@hold.test", "eicar plain", "", EICAR);
        String base64 = message("inbox@hold.test", "eicar base64", "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b1\"\r\n",
            multipart("b1", "Content-Type: application/octet-stream; name=\"eicar.com\"\r\nContent-Transfer-Encoding: base64\r\n"
                + "Content-Disposition: attachment; filename=\"eicar.com\"", base64Lines(EICAR.getBytes(StandardCharsets.US_ASCII))));
        String zipped = message("inbox@hold.test", "eicar zipped", "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b2\"\r\n",
            multipart("b2", "Content-Type: application/zip; name=\"invoice.zip\"\r\nContent-Transfer-Encoding: base64\r\n"
                + "Content-Disposition: attachment; filename=\"invoice.zip\"", base64Lines(zip("eicar.com", EICAR))));

        for (String message : List.of(plain, base64, zipped)) {
            SmtpTestClient.Reply reply = send(fixture.smtpPort(), "inbox@hold.test", message);
            assertThat(reply.code()).as(message.substring(0, 120)).isEqualTo(550);
            assertThat(reply.text()).contains("5.7.1 message refused: it contains a virus");
        }
        assertThat(events("hold.test", "?type=rejected").getList("detail", String.class))
            .filteredOn(detail -> detail.contains("virus Smtpy-Test-Eicar")).hasSize(3);
    }

    @Test
    void aDomainThatQuarantinesVirusesShouldHoldThem() throws Exception {
        assertThat(send(fixture.smtpPort(), "inbox@refuse.test", message("inbox@refuse.test", "eicar held", "", EICAR)).code())
            .isEqualTo(250);

        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() ->
            rest().get("/smtpy/domains/refuse.test/quarantine").then().extract().jsonPath().getList("items").size() == 1);
        assertThat(rest().get("/smtpy/domains/refuse.test/quarantine").then().extract().jsonPath().getString("items[0].decidedBy"))
            .startsWith("virus Smtpy-Test-Eicar");
    }

    @Test
    void anOwnersSubmissionShouldBeHeldWhenItLooksLikeSpamAndRefusedWithAVirus() throws Exception {
        // A domain of its own: the other tests count hold.test's quarantine.
        rest().put("/smtpy/domains/submit.test").then().statusCode(201);
        rest().body("{\"destinations\": [\"owner@submit.dest\"]}").put("/smtpy/domains/submit.test/aliases/news").then().statusCode(201);
        String password = rest().body("{\"alias\": \"news\"}").post("/smtpy/domains/submit.test/smtp-credentials").then()
            .statusCode(201).extract().jsonPath().getString("password");
        SSLSocketFactory tls = TrustOnly.certificateIn(
            fixture.dataDirectory().resolve("tls").resolve(SelfSignedCertificate.CERTIFICATE_FILE));
        String spam = "From: <news@submit.test>\r\nTo: <someone@elsewhere.example>\r\nSubject: submitted gtube\r\n"
            + "Message-ID: <submitted-gtube@submit.test>\r\n\r\nBuy now\r\n" + GTUBE + "\r\n";
        String virus = "From: <news@submit.test>\r\nTo: <someone@elsewhere.example>\r\nSubject: submitted eicar\r\n\r\n" + EICAR + "\r\n";

        try (SmtpTestClient smtp = SmtpTestClient.connectTls("127.0.0.1", fixture.smtpsPort(), tls)) {
            smtp.ehlo("laptop.example");
            assertThat(smtp.authPlain("news@submit.test", password).code()).isEqualTo(235);
            assertThat(smtp.mailFrom("news@submit.test").code()).isEqualTo(250);
            assertThat(smtp.rcptTo("someone@elsewhere.example").code()).isEqualTo(250);
            assertThat(smtp.data(spam).code()).isEqualTo(250);
            assertThat(smtp.mailFrom("news@submit.test").code()).isEqualTo(250);
            assertThat(smtp.rcptTo("someone@elsewhere.example").code()).isEqualTo(250);
            SmtpTestClient.Reply refused = smtp.data(virus);
            assertThat(refused.code()).isEqualTo(550);
            assertThat(refused.text()).contains("5.7.1 message refused: it contains a virus");
        }

        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
            rest().get("/smtpy/domains/submit.test/quarantine").then().extract().jsonPath().getList("items.reason", String.class))
            .anySatisfy(reason -> assertThat(reason).startsWith("held for the owner's review: spam score").contains("threshold 5.0")));
        assertThat(sink.deliveries()).noneSatisfy(delivery -> assertThat(delivery.recipient()).isEqualTo("someone@elsewhere.example"));
    }

    @Test
    void theOperatorShouldSeeBothScannersAnsweringAndHealthy() {
        JsonPath scanners = rest().get("/smtpy/scanners?ping=true").then().statusCode(200).extract().jsonPath();

        assertThat(scanners.getBoolean("spamd.failing")).isFalse();
        assertThat(scanners.getBoolean("clamd.failing")).isFalse();
        assertThat(scanners.getString("spamd.onFailure")).isEqualTo("defer");
        String health = given().port(fixture.webAdminPort()).get("/healthcheck").then().extract().asString();
        assertThat(health).contains("SpamAssassin (spamd)").contains("ClamAV (clamd)");
    }

    static byte[] zip(String name, String content) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry(name));
            zip.write(content.getBytes(StandardCharsets.US_ASCII));
            zip.closeEntry();
        }
        return bytes.toByteArray();
    }
}
