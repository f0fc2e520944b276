package io.smtpy.server;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.SSLSocketFactory;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import io.smtpy.core.dkim.DkimKey;
import io.smtpy.server.testing.ServerWithSink;
import io.smtpy.server.testing.SmtpSink;
import io.smtpy.server.testing.SmtpTestClient;
import io.smtpy.server.testing.TrustOnly;

/**
 * Replies through an alias on the embedded server, over real SMTP, with a real DNS server (dnsmasq) publishing the
 * mailbox domain's SPF and DMARC records: {@code sender@outside.test} writes to {@code me@fwd.test}, forwarded to
 * {@code dest@mailbox.test}; the copy's Reply-To is a reverse alias on fwd.test, and:
 * <ul>
 *   <li>the mailbox's reply to it (SPF pass for mailbox.test, so DMARC pass) reaches sender@outside.test from
 *       me@fwd.test, DKIM-signed by fwd.test, with no trace of dest@mailbox.test anywhere in the message;</li>
 *   <li>a stranger's mail to the reverse alias is refused, and so is one with the mailbox's From that fails
 *       mailbox.test's DMARC (its SPF pass is for another domain);</li>
 *   <li>a reply that also goes to an outside address is refused with a clear text; a disabled reverse alias is
 *       refused at RCPT with 550 5.1.1.</li>
 * </ul>
 */
@Timeout(600)
class ReverseAliasEndToEndTest {
    private static final Pattern REVERSE_ALIAS = Pattern.compile("ra\\+[a-z2-7]{20}@fwd\\.test");
    private static final List<String> RECORDS = List.of(
        "--txt-record=mailbox.test,v=spf1 ip4:127.0.0.1 -all",
        "--txt-record=_dmarc.mailbox.test,v=DMARC1; p=reject",
        "--txt-record=pass.test,v=spf1 ip4:127.0.0.1 -all");

    @TempDir
    static java.nio.file.Path temporary;

    private static ServerWithSink fixture;
    private static SmtpSink sink;
    private static String reverseAlias;

    @BeforeAll
    static void start() throws Exception {
        fixture = ServerWithSink.start(temporary, Optional.empty(), RECORDS, "dkim.algorithms=rsa-sha256\ndkim.rotationCheckMinutes=0\n");
        sink = fixture.sink();
        rest().put("/smtpy/domains/fwd.test").then().statusCode(201);
        rest().body("{\"destinations\": [\"dest@mailbox.test\"]}").put("/smtpy/domains/fwd.test/aliases/me").then().statusCode(201);
        rest().body("{\"replyThroughAlias\": true}").put("/smtpy/domains/fwd.test/reply-through-alias").then().statusCode(200);

        // fwd.test's DKIM key published and activated, so that the reply goes out signed by the alias's domain.
        List<String> records = new ArrayList<>(RECORDS);
        JsonPath keys = rest().get("/smtpy/domains/fwd.test/dkim/keys").then().statusCode(200).extract().jsonPath();
        for (int index = 0; index < keys.getList("").size(); index++) {
            records.add("--txt-record=" + keys.getString("[" + index + "].recordName") + ","
                + String.join(",", DkimKey.txtStrings(keys.getString("[" + index + "].txtRecord"))));
        }
        fixture.replaceDnsRecords(records);
        String taskId = rest().post("/smtpy/domains/fwd.test/dkim/keys?action=rotate").then().statusCode(201)
            .extract().jsonPath().getString("taskId");
        rest().get("/tasks/" + taskId + "/await?timeout=1minute").then().statusCode(200);

        assertThat(send("sender@outside.test", "me@fwd.test", "From: \"Sam Sender\" <sender@outside.test>\r\n"
            + "To: me@fwd.test\r\n"
            + "Subject: question\r\n"
            + "Message-ID: <question@outside.test>\r\n"
            + "\r\n"
            + "Can you help?\r\n").code()).isEqualTo(250);
        SmtpSink.Delivery copy = sink.awaitCopy("dest@mailbox.test", "question");
        Matcher found = REVERSE_ALIAS.matcher(copy.header("Reply-To"));
        assertThat(found.find()).as("Reply-To of the forwarded copy: %s", copy.header("Reply-To")).isTrue();
        reverseAlias = found.group();
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

    private static SmtpTestClient.Reply send(String mailFrom, String recipient, String message) throws Exception {
        return send(mailFrom, List.of(recipient), message);
    }

    private static SmtpTestClient.Reply send(String mailFrom, List<String> recipients, String message) throws Exception {
        try (SmtpTestClient smtp = SmtpTestClient.connect("127.0.0.1", fixture.smtpPort())) {
            smtp.ehlo("mail.mailbox.test");
            assertThat(smtp.mailFrom(mailFrom).code()).isEqualTo(250);
            for (String recipient : recipients) {
                SmtpTestClient.Reply rcpt = smtp.rcptTo(recipient);
                if (rcpt.code() != 250) {
                    return rcpt;
                }
            }
            return smtp.data(message);
        }
    }

    private static JsonPath events(String type) {
        return rest().get("/smtpy/domains/fwd.test/events?type=" + type).then().statusCode(200).extract().jsonPath();
    }

    private static JsonPath awaitEvents(String type, int count) {
        return Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
            .until(() -> events(type), events -> events.getList("$").size() >= count);
    }

    private static String reply(String from, String to, String subject, String extraFields) {
        return "Received: from [192.0.2.7] by mail.mailbox.test for <dest@mailbox.test>; Tue, 24 Nov 2026 08:00:00 +0000\r\n"
            + "Return-Path: <dest@mailbox.test>\r\n"
            + "X-Originating-Email: dest@mailbox.test\r\n"
            + "Sender: dest@mailbox.test\r\n"
            + "From: " + from + "\r\n"
            + "To: " + to + "\r\n"
            + extraFields
            + "Subject: " + subject + "\r\n"
            + "In-Reply-To: <question@outside.test>\r\n"
            + "Message-ID: <" + subject.replaceAll("[^a-z]", "-") + "@mailbox.test>\r\n"
            + "MIME-Version: 1.0\r\n"
            + "Content-Type: text/plain; charset=utf-8\r\n"
            + "\r\n"
            + "Sure, here is the answer.\r\n";
    }

    @Test
    void forwardedCopyShouldOfferTheReverseAliasUnderTheSendersName() {
        SmtpSink.Delivery copy = sink.awaitCopy("dest@mailbox.test", "question");

        assertThat(copy.header("Reply-To")).isEqualTo("Sam Sender <" + reverseAlias + ">");
        rest().get("/smtpy/domains/fwd.test/reverse-aliases").then().statusCode(200)
            .body("items[0].address", org.hamcrest.Matchers.equalTo(reverseAlias))
            .body("items[0].alias", org.hamcrest.Matchers.equalTo("me"))
            .body("items[0].original", org.hamcrest.Matchers.equalTo("sender@outside.test"));
    }

    @Test
    void replyFromTheMailboxShouldReachTheSenderFromTheAliasWithoutTraceOfTheMailbox() throws Exception {
        SmtpTestClient.Reply answer = send("dest@mailbox.test", reverseAlias,
            reply("\"Dana Dest\" <dest@mailbox.test>", "\"Sam Sender\" <" + reverseAlias + ">", "Re: question", ""));
        assertThat(answer.code()).as(answer.toString()).isEqualTo(250);

        SmtpSink.Delivery delivered = sink.awaitCopy("sender@outside.test", "Re: question");
        System.out.println("The reply as the original sender got it (envelope from <" + delivered.sender() + ">):\n"
            + delivered.message());

        assertThat(delivered.sender()).isEqualTo("me@fwd.test");
        assertThat(delivered.header("From")).isEqualTo("Dana Dest <me@fwd.test>");
        assertThat(delivered.header("To")).isEqualTo("Sam Sender <sender@outside.test>");
        assertThat(delivered.header("In-Reply-To")).isEqualTo("<question@outside.test>");
        assertThat(delivered.message().toLowerCase(Locale.ROOT)).doesNotContain("dest@mailbox.test").doesNotContain(reverseAlias);
        assertThat(delivered.header("DKIM-Signature")).contains("d=fwd.test");
        assertThat(delivered.message()).contains("Sure, here is the answer.");
        JsonPath replied = awaitEvents("replied", 1);
        assertThat(replied.getString("[0].alias")).isEqualTo("me");
        assertThat(replied.getList("[0].recipients", String.class)).containsExactly("sender@outside.test");
    }

    @Test
    void strangersMailToTheReverseAliasShouldBeRefused() throws Exception {
        SmtpTestClient.Reply answer = send("stranger@pass.test", reverseAlias,
            reply("stranger@pass.test", reverseAlias, "stranger writes", ""));

        assertThat(answer.code()).isEqualTo(550);
        assertThat(answer.text()).contains("5.7.1").contains("only the alias's own mailboxes");
        assertThat(sink.deliveries()).noneMatch(delivery -> delivery.header("Subject").equals("stranger writes"));
    }

    @Test
    void mailForgingTheMailboxFromWithoutItsDomainsAuthenticationShouldBeRefused() throws Exception {
        // SPF passes, but for pass.test: mailbox.test's DMARC fails (no aligned pass), whatever From says.
        SmtpTestClient.Reply answer = send("forger@pass.test", reverseAlias,
            reply("\"Dana Dest\" <dest@mailbox.test>", reverseAlias, "forged reply", ""));

        assertThat(answer.code()).isEqualTo(550);
        assertThat(answer.text()).contains("5.7.1").contains("does not authenticate as coming from mailbox.test")
            .contains("dmarc=fail");
        assertThat(sink.deliveries()).noneMatch(delivery -> delivery.header("Subject").equals("forged reply"));
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
            .until(() -> events("rejected").getList("detail", String.class).stream()
                .anyMatch(detail -> detail.contains("reply through the alias refused") && detail.contains("mailbox.test")));
    }

    @Test
    void replyAlsoToAnOutsideAddressShouldBeRefusedWithAClearText() throws Exception {
        SmtpTestClient.Reply answer = send("dest@mailbox.test", reverseAlias,
            reply("dest@mailbox.test", reverseAlias, "mixed reply", "Cc: carol@elsewhere.test\r\n"));

        assertThat(answer.code()).isEqualTo(550);
        assertThat(answer.text()).contains("5.7.1 a reply through an alias cannot also go to other addresses")
            .contains("carol@elsewhere.test");
    }

    @Test
    void replyToAnOriginalSenderSuppressedForTheAliasShouldBeRefused() throws Exception {
        assertThat(send("gone@outside.test", "me@fwd.test", "From: gone@outside.test\r\nTo: me@fwd.test\r\n"
            + "Subject: from a sender who will bounce\r\n\r\nHi\r\n").code()).isEqualTo(250);
        Matcher found = REVERSE_ALIAS.matcher(sink.awaitCopy("dest@mailbox.test", "from a sender who will bounce").header("Reply-To"));
        assertThat(found.find()).isTrue();
        String toGone = found.group();
        rest().body("{\"alias\": \"me\", \"destination\": \"gone@outside.test\", \"reason\": \"550 5.1.1 no such user\"}")
            .post("/smtpy/domains/fwd.test/suppressions").then().statusCode(201);

        SmtpTestClient.Reply answer = send("dest@mailbox.test", toGone, reply("dest@mailbox.test", toGone, "to a gone sender", ""));

        assertThat(answer.code()).isEqualTo(550);
        assertThat(answer.text()).startsWith("5.7.1 gone@outside.test is suppressed for me@fwd.test until ")
            .contains("550 5.1.1 no such user");
        assertThat(sink.deliveries()).noneMatch(delivery -> delivery.header("Subject").equals("to a gone sender"));
    }

    @Test
    void aReverseAliasShouldNotBeARecipientOnTheSubmissionPorts() throws Exception {
        JsonPath credential = rest().body("{\"alias\": \"me\", \"username\": \"me-submits@fwd.test\"}")
            .post("/smtpy/domains/fwd.test/smtp-credentials").then().statusCode(201).extract().jsonPath();
        SSLSocketFactory tls = TrustOnly.certificateIn(fixture.dataDirectory().resolve("tls").resolve(SelfSignedCertificate.CERTIFICATE_FILE));

        try (SmtpTestClient smtp = SmtpTestClient.connectTls("127.0.0.1", fixture.smtpsPort(), tls)) {
            smtp.ehlo("client.test");
            assertThat(smtp.authPlain(credential.getString("username"), credential.getString("password")).code()).isEqualTo(235);
            assertThat(smtp.mailFrom("me@fwd.test").code()).isEqualTo(250);
            SmtpTestClient.Reply rcpt = smtp.rcptTo(reverseAlias);

            assertThat(rcpt.code()).isEqualTo(550);
            assertThat(rcpt.text()).startsWith("5.1.1");
        }
    }

    @Test
    void disabledReverseAliasShouldBeRefusedAtRcpt() throws Exception {
        rest().body("{\"replyThroughAlias\": true}").put("/smtpy/domains/fwd.test/reply-through-alias").then().statusCode(200);
        assertThat(send("other@outside.test", "me@fwd.test", "From: other@outside.test\r\nTo: me@fwd.test\r\n"
            + "Subject: another question\r\n\r\nHi\r\n").code()).isEqualTo(250);
        Matcher found = REVERSE_ALIAS.matcher(sink.awaitCopy("dest@mailbox.test", "another question").header("Reply-To"));
        assertThat(found.find()).isTrue();
        String other = found.group();
        String id = rest().get("/smtpy/domains/fwd.test/reverse-aliases?alias=me").then().statusCode(200).extract().jsonPath()
            .getString("items.find { it.address == '" + other + "' }.id");
        rest().body("{\"enabled\": false}").patch("/smtpy/domains/fwd.test/reverse-aliases/" + id).then().statusCode(200);

        SmtpTestClient.Reply answer = send("dest@mailbox.test", other, reply("dest@mailbox.test", other, "too late", ""));

        assertThat(answer.code()).isEqualTo(550);
        assertThat(answer.text()).startsWith("5.1.1");
        assertThat(send("dest@mailbox.test", "ra+aaaaaaaaaaaaaaaaaaaa@fwd.test", reply("dest@mailbox.test",
            "ra+aaaaaaaaaaaaaaaaaaaa@fwd.test", "guessed", "")).text()).startsWith("5.1.1");
    }
}
