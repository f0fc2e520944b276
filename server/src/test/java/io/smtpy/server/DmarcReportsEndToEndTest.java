package io.smtpy.server;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import javax.activation.DataHandler;
import javax.mail.Message;
import javax.mail.Session;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeBodyPart;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeMultipart;
import javax.mail.util.ByteArrayDataSource;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import io.smtpy.core.dmarc.AggregateReport;
import io.smtpy.core.dmarc.AggregateReportParser;
import io.smtpy.core.dmarc.DmarcSummary;
import io.smtpy.core.testing.MovableClock;
import io.smtpy.server.testing.ServerWithSink;
import io.smtpy.server.testing.SmtpSink;
import io.smtpy.server.testing.SmtpTestClient;

/**
 * DMARC aggregate reports over real SMTP on loopback: reports as real reporters send them (a zip, a {@code .xml.gz}
 * with a lying content type, a plain XML body) are stored for the domain they were sent to and read back over REST;
 * hostile ones are refused with the reason; none of them is forwarded, although the domains' catch-all would take
 * the address; the server keeps forwarding afterwards.
 */
@Timeout(600)
class DmarcReportsEndToEndTest {
    private static final Instant START = Instant.parse("2026-06-01T08:00:00Z");
    private static final String REPORTER = "noreply-dmarc-support@google.com";
    private static final String CATCH_ALL = "catchall@dest.example";

    @TempDir
    static Path temporary;

    private static final MovableClock CLOCK = new MovableClock(START);
    private static ServerWithSink fixture;
    private static SmtpSink sink;
    private static int smtpPort;
    private static RequestSpecification api;

    @BeforeAll
    static void start() throws Exception {
        fixture = ServerWithSink.start(temporary, Optional.of(CLOCK));
        sink = fixture.sink();
        smtpPort = fixture.smtpPort();
        api = fixture.api();
        for (String domain : List.of("example.com", "hostile.example")) {
            rest().put("/smtpy/domains/" + domain).then().statusCode(201);
            // Without the intake, the catch-all would forward the reports to the sink.
            rest().body("{\"destinations\": [\"" + CATCH_ALL + "\"]}").put("/smtpy/domains/" + domain + "/catch-all").then().statusCode(200);
        }
        rest().body("{\"destinations\": [\"info@dest.example\"]}").put("/smtpy/domains/hostile.example/aliases/info").then().statusCode(201);
        // No alias, no catch-all: only the report address is open.
        rest().put("/smtpy/domains/plain.example").then().statusCode(201);
    }

    @AfterAll
    static void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private static RequestSpecification rest() {
        return given().spec(api);
    }

    private static JsonPath get(String path) {
        return rest().get(path).then().statusCode(200).extract().jsonPath();
    }

    private static byte[] fixture(String name) {
        try (InputStream in = DmarcReportsEndToEndTest.class.getResourceAsStream("/dmarc/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static MimeMessage newMessage(String to, String subject) throws Exception {
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
        message.setFrom(new InternetAddress(REPORTER));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(to));
        message.setSubject(subject);
        return message;
    }

    /** A report mail as Google, Yahoo or Microsoft send it: a short text and the report attached. */
    private static String withAttachment(String to, String subject, byte[] attachment, String contentType, String fileName) throws Exception {
        MimeMessage message = newMessage(to, subject);
        MimeBodyPart text = new MimeBodyPart();
        text.setText("This is an aggregate report from " + REPORTER + ".", "UTF-8");
        MimeBodyPart report = new MimeBodyPart();
        report.setDataHandler(new DataHandler(new ByteArrayDataSource(attachment, contentType)));
        report.setFileName(fileName);
        report.setHeader("Content-Transfer-Encoding", "base64");
        MimeMultipart multipart = new MimeMultipart("mixed");
        multipart.addBodyPart(text);
        multipart.addBodyPart(report);
        message.setContent(multipart);
        return asText(message);
    }

    /** The report as the body of the mail itself, as some smaller reporters send it. */
    private static String withBody(String to, String subject, String xml) throws Exception {
        MimeMessage message = newMessage(to, subject);
        message.setText(xml, "UTF-8", "xml");
        return asText(message);
    }

    private static String asText(MimeMessage message) throws Exception {
        message.saveChanges();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        message.writeTo(out);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static void send(String recipient, String message) throws Exception {
        try (SmtpTestClient smtp = SmtpTestClient.connect("127.0.0.1", smtpPort)) {
            smtp.ehlo("mail-reports.google.com");
            assertThat(smtp.mailFrom(REPORTER).code()).isEqualTo(250);
            assertThat(smtp.rcptTo(recipient).code()).as("RCPT " + recipient).isEqualTo(250);
            assertThat(smtp.data(message).code()).isEqualTo(250);
        }
    }

    @Test
    void theReportAddressShouldBeAcceptedOnADomainWithoutAliasOrCatchAll() throws Exception {
        try (SmtpTestClient smtp = SmtpTestClient.connect("127.0.0.1", smtpPort)) {
            smtp.ehlo("mail-reports.google.com");
            assertThat(smtp.mailFrom(REPORTER).code()).isEqualTo(250);
            assertThat(smtp.rcptTo("nobody@plain.example").code()).isEqualTo(550);
        }
        send("dmarc-reports+google@plain.example", withAttachment("dmarc-reports@plain.example", "Report domain: plain.example",
            fixture("google.zip"), "application/zip", "google.zip"));

        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
            .until(() -> get("/smtpy/domains/plain.example/dmarc/reports").getList("id").size() >= 1);
        assertThat(get("/smtpy/domains/plain.example/dmarc/reports").getList("id", String.class)).containsExactly("8810393547287765412");
        assertThat(eventDetails("plain.example", "report-stored")).hasSize(1);
    }

    private static List<String> eventDetails(String domain, String type) {
        return get("/smtpy/domains/" + domain + "/events?type=" + type + "&limit=1000").getList("detail", String.class);
    }

    private static List<SmtpSink.Delivery> deliveriesTo(String recipient) {
        return sink.deliveries().stream().filter(d -> d.recipient().equals(recipient)).collect(Collectors.toList());
    }

    private static AggregateReport parse(String name) throws Exception {
        try (InputStream in = DmarcReportsEndToEndTest.class.getResourceAsStream("/dmarc/" + name)) {
            return new AggregateReportParser().parse(in);
        }
    }

    @Test
    void reportsInTheFormatsReportersSendShouldBeStoredListedAndSummarisedNotForwarded() throws Exception {
        send("dmarc-reports@example.com", withAttachment("dmarc-reports@example.com", "Report domain: example.com Submitter: google.com",
            fixture("google.zip"), "application/zip", "google.com!example.com!1700006400!1700092799.zip"));
        // Yahoo's gzip sent as text/plain named .txt: only the bytes tell the format.
        send("dmarc-reports@example.com", withAttachment("dmarc-reports@example.com", "Report Domain: example.com Submitter: Yahoo",
            fixture("yahoo.xml.gz"), "text/plain", "report.txt"));
        send("DMARC-Reports@example.com", withAttachment("DMARC-Reports@example.com", "Report Domain: example.com Submitter: outlook",
            fixture("microsoft.xml.gz"), "application/gzip", "enterprise.protection.outlook.com!example.com!1700006400!1700092799.xml.gz"));
        send("dmarc-reports@example.com", withBody("dmarc-reports@example.com", "Report Domain: example.com Submitter: provider",
            new String(fixture("provider.xml"), StandardCharsets.UTF_8)));

        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
            .until(() -> get("/smtpy/domains/example.com/dmarc/reports").getList("id").size() >= 4);
        // A resent report is acknowledged but not counted twice.
        send("dmarc-reports@example.com", withAttachment("dmarc-reports@example.com", "Report domain: example.com Submitter: google.com (again)",
            fixture("google.zip"), "application/octet-stream", "google.zip"));
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
            .until(() -> eventDetails("example.com", "report-stored").size() >= 5);

        JsonPath list = get("/smtpy/domains/example.com/dmarc/reports");
        assertThat(list.getList("id", String.class)).containsExactlyInAnyOrder("8810393547287765412", "1700102531.590124",
            "5c1f0b2e9d4a4f6b8e3a7d21c0ffee42", "77a1b2");
        assertThat(list.getList("org", String.class)).containsExactlyInAnyOrder("google.com", "Yahoo", "Enterprise Outlook", "Mail Provider");
        assertThat(list.getList("received", String.class)).containsOnly(START.toString());
        assertThat(eventDetails("example.com", "report-stored")).filteredOn(detail -> detail.startsWith("already stored"))
            .hasSize(1).allMatch(detail -> detail.contains("8810393547287765412"));

        JsonPath provider = get("/smtpy/domains/example.com/dmarc/reports/77a1b2");
        assertThat(provider.getString("org")).isEqualTo("Mail Provider");
        assertThat(provider.getString("begin")).isEqualTo("2023-11-16T00:00:00Z");
        assertThat(provider.getList("records.sourceIp", String.class))
            .containsExactly("198.51.100.23", "2001:db8::25", "2001:db8::25", "203.0.113.50", "192.0.2.77");
        assertThat(provider.getList("records.count", Integer.class)).containsExactly(20, 6, 2, 3, 1);

        JsonPath summary = get("/smtpy/domains/example.com/dmarc/summary?from=2023-11-01T00:00:00Z&to=2023-12-01T00:00:00Z");
        DmarcSummary expected = DmarcSummary.of(List.of(parse("google.zip"), parse("yahoo.xml.gz"), parse("microsoft.xml.gz"), parse("provider.xml")));
        assertThat(summary.getInt("reports")).isEqualTo(4);
        assertThat(summary.getLong("messages")).isEqualTo(17 + 9 + 8 + 32);
        assertThat(summary.getLong("passing")).isEqualTo(expected.passing()).isEqualTo(55);
        assertThat(summary.getLong("byDisposition.quarantine")).isEqualTo(2 + 4 + 1);
        assertThat(summary.getLong("byDisposition.reject")).isEqualTo(3);
        assertThat(summary.getString("bySourceIp[0].key")).isEqualTo("198.51.100.23");
        assertThat(summary.getLong("bySourceIp[0].messages")).isEqualTo(12 + 5 + 20);
        assertThat(summary.getList("bySourceIp.key", String.class)).contains("2a01:111:f400:7e1b::205", "2001:db8::25");
        assertThat(summary.getList("byReportingOrg.key", String.class)).containsExactly("Mail Provider", "google.com", "Yahoo", "Enterprise Outlook");
        // The default period is the 30 days before the (moved) clock: these 2023 reports are outside it.
        assertThat(get("/smtpy/domains/example.com/dmarc/summary").getInt("reports")).isZero();

        assertThat(deliveriesTo(CATCH_ALL)).isEmpty();
        assertThat(eventDetails("example.com", "forwarded")).isEmpty();
    }

    @Test
    void hostileReportsShouldBeRejectedWithTheReasonNeverForwardedAndTheServerShouldStayHealthy() throws Exception {
        String to = "dmarc-reports@hostile.example";
        send(to, withBody(to, "xxe", "<?xml version=\"1.0\"?>\n<!DOCTYPE feedback [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n"
            + "<feedback><report_metadata><org_name>&xxe;</org_name></report_metadata></feedback>\n"));
        byte[] bomb = zipBomb();
        assertThat(bomb.length).isLessThan(100 * 1024);
        send(to, withAttachment(to, "zip bomb", bomb, "application/zip", "report.zip"));
        byte[] yahoo = fixture("yahoo.xml.gz");
        send(to, withAttachment(to, "truncated gzip", Arrays.copyOf(yahoo, yahoo.length / 2), "application/gzip", "report.xml.gz"));
        send(to, withBody(to, "too large", largeXml(20 * 1024 * 1024)));

        Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
            .until(() -> eventDetails("hostile.example", "report-rejected").size() >= 4);
        List<String> reasons = eventDetails("hostile.example", "report-rejected").stream()
            .map(detail -> detail.substring(0, detail.indexOf(':')))
            .collect(Collectors.toList());
        assertThat(reasons).containsExactlyInAnyOrder("doctype", "zip-bomb", "truncated", "too-large");
        assertThat(get("/smtpy/domains/hostile.example/dmarc/reports").getList("id")).isEmpty();

        // Healthy: an ordinary mail to an alias is still forwarded, and behind it in the queue nothing hostile went out.
        send("info@hostile.example", "From: " + REPORTER + "\r\nTo: info@hostile.example\r\nSubject: still alive\r\n"
            + "Message-ID: <alive@google.com>\r\n\r\nHello.\r\n");
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
            .until(() -> deliveriesTo("info@dest.example").size() >= 1);
        assertThat(deliveriesTo(CATCH_ALL)).isEmpty();
        assertThat(eventDetails("hostile.example", "report-stored")).isEmpty();
    }

    /** About 60 KB of zip whose one entry inflates to 60 MiB of zeros, past the 50 MiB limit. */
    private static byte[] zipBomb() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.setLevel(java.util.zip.Deflater.BEST_COMPRESSION);
            zip.putNextEntry(new ZipEntry("report.xml"));
            byte[] zeros = new byte[1024 * 1024];
            for (int i = 0; i < 60; i++) {
                zip.write(zeros);
            }
            zip.closeEntry();
        }
        return out.toByteArray();
    }

    /**
     * A well-formed XML document of about {@code bytes} bytes, in short lines (SMTP allows 998): comments, so that only
     * its size (not its structure) is beyond the limits.
     */
    private static String largeXml(int bytes) {
        StringBuilder xml = new StringBuilder(bytes + 200);
        xml.append("<?xml version=\"1.0\"?>\n<feedback>\n");
        String padding = "<!-- " + "x".repeat(70) + " -->\n";
        while (xml.length() < bytes) {
            xml.append(padding);
        }
        return xml.append("</feedback>\n").toString();
    }
}
