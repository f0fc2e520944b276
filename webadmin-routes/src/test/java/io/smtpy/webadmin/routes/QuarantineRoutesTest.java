package io.smtpy.webadmin.routes;

import static io.smtpy.webadmin.routes.RuleRoutesTest.as;
import static io.smtpy.webadmin.routes.RuleRoutesTest.auditOfTheDefaultAccount;
import static io.smtpy.webadmin.routes.RuleRoutesTest.keyOfAnotherAccount;
import static io.smtpy.webadmin.routes.RuleRoutesTest.keyWith;
import static io.smtpy.webadmin.routes.RuleRoutesTest.op;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.restassured.RestAssured;
import io.restassured.builder.RequestSpecBuilder;
import io.restassured.http.ContentType;
import io.smtpy.access.AuditEntry;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.Limits;
import io.smtpy.core.model.LocalPart;
import io.smtpy.rules.lists.ListScope;
import io.smtpy.rules.quarantine.Hold;
import io.smtpy.rules.quarantine.QuarantineKind;

class QuarantineRoutesTest {
    private static final String QUARANTINE = "/smtpy/domains/example.com/quarantine";
    private static final DomainName EXAMPLE = DomainName.of("example.com");
    private static final String HTML_MAIL = "From: \"Eve\" <eve@phish.example>\r\nTo: sales@example.com\r\nSubject: =?utf-8?B?VXJnZW50IMOp?=\r\n"
        + "Message-ID: <p1@phish.example>\r\nMIME-Version: 1.0\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
        + "<html><body><script>alert(1)</script><p>Click <a href=\"http://phish.example/x\">here</a> now</p>"
        + "<img src=\"http://tracker.example/p.gif\"></body></html>\r\n";

    private RoutesFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new RoutesFixture(Limits.DEFAULT);
        RestAssured.reset();
        RestAssured.requestSpecification = new RequestSpecBuilder().setPort(fixture.server.getPort().getValue())
            .setContentType(ContentType.JSON).build();
        op().put("/smtpy/domains/example.com").then().statusCode(201);
        op().body("{\"destinations\":[\"x@dest.example\"]}").put("/smtpy/domains/example.com/aliases/sales").then().statusCode(201);
    }

    @AfterEach
    void tearDown() {
        fixture.close();
        RestAssured.reset();
    }

    private String hold(String sender, String alias, QuarantineKind kind, String message) throws Exception {
        MaybeSender from = sender.isEmpty() ? MaybeSender.nullSender() : MaybeSender.of(new MailAddress(sender));
        Hold hold = Hold.of(EXAMPLE, from, List.of(new MailAddress(alias + "@example.com")), kind, message.getBytes(StandardCharsets.UTF_8))
            .alias(LocalPart.of(alias)).reason("rule said so").decidedBy("rule 'phish' of example.com")
            .verdicts(Map.of("dmarc", "fail"));
        String id = fixture.quarantine.hold(hold).id().asString();
        fixture.clock.moveBy(Duration.ofMinutes(1));
        return id;
    }

    @Test
    void listShouldShowHeldMailNewestFirstWithFiltersAndPaging() throws Exception {
        String first = hold("eve@phish.example", "sales", QuarantineKind.QUARANTINED, HTML_MAIL);
        String second = hold("bob@news.example", "sales", QuarantineKind.DROPPED, "Subject: weekly news\r\n\r\nhi\r\n");

        op().get(QUARANTINE).then().statusCode(200)
            .body("total", is(2)).body("limit", is(100)).body("offset", is(0))
            .body("items.id", contains(second, first))
            .body("items[1].sender", equalTo("eve@phish.example"))
            .body("items[1].alias", equalTo("sales"))
            .body("items[1].recipients", contains("sales@example.com"))
            .body("items[1].kind", equalTo("quarantined"))
            .body("items[1].state", equalTo("held"))
            .body("items[1].reason", equalTo("rule said so"))
            .body("items[1].decidedBy", equalTo("rule 'phish' of example.com"))
            .body("items[1].verdicts.dmarc", equalTo("fail"))
            .body("items[1].subject", equalTo("Urgent é"));
        op().get(QUARANTINE + "?kind=dropped").then().body("items.id", contains(second));
        op().get(QUARANTINE + "?sender=PHISH").then().body("items.id", contains(first));
        op().get(QUARANTINE + "?subject=weekly").then().body("items.id", contains(second));
        op().get(QUARANTINE + "?limit=1&offset=1").then().body("items.id", contains(first)).body("total", is(2));
        op().get(QUARANTINE + "?alias=other").then().body("items", empty());
        op().get(QUARANTINE + "?from=" + RoutesFixture.NOW.plusSeconds(30) + "&to=" + RoutesFixture.NOW.plusSeconds(90))
            .then().body("items.id", contains(second));
        for (String bad : List.of("kind=spam", "state=lost", "limit=0", "limit=1001", "from=yesterday", "alias=a+b")) {
            op().get(QUARANTINE + "?" + bad).then().statusCode(400).body("message", containsString("Invalid " + bad.split("=")[0]));
        }
    }

    @Test
    void oneMailShouldShowDecodedFieldsAndASafeTextPreviewAndTheRawMessageApart() throws Exception {
        String id = hold("eve@phish.example", "sales", QuarantineKind.QUARANTINED, HTML_MAIL);

        String shown = op().get(QUARANTINE + "/" + id).then().statusCode(200)
            .body("id", equalTo(id))
            .body("from", containsString("eve@phish.example"))
            .body("preview.fields.name", hasItem("Subject"))
            .body("preview.fields.value", hasItem("Urgent é"))
            .body("preview.text", containsString("Click here now"))
            .body("preview.truncated", is(false))
            .extract().asString();
        assertThat(shown).doesNotContain("<script").doesNotContain("<a href").doesNotContain("tracker.example");

        byte[] raw = op().get(QUARANTINE + "/" + id + "/raw").then().statusCode(200)
            .contentType("message/rfc822").header("Content-Disposition", containsString(id + ".eml"))
            .extract().asByteArray();
        assertThat(new String(raw, StandardCharsets.UTF_8)).isEqualTo(HTML_MAIL);
        op().get(QUARANTINE + "/00000000-0000-0000-0000-000000000000").then().statusCode(404);
        op().get(QUARANTINE + "/bad*id/raw").then().statusCode(400).body("message", containsString("Invalid id"));
    }

    @Test
    void releaseShouldDeliverOnceAndASecondReleaseShouldBe409() throws Exception {
        String id = hold("eve@phish.example", "sales", QuarantineKind.QUARANTINED, HTML_MAIL);

        op().post(QUARANTINE + "/" + id + "/release").then().statusCode(200)
            .body("state", equalTo("released"))
            .body("releasedAt", equalTo(fixture.clock.instant().toString()))
            .body("allowEntry", nullValue());
        assertThat(fixture.reinjected).extracting(mail -> mail.id().asString()).containsExactly(id);
        op().post(QUARANTINE + "/" + id + "/release").then().statusCode(409).body("type", equalTo("WrongState"))
            .body("message", containsString("only a held mail can be released"));
        assertThat(fixture.reinjected).hasSize(1);
        op().get(QUARANTINE).then().body("items", empty());
        op().get(QUARANTINE + "?state=released").then().body("items.id", contains(id));
        op().get(QUARANTINE + "?state=all").then().body("items.id", contains(id));
    }

    @Test
    void releaseAndAllowShouldAddAnAllowEntryForTheSenderOnTheAlias() throws Exception {
        String id = hold("eve@phish.example", "sales", QuarantineKind.QUARANTINED, HTML_MAIL);

        op().body("{\"allowSender\": true}").post(QUARANTINE + "/" + id + "/release").then().statusCode(200)
            .body("state", equalTo("released"))
            .body("allowEntry.type", equalTo("allow"))
            .body("allowEntry.value", equalTo("eve@phish.example"))
            .body("allowEntry.alias", equalTo("sales"));
        assertThat(fixture.lists.list(ListScope.alias(EXAMPLE, LocalPart.of("sales"))))
            .extracting(entry -> entry.value().asString()).containsExactly("eve@phish.example");
        AuditEntry released = auditOfTheDefaultAccount(fixture).get(0);
        assertThat(released.action()).isEqualTo("quarantine.release");
        assertThat(released.before().orElseThrow()).contains("\"allowEntry\":null").contains("\"state\":\"held\"");
        assertThat(released.after().orElseThrow()).contains("\"allowEntry\":{").contains("\"type\":\"allow\"");

        String again = hold("eve@phish.example", "sales", QuarantineKind.QUARANTINED, HTML_MAIL);
        op().body("{\"allowSender\": true}").post(QUARANTINE + "/" + again + "/release").then().statusCode(200)
            .body("allowEntry.value", equalTo("eve@phish.example"));
        assertThat(fixture.lists.list(ListScope.alias(EXAMPLE, LocalPart.of("sales")))).hasSize(1);

        String bounce = hold("", "sales", QuarantineKind.QUARANTINED, "Subject: bounce\r\n\r\nx\r\n");
        op().body("{\"allowSender\": true}").post(QUARANTINE + "/" + bounce + "/release").then().statusCode(400)
            .body("message", containsString("Invalid allowSender"));
        op().body("{\"allowSender\": \"yes\"}").post(QUARANTINE + "/" + bounce + "/release").then().statusCode(400);
        op().get(QUARANTINE).then().body("items.id", contains(bounce));
    }

    @Test
    void releaseAndAllowShouldNeedRulesWriteToo() throws Exception {
        String id = hold("eve@phish.example", "sales", QuarantineKind.QUARANTINED, HTML_MAIL);
        String manager = keyWith("quarantine:read", "quarantine:manage");

        as(manager).body("{\"allowSender\": true}").post(QUARANTINE + "/" + id + "/release").then().statusCode(403);
        assertThat(fixture.reinjected).isEmpty();
        as(manager).post(QUARANTINE + "/" + id + "/release").then().statusCode(200);
    }

    @Test
    void deleteShouldRemoveTheMail() throws Exception {
        String id = hold("eve@phish.example", "sales", QuarantineKind.QUARANTINED, HTML_MAIL);

        op().delete(QUARANTINE + "/" + id).then().statusCode(204);
        op().get(QUARANTINE + "/" + id).then().statusCode(404);
        op().delete(QUARANTINE + "/" + id).then().statusCode(404);
        op().post(QUARANTINE + "/" + id + "/release").then().statusCode(404);
    }

    @Test
    void bulkReleaseAndDeleteShouldTakeTheListsFilters() throws Exception {
        String phish1 = hold("eve@phish.example", "sales", QuarantineKind.QUARANTINED, HTML_MAIL);
        String phish2 = hold("mallory@phish.example", "sales", QuarantineKind.QUARANTINED, HTML_MAIL);
        String news = hold("bob@news.example", "sales", QuarantineKind.DROPPED, "Subject: news\r\n\r\nx\r\n");

        op().body("{\"kind\":\"dropped\"}").post(QUARANTINE + "/release").then().statusCode(200)
            .body("done", is(1)).body("failed", empty()).body("more", is(false));
        assertThat(fixture.reinjected).extracting(mail -> mail.id().asString()).containsExactly(news);
        op().body("{\"sender\":\"phish.example\"}").post(QUARANTINE + "/delete").then().statusCode(200).body("done", is(2));
        op().get(QUARANTINE + "?state=all").then().body("items.id", contains(news)).body("items.id", not(hasItem(phish1)))
            .body("items.id", not(hasItem(phish2)));
        op().body("{\"kind\":\"spam\"}").post(QUARANTINE + "/delete").then().statusCode(400).body("message", containsString("Invalid kind"));
        op().body("{\"colour\":\"red\"}").post(QUARANTINE + "/release").then().statusCode(400).body("message", containsString("Invalid colour"));

        List<AuditEntry> audit = auditOfTheDefaultAccount(fixture);
        assertThat(audit.get(2).action()).isEqualTo("quarantine.delete-all");
        assertThat(audit.get(2).after().orElseThrow()).contains("\"done\":2");
        assertThat(audit.get(3).action()).isEqualTo("quarantine.release-all");
    }

    @Test
    void anotherAccountsDomainShouldBe404AndAMissingPermission403() throws Exception {
        String id = hold("eve@phish.example", "sales", QuarantineKind.QUARANTINED, HTML_MAIL);
        String other = keyOfAnotherAccount();
        for (String path : List.of(QUARANTINE, QUARANTINE + "/" + id, QUARANTINE + "/" + id + "/raw")) {
            as(other).get(path).then().statusCode(404).body("message", equalTo("domain example.com does not exist"));
        }
        as(other).post(QUARANTINE + "/" + id + "/release").then().statusCode(404);
        as(other).delete(QUARANTINE + "/" + id).then().statusCode(404);
        as(other).body("{}").post(QUARANTINE + "/delete").then().statusCode(404);

        String reader = keyWith("quarantine:read");
        as(reader).get(QUARANTINE + "/" + id + "/raw").then().statusCode(200);
        as(reader).post(QUARANTINE + "/" + id + "/release").then().statusCode(403);
        as(reader).delete(QUARANTINE + "/" + id).then().statusCode(403);
        as(keyWith("rules:read", "rules:write")).get(QUARANTINE).then().statusCode(403);
        assertThat(fixture.reinjected).isEmpty();
        op().get(QUARANTINE).then().body("items.id", contains(id));
    }

    @Test
    void releaseAndDeleteShouldBeAuditedWithTheMailsStateBeforeAndAfter() throws Exception {
        String released = hold("eve@phish.example", "sales", QuarantineKind.QUARANTINED, HTML_MAIL);
        String deleted = hold("bob@news.example", "sales", QuarantineKind.DROPPED, "Subject: n\r\n\r\nx\r\n");

        op().post(QUARANTINE + "/" + released + "/release").then().statusCode(200);
        op().post(QUARANTINE + "/" + released + "/release").then().statusCode(409);
        op().delete(QUARANTINE + "/" + deleted).then().statusCode(204);

        List<AuditEntry> audit = auditOfTheDefaultAccount(fixture);
        assertThat(audit.subList(0, 3)).extracting(AuditEntry::action)
            .containsExactly("quarantine.delete", "quarantine.release", "quarantine.release");
        assertThat(audit.get(0).before().orElseThrow()).contains(deleted);
        assertThat(audit.get(0).after()).isEmpty();
        assertThat(audit.get(1).outcome()).isEqualTo("failure (409)");
        assertThat(audit.get(2).before().orElseThrow()).contains("\"state\":\"held\"");
        assertThat(audit.get(2).after().orElseThrow()).contains("\"state\":\"released\"");
        assertThat(audit.get(2).target()).isEqualTo("domains/example.com/quarantine/" + released + "/release");
    }
}
