package io.smtpy.webadmin.routes;

import static io.smtpy.webadmin.routes.RuleRoutesTest.as;
import static io.smtpy.webadmin.routes.RuleRoutesTest.auditOfTheDefaultAccount;
import static io.smtpy.webadmin.routes.RuleRoutesTest.keyOfAnotherAccount;
import static io.smtpy.webadmin.routes.RuleRoutesTest.keyWith;
import static io.smtpy.webadmin.routes.RuleRoutesTest.op;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.restassured.RestAssured;
import io.restassured.builder.RequestSpecBuilder;
import io.restassured.http.ContentType;
import io.smtpy.access.Account;
import io.smtpy.access.AuditEntry;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.Limits;
import io.smtpy.rules.lists.ListQuery;
import io.smtpy.rules.lists.ListScope;
import io.smtpy.rules.lists.ListVerdict;

class ListRoutesTest {
    private static final String LISTS = "/smtpy/domains/example.com/lists";
    private static final DomainName EXAMPLE = DomainName.of("example.com");

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

    private static String add(String body) {
        return op().body(body).post(LISTS).then().statusCode(201).extract().path("id");
    }

    @Test
    void postShouldAddAnEntryWithEveryFieldAndGetShouldListTheDomainsAndItsAliases() {
        op().body("{\"type\":\"block\",\"value\":\"*@Spam.Example\",\"action\":\"quarantine\",\"note\":\"spammer\","
                + "\"expiresAt\":\"2026-12-31T23:00:00+01:00\"}")
            .post(LISTS).then().statusCode(201)
            .body("id", is(org.hamcrest.Matchers.notNullValue()))
            .body("scope", equalTo("domain"))
            .body("type", equalTo("block"))
            .body("value", equalTo("spam.example"))
            .body("action", equalTo("quarantine"))
            .body("note", equalTo("spammer"))
            .body("expiresAt", equalTo("2026-12-31T22:00:00Z"))
            .body("expired", is(false))
            .body("hits", is(0))
            .body("lastHitAt", nullValue());
        add("{\"type\":\"allow\",\"value\":\"boss@spam.example\",\"alias\":\"sales\"}");

        op().get(LISTS).then().statusCode(200)
            .body("value", contains("spam.example", "boss@spam.example"))
            .body("alias", contains(null, "sales"))
            .body("[1].scope", equalTo("alias"))
            .body("[1].action", nullValue());
        op().get(LISTS + "?alias=sales").then().body("value", contains("boss@spam.example"));
        op().get(LISTS + "?type=block").then().body("value", contains("spam.example"));
        op().get(LISTS + "?type=maybe").then().statusCode(400).body("message", containsString("Invalid type"));
    }

    @Test
    void theEntryShouldShowItsHitsAndLastHit() throws Exception {
        String id = add("{\"type\":\"block\",\"value\":\"spam.example\"}");
        ListVerdict verdict = fixture.lists.decide(ListQuery.of(EXAMPLE, MaybeSender.of(new MailAddress("x@spam.example")))
            .client(InetAddress.getByName("192.0.2.1")));
        assertThat(verdict).isNotEqualTo(ListVerdict.NONE);

        op().get(LISTS).then().body("[0].id", equalTo(id)).body("[0].hits", is(1))
            .body("[0].lastHitAt", equalTo(RoutesFixture.NOW.toString()));
    }

    @Test
    void badEntriesShouldBe400sNamingTheFieldAndDuplicates409() {
        op().body("{\"type\":\"deny\",\"value\":\"a@b.example\"}").post(LISTS).then().statusCode(400).body("message", containsString("Invalid type"));
        op().body("{\"type\":\"block\",\"value\":\"\"}").post(LISTS).then().statusCode(400).body("message", containsString("Invalid value"));
        op().body("{\"type\":\"block\",\"value\":\"a b@c.example\"}").post(LISTS).then().statusCode(400).body("message", containsString("Invalid value"));
        op().body("{\"type\":\"block\",\"value\":\"a@b.example\",\"action\":\"explode\"}").post(LISTS).then().statusCode(400)
            .body("message", containsString("Invalid action"));
        op().body("{\"type\":\"allow\",\"value\":\"a@b.example\",\"action\":\"drop\"}").post(LISTS).then().statusCode(400)
            .body("message", containsString("Invalid action"));
        op().body("{\"type\":\"block\",\"value\":\"a@b.example\",\"expiresAt\":\"soon\"}").post(LISTS).then().statusCode(400)
            .body("message", containsString("Invalid expiresAt"));
        op().body("{\"type\":\"block\",\"value\":\"a@b.example\",\"colour\":\"red\"}").post(LISTS).then().statusCode(400)
            .body("message", containsString("Invalid colour"));
        op().body("{\"type\":\"block\",\"value\":\"a@b.example\",\"alias\":\"ghost\"}").post(LISTS).then().statusCode(404)
            .body("message", equalTo("alias ghost@example.com does not exist"));
        op().body("{\"type\":\"block\"}").post(LISTS).then().statusCode(400).body("message", containsString("Invalid value"));
        add("{\"type\":\"block\",\"value\":\"a@b.example\"}");
        op().body("{\"type\":\"block\",\"value\":\"A@B.example\"}").post(LISTS).then().statusCode(409);

        op().get(LISTS).then().body("", hasSize(1));
    }

    @Test
    void networksAndWildcardsShouldBeAccepted() {
        add("{\"type\":\"block\",\"value\":\"192.0.2.7/24\"}");
        add("{\"type\":\"block\",\"value\":\"2001:db8::/32\"}");
        add("{\"type\":\"block\",\"value\":\"*@*.example\"}");

        op().get(LISTS).then().body("value", contains("192.0.2.0/24", "2001:db8::/32", "*@*.example"))
            .body("kind", contains("network", "network", "wildcard"));
    }

    @Test
    void deleteShouldRemoveAnEntryOfTheDomainOrOfAnAlias() {
        String domainEntry = add("{\"type\":\"block\",\"value\":\"a@b.example\"}");
        String aliasEntry = add("{\"type\":\"block\",\"value\":\"c@d.example\",\"alias\":\"sales\"}");

        op().delete(LISTS + "/" + aliasEntry).then().statusCode(204);
        op().delete(LISTS + "/" + aliasEntry).then().statusCode(404);
        op().delete(LISTS + "/not_an*id").then().statusCode(400).body("message", containsString("Invalid id"));

        op().get(LISTS).then().body("id", contains(domainEntry));
    }

    @Test
    void importShouldAddTheValidLinesAndReportEachRefusedOneAndExportShouldReadBack() {
        String csv = "type,value,action,alias,note,expiresAt\n"
            + "block,spam.example,drop,,bulk,\n"
            + "allow,friend@spam.example,,sales,,\n"
            + "block,not an address,,,,\n"
            + "maybe,x@y.example,,,,\n";
        op().contentType("text/csv").body(csv.getBytes(StandardCharsets.UTF_8)).post(LISTS + "/import").then().statusCode(200)
            .body("records", is(4))
            .body("added", is(2))
            .body("errors.line", contains(4, 5))
            .body("errors.field", contains("value", "type"));

        op().get(LISTS).then().body("value", containsInAnyOrder("spam.example", "friend@spam.example"));
        String exported = op().get(LISTS + "/export").then().statusCode(200).contentType(containsString("text/csv"))
            .extract().asString();
        assertThat(exported).startsWith("type,value,action,alias,note,expiresAt").contains("block,spam.example,drop,,bulk,")
            .contains("allow,friend@spam.example,,sales,,");

        op().delete(LISTS + "/" + fixture.lists.list(ListScope.domain(EXAMPLE)).get(0).id().asString()).then().statusCode(204);
        op().contentType("text/csv").body(exported).post(LISTS + "/import").then().statusCode(200)
            .body("added", is(1)).body("errors", hasSize(1));
        op().contentType("text/csv").body("").post(LISTS + "/import").then().statusCode(400).body("message", containsString("Invalid header"));
    }

    @Test
    void importOf100000LinesShouldComplete() {
        StringBuilder csv = new StringBuilder("type,value\n");
        for (int i = 0; i < 100_000; i++) {
            csv.append("block,sender").append(i).append("@bulk.example\n");
        }
        op().contentType("text/csv").body(csv.toString()).post(LISTS + "/import").then().statusCode(200)
            .body("added", is(100_000)).body("errors", empty());

        assertThat(fixture.lists.list(ListScope.domain(EXAMPLE))).hasSize(100_000);
        // The audit keeps the counts, not 100,000 lines.
        AuditEntry entry = auditOfTheDefaultAccount(fixture).get(0);
        assertThat(entry.action()).isEqualTo("lists.import");
        assertThat(entry.after().orElseThrow()).contains("\"added\":100000").hasSizeLessThan(200);
    }

    @Test
    void fuzzedEntriesAndCsvShouldNeverBe500() {
        Random random = new Random(7);
        for (int i = 0; i < 200; i++) {
            String value = RuleRoutesTest.randomText(random, random.nextInt(80));
            String body = "{\"type\":\"" + (i % 2 == 0 ? "block" : "allow") + "\",\"value\":" + quote(value) + "}";
            int status = op().body(body).post(LISTS).statusCode();
            assertThat(status).as(body).isIn(201, 400, 409);
            String csv = "type,value\n" + RuleRoutesTest.randomText(random, random.nextInt(400));
            status = op().contentType("text/csv; charset=utf-8").body(csv.getBytes(StandardCharsets.UTF_8)).post(LISTS + "/import").statusCode();
            assertThat(status).as(csv).isIn(200, 400);
        }
        op().contentType("text/csv").body(new byte[] {(byte) 0xff, (byte) 0xfe, 'a'}).post(LISTS + "/import").then().statusCode(400)
            .body("message", containsString("UTF-8"));
    }

    @Test
    void accountAndOperatorListsShouldHaveTheSameVerbs() {
        String account = Account.DEFAULT_ID.asString();
        String accountLists = "/smtpy/accounts/" + account + "/lists";
        String id = op().body("{\"type\":\"block\",\"value\":\"*@junk.example\",\"action\":\"drop\"}").post(accountLists).then().statusCode(201)
            .body("scope", equalTo("account")).extract().path("id");
        op().body("{\"type\":\"block\",\"value\":\"a@b.example\",\"alias\":\"sales\"}").post(accountLists).then().statusCode(400)
            .body("message", containsString("Invalid alias"));
        op().get(accountLists).then().body("id", contains(id));
        op().get(accountLists + "/export").then().statusCode(200).body(containsString("block,junk.example,drop"));
        op().delete(accountLists + "/" + id).then().statusCode(204);

        String operatorId = op().body("{\"type\":\"block\",\"value\":\"198.51.100.0/24\"}").post("/smtpy/lists").then().statusCode(201)
            .body("scope", equalTo("operator")).extract().path("id");
        op().contentType("text/csv").body("type,value\nblock,evil.example\n").post("/smtpy/lists/import").then().statusCode(200)
            .body("added", is(1));
        op().get("/smtpy/lists").then().body("", hasSize(2));
        op().delete("/smtpy/lists/" + operatorId).then().statusCode(204);

        List<AuditEntry> audit = auditOfTheDefaultAccount(fixture);
        assertThat(audit.subList(0, 6)).extracting(AuditEntry::action)
            .containsExactly("lists.delete", "lists.import", "lists.add", "lists.delete", "lists.add", "lists.add");
        assertThat(audit.get(0).before().orElseThrow()).contains("198.51.100.0/24");
        assertThat(audit.get(0).onBehalfOf()).contains(account);

        String limited = op().body("{\"name\":\"one domain\",\"permissions\":[\"rules:read\",\"rules:write\"],\"domains\":[\""
                + EXAMPLE.asString() + "\"]}")
            .post("/smtpy/accounts/" + account + "/keys").then().statusCode(201).extract().path("secret");
        as(limited).get(accountLists).then().statusCode(200);
        as(limited).body("{\"type\":\"block\",\"value\":\"x@y.example\"}").post(accountLists).then().statusCode(403)
            .body("message", containsString("limited to some domains"));
        as(limited).body("{\"type\":\"block\",\"value\":\"x@y.example\"}").post(LISTS).then().statusCode(201);

        String key = keyWith("rules:read", "rules:write");
        as(key).get("/smtpy/lists").then().statusCode(403);
        as(key).body("{\"type\":\"block\",\"value\":\"x@y.example\"}").post("/smtpy/lists").then().statusCode(403);
        as(key).get(accountLists).then().statusCode(200);
    }

    @Test
    void anotherAccountsDomainShouldBe404AndAMissingPermission403() {
        String id = add("{\"type\":\"block\",\"value\":\"a@b.example\"}");
        String other = keyOfAnotherAccount();
        as(other).get(LISTS).then().statusCode(404);
        as(other).body("{\"type\":\"block\",\"value\":\"c@d.example\"}").post(LISTS).then().statusCode(404);
        as(other).delete(LISTS + "/" + id).then().statusCode(404);
        as(other).get(LISTS + "/export").then().statusCode(404);
        as(other).get("/smtpy/accounts/" + Account.DEFAULT_ID.asString() + "/lists").then().statusCode(404);

        String reader = keyWith("rules:read");
        as(reader).get(LISTS).then().statusCode(200).body("id", contains(id));
        as(reader).delete(LISTS + "/" + id).then().statusCode(403);
        as(reader).contentType("text/csv").body("type,value\nblock,x@y.example\n").post(LISTS + "/import").then().statusCode(403);
        as(keyWith("aliases:write")).get(LISTS).then().statusCode(403);
        op().get(LISTS).then().body("id", contains(id));
    }

    @Test
    void everyChangeShouldBeAudited() {
        String id = add("{\"type\":\"block\",\"value\":\"a@b.example\",\"note\":\"n\"}");
        op().body("{\"type\":\"block\",\"value\":\"a@b.example\"}").post(LISTS).then().statusCode(409);
        op().delete(LISTS + "/" + id).then().statusCode(204);

        List<AuditEntry> entries = auditOfTheDefaultAccount(fixture);
        assertThat(entries.subList(0, 3)).extracting(AuditEntry::action).containsExactly("lists.delete", "lists.add", "lists.add");
        assertThat(entries.get(0).before().orElseThrow()).contains("a@b.example");
        assertThat(entries.get(0).after()).isEmpty();
        assertThat(entries.get(1).outcome()).isEqualTo("failure (409)");
        assertThat(entries.get(2).after().orElseThrow()).contains(id);
        assertThat(entries.get(2).target()).isEqualTo("domains/example.com/lists");
    }

    private static String quote(String text) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(text);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

}
