package io.smtpy.server;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpServer;

import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import io.smtpy.server.testing.ServerWithSink;
import io.smtpy.server.testing.SmtpSink;
import io.smtpy.server.testing.SmtpTestClient;

/**
 * Owners' rules, block and allow lists and the quarantine over real SMTP on loopback: the embedded server with the
 * shipped pipeline, a real DNS server (dnsmasq) for the SPF and DMARC records the inbound checks read, a local sink
 * as every destination, and a local HTTP endpoint for rule posts (allowed through the SSRF guard by the operator
 * setting {@code rules.postAllowedNetworks}).
 */
@Timeout(600)
class RulesEndToEndTest {
    private static final List<String> DNS = List.of(
        "--txt-record=bank.test,v=spf1 ip4:127.0.0.1 -all",
        "--txt-record=_dmarc.bank.test,v=DMARC1; p=none",
        "--txt-record=other.test,v=spf1 ip4:192.0.2.1 -all");

    @TempDir
    static Path temporary;

    private static ServerWithSink fixture;
    private static SmtpSink sink;
    private static HttpServer endpoint;
    private static final Map<String, String> posted = new ConcurrentHashMap<>();

    @BeforeAll
    static void start() throws Exception {
        endpoint = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        endpoint.createContext("/hook", exchange -> {
            posted.put(exchange.getRequestHeaders().getFirst("X-Smtpy-Rule"),
                new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        endpoint.start();
        fixture = ServerWithSink.start(temporary, Optional.empty(), DNS,
            "rules.postAllowedNetworks=127.0.0.0/8\nrules.publicUrl=https://mx.smtpy.test\n");
        sink = fixture.sink();
        rest().put("/smtpy/domains/rules.test").then().statusCode(201);
        for (String alias : List.of("reject", "quarantine", "drop", "route", "conditions", "stop", "post", "listed", "links",
                "other", "dmarc")) {
            alias(alias, "{\"destinations\": [\"" + alias + "@dest.test\"]}");
        }
    }

    @AfterAll
    static void stop() {
        if (fixture != null) {
            fixture.close();
        }
        if (endpoint != null) {
            endpoint.stop(0);
        }
    }

    private static RequestSpecification rest() {
        return given().spec(fixture.api());
    }

    private static void alias(String localPart, String json) {
        rest().body(json).put("/smtpy/domains/rules.test/aliases/" + localPart).then().statusCode(201);
    }

    private static void aliasRules(String localPart, String rules) {
        rest().body(rules).put("/smtpy/domains/rules.test/aliases/" + localPart + "/rules").then().statusCode(200);
    }

    private static String message(String from, String to, String subject, String extraHeaders, String body) {
        return "From: <" + from + ">\r\n"
            + "To: <" + to + ">\r\n"
            + "Subject: " + subject + "\r\n"
            + "Message-ID: <" + subject.replace(' ', '-') + "@sender.test>\r\n"
            + "Date: Fri, 4 Dec 2026 08:00:00 +0000\r\n"
            + extraHeaders
            + "\r\n"
            + body + "\r\n";
    }

    private static SmtpTestClient.Reply send(String sender, String recipient, String message) throws Exception {
        try (SmtpTestClient smtp = SmtpTestClient.connect("127.0.0.1", fixture.smtpPort())) {
            smtp.ehlo("client.sender.test");
            assertThat(smtp.mailFrom(sender).code()).isEqualTo(250);
            SmtpTestClient.Reply rcpt = smtp.rcptTo(recipient);
            if (rcpt.code() != 250) {
                return rcpt;
            }
            return smtp.data(message);
        }
    }

    private static void accepted(String sender, String recipient, String message) throws Exception {
        assertThat(send(sender, recipient, message).code()).isEqualTo(250);
    }

    private static List<SmtpSink.Delivery> deliveries(String subject) {
        return sink.deliveries().stream().filter(d -> d.header("Subject").endsWith(subject)).collect(Collectors.toList());
    }

    private static JsonPath events(String query) {
        return rest().get("/smtpy/domains/rules.test/events" + query).then().statusCode(200).extract().jsonPath();
    }

    private static List<String> eventDetails(String alias, String type) {
        return events("?alias=" + alias + "&type=" + type).getList("detail", String.class);
    }

    private static JsonPath quarantine(String query) {
        return rest().get("/smtpy/domains/rules.test/quarantine" + query).then().statusCode(200).extract().jsonPath();
    }

    @Test
    void aRejectRuleShouldRefuseBeforeSmtpySays250WithTheOwnersText() throws Exception {
        aliasRules("reject", "{\"rules\": [{\"name\": \"no invoices\", \"conditions\": {\"all\": [{\"field\": \"subject\","
            + " \"op\": \"contains\", \"value\": \"INVOICE\"}]}, \"actions\": [{\"type\": \"reject\", \"text\": \"we do not take invoices here\"}]}]}");

        SmtpTestClient.Reply reply = send("a@sender.test", "reject@rules.test",
            message("a@sender.test", "reject@rules.test", "your invoice 12", "", "pay"));

        assertThat(reply.code()).isEqualTo(550);
        assertThat(reply.text()).contains("5.7.1").contains("we do not take invoices here");
        accepted("a@sender.test", "reject@rules.test", message("a@sender.test", "reject@rules.test", "a letter", "", "hi"));
        sink.awaitCopy("reject@dest.test", "a letter");
        assertThat(deliveries("your invoice 12")).isEmpty();
        assertThat(eventDetails("reject", "rejected")).anySatisfy(detail -> assertThat(detail)
            .contains("we do not take invoices here").contains("rule 'no invoices' of reject@rules.test"));
    }

    @Test
    void aQuarantinedMailShouldBeHeldUntilReleasedAndThenDelivered() throws Exception {
        aliasRules("quarantine", "{\"rules\": [{\"name\": \"hold\", \"conditions\": {\"all\": [{\"field\": \"from\","
            + " \"op\": \"endsWith\", \"value\": \"@suspect.test\"}]}, \"actions\": [{\"type\": \"quarantine\"}]}]}");

        accepted("x@suspect.test", "quarantine@rules.test",
            message("x@suspect.test", "quarantine@rules.test", "held one", "", "<html><script>evil()</script><p>Hello there</p></html>"));

        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> quarantine("?alias=quarantine").getList("items").size() == 1);
        JsonPath held = quarantine("?alias=quarantine");
        String id = held.getString("items[0].id");
        assertThat(held.getString("items[0].decidedBy")).isEqualTo("rule 'hold' of quarantine@rules.test");
        assertThat(eventDetails("quarantine", "quarantined")).singleElement()
            .satisfies(detail -> assertThat(detail).contains("rule 'hold'"));
        Thread.sleep(1_000);
        assertThat(deliveries("held one")).isEmpty();

        rest().post("/smtpy/domains/rules.test/quarantine/" + id + "/release").then().statusCode(200);

        SmtpSink.Delivery delivery = sink.awaitCopy("quarantine@dest.test", "held one");
        assertThat(delivery.sender()).startsWith("SRS0=");
        assertThat(eventDetails("quarantine", "released")).hasSize(1);
        rest().post("/smtpy/domains/rules.test/quarantine/" + id + "/release").then().statusCode(409);
    }

    @Test
    void aRuleOnDmarcFailureShouldQuarantineAForgedMailWhileTheAlignedOnePassesAndReleaseAndAllowLetsTheNextOneThrough()
            throws Exception {
        aliasRules("dmarc", "{\"rules\": [{\"name\": \"forged\", \"conditions\": {\"all\": [{\"field\": \"dmarc\","
            + " \"op\": \"equals\", \"value\": \"fail\"}]}, \"actions\": [{\"type\": \"quarantine\"}]}]}");

        // Envelope and From on bank.test, whose SPF allows 127.0.0.1: aligned, DMARC passes.
        accepted("alerts@bank.test", "dmarc@rules.test", message("alerts@bank.test", "dmarc@rules.test", "aligned", "", "ok"));
        // From says bank.test, the envelope is other.test (SPF fails, nothing aligned): DMARC fails.
        accepted("crook@other.test", "dmarc@rules.test", message("alerts@bank.test", "dmarc@rules.test", "forged", "", "send money"));

        sink.awaitCopy("dmarc@dest.test", "aligned");
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> quarantine("?alias=dmarc").getList("items").size() == 1);
        JsonPath held = quarantine("?alias=dmarc");
        assertThat(held.getString("items[0].subject")).isEqualTo("forged");
        assertThat(held.getString("items[0].verdicts.dmarc")).isEqualTo("fail");
        assertThat(deliveries("forged")).isEmpty();

        rest().body("{\"allowSender\": true}").post("/smtpy/domains/rules.test/quarantine/" + held.getString("items[0].id") + "/release")
            .then().statusCode(200);
        sink.awaitCopy("dmarc@dest.test", "forged");

        accepted("crook@other.test", "dmarc@rules.test", message("alerts@bank.test", "dmarc@rules.test", "forged again", "", "more"));
        sink.awaitCopy("dmarc@dest.test", "forged again");
        assertThat(quarantine("?alias=dmarc").getList("items")).isEmpty();
    }

    @Test
    void aDroppedMailShouldLeaveAnEventNamingTheRuleAndBeRestorableWithinItsWindow() throws Exception {
        aliasRules("drop", "{\"rules\": [{\"name\": \"newsletters\", \"conditions\": {\"any\": [{\"field\": \"header:List-Id\","
            + " \"op\": \"exists\", \"value\": \"\"}]}, \"actions\": [{\"type\": \"drop\"}]}]}");

        accepted("news@sender.test", "drop@rules.test",
            message("news@sender.test", "drop@rules.test", "weekly news", "List-Id: <weekly.sender.test>\r\n", "news"));

        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> eventDetails("drop", "dropped").size() == 1);
        assertThat(eventDetails("drop", "dropped").get(0)).contains("rule 'newsletters' of drop@rules.test");
        JsonPath dropped = quarantine("?alias=drop&kind=dropped");
        assertThat(dropped.getList("items")).hasSize(1);
        assertThat(deliveries("weekly news")).isEmpty();

        rest().post("/smtpy/domains/rules.test/quarantine/" + dropped.getString("items[0].id") + "/release").then().statusCode(200);

        sink.awaitCopy("drop@dest.test", "weekly news");
    }

    @Test
    void routingActionsShouldChangeWhereAndWhatIsDelivered() throws Exception {
        aliasRules("route", "{\"rules\": ["
            + "{\"name\": \"cc accounting\", \"conditions\": {\"all\": [{\"field\": \"subject\", \"op\": \"startsWith\", \"value\": \"invoice\"}]},"
            + " \"actions\": [{\"type\": \"alsoForward\", \"to\": [\"accounting@dest.test\"]}, {\"type\": \"addHeader\", \"name\": \"X-Routed\","
            + " \"value\": \"accounting\"}, {\"type\": \"prefixSubject\", \"prefix\": \"[inv]\"}]},"
            + "{\"name\": \"urgent only to boss\", \"conditions\": {\"all\": [{\"field\": \"header:X-Priority\", \"op\": \"equals\", \"value\": \"1\"}]},"
            + " \"actions\": [{\"type\": \"forward\", \"to\": [\"boss@dest.test\"]}]}]}");

        accepted("a@sender.test", "route@rules.test", message("a@sender.test", "route@rules.test", "invoice 7", "", "amount"));
        accepted("a@sender.test", "route@rules.test", message("a@sender.test", "route@rules.test", "urgent", "X-Priority: 1\r\n", "now"));

        SmtpSink.Delivery toAlias = sink.awaitCopy("route@dest.test", "[inv] invoice 7");
        SmtpSink.Delivery toAccounting = sink.awaitCopy("accounting@dest.test", "[inv] invoice 7");
        assertThat(toAlias.header("X-Routed")).isEqualTo("accounting");
        assertThat(toAccounting.header("X-Routed")).isEqualTo("accounting");
        sink.awaitCopy("boss@dest.test", "urgent");
        Thread.sleep(1_000);
        assertThat(deliveries("urgent")).extracting(SmtpSink.Delivery::recipient).containsExactly("boss@dest.test");
    }

    @Test
    void conditionsShouldReadTheBodyAttachmentsSizeTagAndVerdicts() throws Exception {
        String rules = "{\"rules\": ["
            + rule("body", "{\"field\": \"body\", \"op\": \"contains\", \"value\": \"quarterly budget\"}")
            + "," + rule("pdf", "{\"field\": \"attachment-name\", \"op\": \"glob\", \"value\": \"*.PDF\"}")
            + "," + rule("big", "{\"field\": \"size\", \"op\": \"gt\", \"value\": \"1k\"}")
            + "," + rule("tag", "{\"field\": \"tag\", \"op\": \"equals\", \"value\": \"news\"}")
            + "," + rule("spf", "{\"field\": \"spf\", \"op\": \"equals\", \"value\": \"pass\"}")
            + "," + rule("regex", "{\"field\": \"from\", \"op\": \"matches\", \"value\": \"^alerts@bank\\\\.test$\"}")
            + "," + rule("weekday", "{\"field\": \"weekday\", \"op\": \"in\", \"value\": \"mon,tue,wed,thu,fri,sat,sun\"}")
            + "," + rule("cc", "{\"field\": \"cc\", \"op\": \"equals\", \"value\": \"boss@sender.test\"}")
            + "," + rule("replyto", "{\"field\": \"reply-to\", \"op\": \"startsWith\", \"value\": \"replies@\"}")
            + "," + rule("listid", "{\"field\": \"list-id\", \"op\": \"contains\", \"value\": \"finance.bank.test\"}")
            + "," + rule("type", "{\"field\": \"attachment-type\", \"op\": \"equals\", \"value\": \"application/pdf\"}")
            + "," + rule("attsize", "{\"field\": \"attachment-size\", \"op\": \"gte\", \"value\": \"500\"}")
            + "," + rule("dkim", "{\"field\": \"dkim\", \"op\": \"equals\", \"value\": \"none\"}")
            + "," + rule("arc", "{\"field\": \"arc\", \"op\": \"equals\", \"value\": \"none\"}")
            + "," + "{\"name\": \"time\", \"conditions\": {\"not\": {\"field\": \"time\", \"op\": \"in\", \"value\": \"" + farWindow()
                + "\"}}, \"actions\": [{\"type\": \"addHeader\", \"name\": \"X-Rule-time\", \"value\": \"yes\"}]}"
            + "," + rule("notattachment", "{\"field\": \"attachment-size\", \"op\": \"gt\", \"value\": \"1M\"}")
            + "," + rule("never", "{\"field\": \"subject\", \"op\": \"equals\", \"value\": \"something else\"}")
            + "]}";
        aliasRules("conditions", rules);
        String body = "This is a multi-part message.\r\n--b\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
            + "<p>The <b>quarterly budget</b> is attached.</p>\r\n--b\r\nContent-Type: application/pdf; name=\"q3.pdf\"\r\n"
            + "Content-Disposition: attachment; filename=\"q3.pdf\"\r\nContent-Transfer-Encoding: base64\r\n\r\n"
            + "JVBERi0xLjQK".repeat(100) + "\r\n--b--";

        accepted("alerts@bank.test", "conditions+news@rules.test", message("alerts@bank.test", "conditions@rules.test", "q3",
            "Cc: Boss <boss@sender.test>\r\nReply-To: replies@bank.test\r\nList-Id: Finance <finance.bank.test>\r\n"
                + "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n", body));

        SmtpSink.Delivery delivery = sink.awaitCopy("conditions@dest.test", "q3");
        for (String matched : List.of("body", "pdf", "big", "tag", "spf", "regex", "weekday", "cc", "replyto", "listid", "type",
                "attsize", "dkim", "arc", "time")) {
            assertThat(delivery.header("X-Rule-" + matched)).as(matched).isEqualTo("yes");
        }
        assertThat(delivery.header("X-Rule-never")).isEmpty();
        assertThat(delivery.header("X-Rule-notattachment")).isEmpty();
        JsonPath stored = rest().get("/smtpy/domains/rules.test/aliases/conditions/rules").then().statusCode(200).extract().jsonPath();
        Awaitility.await().atMost(Duration.ofSeconds(45)).until(() -> rest().get("/smtpy/domains/rules.test/aliases/conditions/rules")
            .then().extract().jsonPath().getInt("rules[0].hits.count") == 1);
        assertThat(stored.getList("rules.name")).hasSize(17);
    }

    /** An hour-long window that starts two hours from now (UTC): the mail is never in it, whatever the time of the run. */
    private static String farWindow() {
        int hour = java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).plusHours(2).getHour();
        return String.format("%02d:00-%02d:00", hour, (hour + 1) % 24);
    }

    private static String rule(String name, String condition) {
        return "{\"name\": \"" + name + "\", \"conditions\": {\"all\": [" + condition + "]}, \"actions\": [{\"type\": \"addHeader\","
            + " \"name\": \"X-Rule-" + name + "\", \"value\": \"yes\"}]}";
    }

    @Test
    void stopShouldEndEvaluationAndDisabledRulesShouldBeSkipped() throws Exception {
        aliasRules("stop", "{\"rules\": ["
            + "{\"name\": \"off\", \"enabled\": false, \"conditions\": {\"all\": []}, \"actions\": [{\"type\": \"reject\"}]},"
            + "{\"name\": \"mark and stop\", \"conditions\": {\"all\": []}, \"actions\": [{\"type\": \"addHeader\", \"name\": \"X-First\", \"value\": \"1\"}, {\"type\": \"stop\"}]},"
            + "{\"name\": \"never reached\", \"conditions\": {\"all\": []}, \"actions\": [{\"type\": \"drop\"}]}]}");

        accepted("a@sender.test", "stop@rules.test", message("a@sender.test", "stop@rules.test", "stopped", "", "x"));

        assertThat(sink.awaitCopy("stop@dest.test", "stopped").header("X-First")).isEqualTo("1");
    }

    @Test
    void aPostRuleShouldSendTheMailToTheEndpointSignedAndRecordIt() throws Exception {
        aliasRules("post", "{\"rules\": [{\"name\": \"to crm\", \"conditions\": {\"all\": []}, \"actions\": [{\"type\": \"post\","
            + " \"url\": \"http://127.0.0.1:" + endpoint.getAddress().getPort() + "/hook\", \"format\": \"json\"}, {\"type\": \"drop\"}]}]}");

        accepted("lead@sender.test", "post@rules.test", message("lead@sender.test", "post@rules.test", "new lead", "", "call me"));

        String rule = "rule 'to crm' of post@rules.test";
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> posted.containsKey(rule));
        JsonPath json = JsonPath.from(posted.get(rule));
        assertThat(json.getString("subject")).isEqualTo("new lead");
        assertThat(json.getString("recipient")).isEqualTo("post@rules.test");
        assertThat(json.getString("text")).contains("call me");
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> eventDetails("post", "posted").size() == 1);
        assertThat(eventDetails("post", "posted").get(0)).contains("answered 204");
        assertThat(deliveries("new lead")).isEmpty();
    }

    @Test
    void blockEntriesShouldRefuseAtRcptWhenTheEnvelopeDecidesAndAtDataWhenTheHeaderDoes() throws Exception {
        rest().body("{\"type\": \"block\", \"value\": \"spam.test\", \"alias\": \"listed\"}").post("/smtpy/domains/rules.test/lists")
            .then().statusCode(201);
        rest().body("{\"type\": \"block\", \"value\": \"ceo@fraud.test\", \"alias\": \"listed\"}").post("/smtpy/domains/rules.test/lists")
            .then().statusCode(201);
        rest().body("{\"type\": \"block\", \"value\": \"*@*.junk.test\", \"action\": \"quarantine\", \"alias\": \"listed\"}")
            .post("/smtpy/domains/rules.test/lists").then().statusCode(201);

        SmtpTestClient.Reply atRcpt = send("x@spam.test", "listed@rules.test", message("x@spam.test", "listed@rules.test", "s1", "", "x"));
        SmtpTestClient.Reply atData = send("innocent@sender.test", "listed@rules.test",
            message("ceo@fraud.test", "listed@rules.test", "s2", "", "wire money"));
        accepted("x@mail.junk.test", "listed@rules.test", message("x@mail.junk.test", "listed@rules.test", "s3", "", "x"));
        accepted("x@spam.test", "other@rules.test", message("x@spam.test", "other@rules.test", "s4", "", "x"));

        assertThat(atRcpt.code()).isEqualTo(550);
        assertThat(atRcpt.text()).contains("5.7.1");
        assertThat(atData.code()).isEqualTo(550);
        sink.awaitCopy("other@dest.test", "s4");
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> quarantine("?alias=listed").getList("items").size() == 1);
        assertThat(eventDetails("listed", "rejected")).hasSize(2).allSatisfy(detail -> assertThat(detail).contains("block list entry"));
        JsonPath entries = rest().get("/smtpy/domains/rules.test/lists?alias=listed").then().statusCode(200).extract().jsonPath();
        assertThat(entries.getList("value")).contains("spam.test", "ceo@fraud.test");
    }

    @Test
    void theOneClickLinkShouldBlockTheSenderForThatAliasOnlyAndATamperedOneShouldBeRefused() throws Exception {
        accepted("pest@sender.test", "links@rules.test", message("pest@sender.test", "links@rules.test", "first pest", "", "x"));

        SmtpSink.Delivery delivery = sink.awaitCopy("links@dest.test", "first pest");
        String unsubscribe = delivery.header("List-Unsubscribe");
        assertThat(unsubscribe).startsWith("<https://mx.smtpy.test/smtpy/links/");
        assertThat(delivery.header("List-Unsubscribe-Post")).isEqualTo("List-Unsubscribe=One-Click");
        String path = unsubscribe.substring("<https://mx.smtpy.test".length(), unsubscribe.length() - 1);
        String tampered = path.substring(0, path.length() - 2) + (path.endsWith("AA") ? "BB" : "AA");

        given().baseUri("http://127.0.0.1").port(fixture.webAdminPort()).contentType("application/x-www-form-urlencoded")
            .body("List-Unsubscribe=One-Click").post(tampered).then().statusCode(org.hamcrest.Matchers.oneOf(400, 410));
        given().baseUri("http://127.0.0.1").port(fixture.webAdminPort()).get(path).then().statusCode(200);
        accepted("pest@sender.test", "links@rules.test", message("pest@sender.test", "links@rules.test", "second pest", "", "x"));
        sink.awaitCopy("links@dest.test", "second pest");

        given().baseUri("http://127.0.0.1").port(fixture.webAdminPort()).contentType("application/x-www-form-urlencoded")
            .body("List-Unsubscribe=One-Click").post(path).then().statusCode(200);

        SmtpTestClient.Reply blocked = send("pest@sender.test", "links@rules.test",
            message("pest@sender.test", "links@rules.test", "third pest", "", "x"));
        assertThat(blocked.code()).isEqualTo(550);
        accepted("pest@sender.test", "other@rules.test", message("pest@sender.test", "other@rules.test", "pest elsewhere", "", "x"));
        sink.awaitCopy("other@dest.test", "pest elsewhere");
    }

    @Test
    void aDestinationRefusingForGoodShouldFallBackToTheNextFallback() throws Exception {
        alias("fallback", "{\"destinations\": [\"" + SmtpSink.REFUSED_PREFIX + "primary@dest.test\"],"
            + " \"fallbacks\": [\"" + SmtpSink.REFUSED_PREFIX + "second@dest.test\", \"backup@dest.test\"]}");

        accepted("a@sender.test", "fallback@rules.test", message("a@sender.test", "fallback@rules.test", "fall back", "", "x"));

        sink.awaitCopy("backup@dest.test", "fall back");
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> eventDetails("fallback", "fallback").size() == 2);
        assertThat(eventDetails("fallback", "fallback")).anySatisfy(detail -> assertThat(detail)
            .startsWith(SmtpSink.REFUSED_PREFIX + "primary@dest.test failed").endsWith("sent to the fallback " + SmtpSink.REFUSED_PREFIX + "second@dest.test"));
        assertThat(eventDetails("fallback", "bounced")).isEmpty();
    }

    @Test
    void aDomainWithAnArchiveAddressShouldGetACopyOfEveryAcceptedMail() throws Exception {
        rest().put("/smtpy/domains/archived.test").then().statusCode(201);
        rest().body("{\"archiveAddress\": \"vault@dest.test\"}").patch("/smtpy/domains/archived.test").then().statusCode(200);
        rest().body("{\"destinations\": [\"info@dest.test\"]}").put("/smtpy/domains/archived.test/aliases/info").then().statusCode(201);

        accepted("a@sender.test", "info@archived.test", message("a@sender.test", "info@archived.test", "archive me", "", "x"));

        sink.awaitCopy("info@dest.test", "archive me");
        SmtpSink.Delivery archived = sink.awaitCopy("vault@dest.test", "archive me");
        assertThat(archived.header("X-Smtpy-Envelope")).isEqualTo("from=<a@sender.test>; to=info@archived.test");
    }
}
