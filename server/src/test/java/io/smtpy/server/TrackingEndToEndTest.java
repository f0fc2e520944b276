package io.smtpy.server;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.mail.BodyPart;
import javax.mail.Message;
import javax.mail.MessagingException;
import javax.mail.Multipart;
import javax.mail.Session;
import javax.mail.Transport;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeBodyPart;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeMultipart;
import javax.net.ssl.SSLSocketFactory;

import org.awaitility.Awaitility;
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
 * Open and click tracking over real SMTP with real TLS: the domain turns tracking on, an owner submits an HTML mail
 * with JavaMail over STARTTLS to two recipients; each copy at the sink has its links rewritten and its own pixel, and
 * its DKIM signature verifies with dkimpy (the tracking happened before signing). Fetching the pixel and a click link
 * over HTTP (as the recipient's client would, at the tracking base URL's path) gives the GIF and the redirect to the
 * original URL, and the message's journey and the domain's analytics count the open and the click. An HTML mail from
 * outside forwarded to an alias of the same domain arrives untouched.
 */
@Timeout(600)
class TrackingEndToEndTest {
    private static final String DOMAIN = "brand.test";
    private static final String BASE = "https://t.brand.test";
    private static final Pattern PIXEL = Pattern.compile("<img src=\"" + Pattern.quote(BASE) + "(/smtpy/t/o/[A-Za-z0-9_-]+)\"");
    private static final Pattern CLICK = Pattern.compile("href=\"" + Pattern.quote(BASE) + "(/smtpy/t/c/[A-Za-z0-9_-]+)\"");
    private static final String HTML = "<html><body><p>Our <a href=\"https://shop.test/sale?x=1&amp;y=2\">sale</a> and"
        + " <a href=\"https://blog.test/news\">news</a>, or <a href=\"mailto:sales@brand.test\">write</a>.</p></body></html>";

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
        fixture = ServerWithSink.start(temporary, Optional.empty(), List.of(), "dkim.rotationCheckMinutes=0\ntracking.baseUrl=" + BASE + "\n");
        sink = fixture.sink();
        rest().put("/smtpy/domains/" + DOMAIN).then().statusCode(201);
        keys = PublishedDkimKeys.activate(fixture, DOMAIN, List.of());
        rest().body("{\"destinations\": [\"owner@dest.test\"]}").put("/smtpy/domains/" + DOMAIN + "/aliases/sales").then().statusCode(201);
        JsonPath created = rest().body("{\"alias\": \"sales\"}").post("/smtpy/domains/" + DOMAIN + "/smtp-credentials")
            .then().statusCode(201).extract().jsonPath();
        username = created.getString("username");
        password = created.getString("password");
        trustingTheServer = TrustOnly.certificateIn(fixture.dataDirectory().resolve("tls").resolve(SelfSignedCertificate.CERTIFICATE_FILE));
        rest().body("{\"opens\": true, \"clicks\": true}").put("/smtpy/domains/" + DOMAIN + "/tracking").then().statusCode(200)
            .extract().jsonPath().getBoolean("active");
        assertThat(rest().get("/smtpy/domains/" + DOMAIN + "/tracking").then().statusCode(200).extract().jsonPath().getBoolean("active"))
            .isTrue();
    }

    @AfterAll
    static void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void submittedHtmlShouldArriveTrackedAndSignedAndItsOpenAndClickCounted() throws Exception {
        submit("tracked news", "friend@dest.test", "pal@dest.test");

        SmtpSink.Delivery friend = sink.awaitCopy("friend@dest.test", "tracked news");
        SmtpSink.Delivery pal = sink.awaitCopy("pal@dest.test", "tracked news");

        String friendsHtml = html(friend.message());
        assertThat(friendsHtml).doesNotContain("shop.test").doesNotContain("blog.test").contains("mailto:sales@brand.test");
        List<String> clicks = all(CLICK, friendsHtml);
        assertThat(clicks).hasSize(2);
        String pixel = all(PIXEL, friendsHtml).get(0);
        assertThat(all(PIXEL, html(pal.message()))).as("each recipient has a pixel of its own").doesNotContain(pixel).hasSize(1);
        assertThat(text(friend.message())).as("plain text left as written").contains("https://shop.test/sale");
        assertThat(keys.verify(temporary, friend.message())).as(friend.message())
            .anySatisfy(line -> assertThat(line).matches("dkim \\d+ brand\\.test \\S+ rsa-sha256 pass.*"));
        assertThat(keys.verify(temporary, pal.message())).anySatisfy(line -> assertThat(line).contains(" pass"));

        byte[] gif = web().get(pixel).then().statusCode(200).contentType("image/gif").header("Cache-Control", "no-store")
            .extract().asByteArray();
        assertThat(gif).hasSize(43);
        web().redirects().follow(false).get(clicks.get(0)).then().statusCode(302).header("Location", "https://shop.test/sale?x=1&y=2");
        web().get(pixel.substring(0, pixel.length() - 3) + "xyz").then().statusCode(404);

        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            String id = rest().queryParam("messageId", "<tracked-news@brand.test>").get("/smtpy/domains/" + DOMAIN + "/messages")
                .then().statusCode(200).extract().jsonPath().getString("items[0].id");
            assertThat(id).isNotNull();
            JsonPath journey = rest().get("/smtpy/domains/" + DOMAIN + "/messages/" + id).then().statusCode(200).extract().jsonPath();
            assertThat(journey.getList("events.type", String.class)).containsSubsequence("submitted", "delivered")
                .contains("opened", "clicked");
            assertThat(journey.getList("events.findAll { it.type == 'opened' }.recipients.flatten()", String.class))
                .containsExactly("friend@dest.test");
            assertThat(journey.getString("events.find { it.type == 'clicked' }.detail")).contains("shop.test").doesNotContain("x=1");
        });
        JsonPath analytics = rest().get("/smtpy/domains/" + DOMAIN + "/analytics").then().statusCode(200).extract().jsonPath();
        assertThat(sum(analytics.getList("series.opened", Integer.class))).isEqualTo(1);
        assertThat(sum(analytics.getList("series.clicked", Integer.class))).isEqualTo(1);
        JsonPath ofSales = rest().queryParam("alias", "sales").get("/smtpy/domains/" + DOMAIN + "/analytics").then().statusCode(200)
            .extract().jsonPath();
        assertThat(sum(ofSales.getList("series.clicked", Integer.class))).isEqualTo(1);
    }

    @Test
    void forwardedHtmlToAnAliasOfTheTrackingDomainShouldArriveUntouched() throws Exception {
        String message = "From: news@outside.test\r\nTo: sales@brand.test\r\nSubject: forwarded html\r\n"
            + "Message-ID: <forwarded-html@outside.test>\r\nMIME-Version: 1.0\r\nContent-Type: text/html; charset=us-ascii\r\n\r\n"
            + HTML + "\r\n";
        try (SmtpTestClient smtp = SmtpTestClient.connect("127.0.0.1", fixture.smtpPort())) {
            smtp.ehlo("outside.test");
            assertThat(smtp.mailFrom("news@outside.test").code()).isEqualTo(250);
            assertThat(smtp.rcptTo("sales@brand.test").code()).isEqualTo(250);
            assertThat(smtp.data(message).code()).isEqualTo(250);
        }

        SmtpSink.Delivery forwarded = sink.awaitCopy("owner@dest.test", "forwarded html");

        assertThat(forwarded.message()).contains(HTML).doesNotContain("/smtpy/t/");
    }

    private static void submit(String subject, String... recipients) throws Exception {
        Properties properties = new Properties();
        properties.put("mail.smtp.auth", "true");
        properties.put("mail.smtp.ssl.socketFactory", trustingTheServer);
        properties.put("mail.smtp.starttls.enable", "true");
        properties.put("mail.smtp.starttls.required", "true");
        properties.put("mail.smtp.connectiontimeout", "10000");
        properties.put("mail.smtp.timeout", "30000");
        Session session = Session.getInstance(properties);
        String messageId = "<" + subject.replaceAll("[^a-zA-Z0-9]", "-") + "@brand.test>";
        SMTPMessage message = new SMTPMessage(session) {
            @Override
            protected void updateMessageID() throws MessagingException {
                setHeader("Message-ID", messageId);
            }
        };
        message.setFrom(new InternetAddress("sales@brand.test"));
        for (String recipient : recipients) {
            message.addRecipient(Message.RecipientType.TO, new InternetAddress(recipient));
        }
        message.setSubject(subject);
        MimeMultipart alternative = new MimeMultipart("alternative");
        MimeBodyPart text = new MimeBodyPart();
        text.setText("Our sale: https://shop.test/sale?x=1&y=2\r\n", "utf-8");
        MimeBodyPart html = new MimeBodyPart();
        html.setText(HTML, "utf-8", "html");
        alternative.addBodyPart(text);
        alternative.addBodyPart(html);
        message.setContent(alternative);
        try (Transport transport = session.getTransport("smtp")) {
            transport.connect("127.0.0.1", fixture.submissionPort(), username, password);
            transport.sendMessage(message, message.getAllRecipients());
        }
    }

    private static MimeMessage parse(String message) throws Exception {
        return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(message.getBytes(StandardCharsets.UTF_8)));
    }

    private static String part(String message, String type) throws Exception {
        Multipart alternative = (Multipart) parse(message).getContent();
        for (int i = 0; i < alternative.getCount(); i++) {
            BodyPart part = alternative.getBodyPart(i);
            if (part.isMimeType(type)) {
                return (String) part.getContent();
            }
        }
        throw new AssertionError("no " + type + " part in " + message);
    }

    private static String html(String message) throws Exception {
        return part(message, "text/html");
    }

    private static String text(String message) throws Exception {
        return part(message, "text/plain");
    }

    private static List<String> all(Pattern pattern, String html) {
        List<String> found = new ArrayList<>();
        Matcher matcher = pattern.matcher(html);
        while (matcher.find()) {
            found.add(matcher.group(1));
        }
        return found;
    }

    private static int sum(List<Integer> counts) {
        return counts.stream().mapToInt(Integer::intValue).sum();
    }

    private static RequestSpecification rest() {
        return given().spec(fixture.api());
    }

    /** A recipient's client: no credentials, straight at WebAdmin (where the operator's proxy for the base URL points). */
    private static RequestSpecification web() {
        return given().baseUri("http://127.0.0.1").port(fixture.webAdminPort());
    }
}
