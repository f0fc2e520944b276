package io.smtpy.webadmin.routes;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.restassured.RestAssured;
import io.restassured.builder.RequestSpecBuilder;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.smtpy.access.Account;
import io.smtpy.access.AuditEntry;
import io.smtpy.access.store.AuditQuery;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.Limits;
import io.smtpy.core.model.LocalPart;
import io.smtpy.rules.MessageView;
import io.smtpy.rules.RuleScope;
import io.smtpy.rules.Verdicts;

class RuleRoutesTest {
    private static final String DOMAIN = "/smtpy/domains/example.com";
    private static final String RULES = DOMAIN + "/rules";
    private static final String SALES_RULES = DOMAIN + "/aliases/sales/rules";
    private static final String INVOICES = "{\"rules\":[{\"name\":\"invoices\",\"conditions\":{\"all\":[{\"field\":\"subject\","
        + "\"op\":\"contains\",\"value\":\"invoice\"}]},\"actions\":[{\"type\":\"alsoForward\",\"to\":[\"books@acct.example\"]},"
        + "{\"type\":\"prefixSubject\",\"prefix\":\"[inv]\"}]},"
        + "{\"name\":\"spam\",\"enabled\":false,\"conditions\":{\"any\":[{\"field\":\"from\",\"op\":\"endsWith\",\"value\":\"@spam.example\"}]},"
        + "\"actions\":[{\"type\":\"drop\"}]}]}";
    private static final String MESSAGE = "From: Ann <ann@shop.example>\r\nTo: sales@example.com\r\nSubject: Your invoice 42\r\n"
        + "Message-ID: <1@shop.example>\r\n\r\nHello\r\n";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private RoutesFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new RoutesFixture(Limits.DEFAULT);
        RestAssured.reset();
        RestAssured.requestSpecification = new RequestSpecBuilder().setPort(fixture.server.getPort().getValue())
            .setContentType(ContentType.JSON).build();
        op().put("/smtpy/domains/example.com").then().statusCode(201);
        op().body("{\"destinations\":[\"x@dest.example\"]}").put(DOMAIN + "/aliases/sales").then().statusCode(201);
    }

    @AfterEach
    void tearDown() {
        fixture.close();
        RestAssured.reset();
    }

    static RequestSpecification op() {
        return given().header("Authorization", "Bearer " + TestAccess.OPERATOR_KEY);
    }

    static RequestSpecification as(String token) {
        return given().header("Authorization", "Bearer " + token);
    }

    /** A key of a new account (with every permission), which does not own example.com. */
    static String keyOfAnotherAccount() {
        String account = op().body("{\"name\":\"Other\"}").post("/smtpy/accounts").then().statusCode(201).extract().path("id");
        return op().body("{\"name\":\"all\",\"permissions\":[\"domains:read\",\"rules:read\",\"rules:write\",\"quarantine:read\","
                + "\"quarantine:manage\"]}")
            .post("/smtpy/accounts/" + account + "/keys").then().statusCode(201).extract().path("secret");
    }

    /** A key of the operator's own account (which owns example.com) with only these permissions. */
    static String keyWith(String... permissions) {
        String list = String.join("\",\"", permissions);
        return op().body("{\"name\":\"limited\",\"permissions\":[\"" + list + "\"]}")
            .post("/smtpy/accounts/" + Account.DEFAULT_ID.asString() + "/keys").then().statusCode(201).extract().path("secret");
    }

    static List<AuditEntry> auditOfTheDefaultAccount(RoutesFixture fixture) {
        return fixture.access.stores.audit().list(AuditQuery.all(Account.DEFAULT_ID));
    }

    private static String testBody(String sender, String recipient, String message) {
        try {
            return MAPPER.writeValueAsString(Map.of("sender", sender, "recipient", recipient, "message", message));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aDomainWithoutRulesShouldShowAnEmptyList() {
        op().get(RULES).then().statusCode(200).body("rules", empty()).body("timeZone", equalTo("UTC"));
        op().get(SALES_RULES).then().statusCode(200).body("rules", empty());
    }

    @Test
    void putShouldReplaceTheWholeListAndGetShouldShowItInOrderWithHits() throws Exception {
        op().body(INVOICES).put(RULES).then().statusCode(200)
            .body("rules.name", contains("invoices", "spam"))
            .body("rules[0].enabled", is(true))
            .body("rules[1].enabled", is(false))
            .body("rules[0].actions[0].to", contains("books@acct.example"));
        // The mail path counts a hit; the list shows it once flushed.
        fixture.rules.evaluate(DomainName.of("example.com"), Optional.of(LocalPart.of("sales")),
            MessageView.of(MaybeSender.of(new MailAddress("ann@shop.example")), new MailAddress("sales@example.com"),
                () -> MESSAGE.getBytes(StandardCharsets.US_ASCII), Verdicts.none(), RoutesFixture.NOW));
        fixture.rules.flushHits();

        op().get(RULES).then().statusCode(200)
            .body("rules.name", contains("invoices", "spam"))
            .body("rules[0].hits.count", is(1))
            .body("rules[0].hits.lastHit", equalTo(RoutesFixture.NOW.toString()))
            .body("rules[1].hits", nullValue());

        op().body("{\"timeZone\":\"Europe/Paris\",\"rules\":[{\"name\":\"stop all\",\"conditions\":{\"all\":[]},"
            + "\"actions\":[{\"type\":\"stop\"}]}]}").put(RULES).then().statusCode(200);
        op().get(RULES).then().body("rules.name", contains("stop all")).body("timeZone", equalTo("Europe/Paris"));
    }

    @Test
    void aListReadBackWithItsHitsShouldBeAcceptedAsIs() {
        op().body(INVOICES).put(RULES).then().statusCode(200);
        String shown = op().get(RULES).then().statusCode(200).extract().asString();

        op().body(shown).put(RULES).then().statusCode(200).body("rules.name", contains("invoices", "spam"));
    }

    @Test
    void anEmptyListOrDeleteShouldClear() {
        op().body(INVOICES).put(RULES).then().statusCode(200);
        op().body("{\"rules\":[]}").put(RULES).then().statusCode(200).body("rules", empty());
        op().get(RULES).then().body("rules", empty());

        op().body(INVOICES).put(SALES_RULES).then().statusCode(200);
        op().delete(SALES_RULES).then().statusCode(204);
        op().get(SALES_RULES).then().body("rules", empty());
    }

    @Test
    void aliasRulesShouldBeSeparateFromTheDomainsAndNeedTheAlias() {
        op().body(INVOICES).put(SALES_RULES).then().statusCode(200);

        op().get(RULES).then().body("rules", empty());
        op().get(SALES_RULES).then().body("rules.name", contains("invoices", "spam"));
        op().get(DOMAIN + "/aliases/ghost/rules").then().statusCode(404).body("message", equalTo("alias ghost@example.com does not exist"));
        op().body(INVOICES).put(DOMAIN + "/aliases/ghost/rules").then().statusCode(404);
        op().get(DOMAIN + "/aliases/bad+tag/rules").then().statusCode(400).body("message", containsString("Invalid localPart"));
    }

    @Test
    void invalidListsShouldBe400sNamingTheJsonPathAndChangeNothing() {
        op().body(INVOICES).put(RULES).then().statusCode(200);
        Map<String, String> refused = Map.of(
            "{\"rules\":[{\"name\":\"a\",\"conditions\":{\"all\":[]},\"actions\":[{\"type\":\"forward\",\"to\":[\"nope\"]}]}]}",
            "Invalid rules[0].actions[0].to[0]",
            "{\"rules\":[{\"name\":\"a\",\"conditions\":{\"all\":[{\"field\":\"subject\",\"op\":\"resembles\",\"value\":\"x\"}]},"
                + "\"actions\":[]}]}", "Invalid rules[0].conditions.all[0].op",
            "{\"rules\":[{\"name\":\"a\",\"conditions\":{\"all\":[]},\"actions\":[{\"type\":\"explode\"}]}]}",
            "Invalid rules[0].actions[0].type",
            "{\"rules\":[{\"name\":\"a\",\"conditions\":{\"all\":[]},\"actions\":[]}],\"extra\":1}", "Invalid extra",
            "{\"timeZone\":\"Mars/Olympus\",\"rules\":[]}", "Invalid timeZone",
            "{\"rules\":", "Invalid rules: malformed JSON",
            "[]", "Invalid rules",
            "", "Invalid rules");
        refused.forEach((body, message) -> op().body(body).put(RULES).then().statusCode(400)
            .body("type", equalTo("InvalidArgument"))
            .body("message", containsString(message)));

        op().get(RULES).then().body("rules.name", contains("invoices", "spam"));
    }

    @Test
    void listsOverTheLimitsShouldBeRefused() {
        StringBuilder many = new StringBuilder("{\"rules\":[");
        for (int i = 0; i < 201; i++) {
            many.append(i == 0 ? "" : ",").append("{\"name\":\"r").append(i).append("\",\"conditions\":{\"all\":[]},\"actions\":[]}");
        }
        many.append("]}");
        op().body(many.toString()).put(RULES).then().statusCode(400).body("message", containsString("at most 200 rules"));

        String huge = "{\"rules\":[],\"timeZone\":\"UTC\"" + " ".repeat(600 * 1024) + "}";
        op().body(huge).put(RULES).then().statusCode(413);
    }

    @Test
    void testShouldTraceEveryRuleAndTheDecisionWithoutCountingHits() {
        op().body(INVOICES).put(RULES).then().statusCode(200);
        op().body("{\"rules\":[{\"name\":\"quarantine unsigned\",\"conditions\":{\"all\":[{\"field\":\"dmarc\",\"op\":\"equals\","
            + "\"value\":\"fail\"}]},\"actions\":[{\"type\":\"quarantine\"}]},{\"name\":\"tag\",\"conditions\":{\"all\":[]},"
            + "\"actions\":[{\"type\":\"addHeader\",\"name\":\"X-Seen\",\"value\":\"yes\"},{\"type\":\"post\",\"url\":\"https://hooks.example/in\"}]}]}")
            .put(SALES_RULES).then().statusCode(200);

        String body = "{\"sender\":\"ann@shop.example\",\"recipient\":\"sales+q4@example.com\",\"verdicts\":{\"dmarc\":\"fail\",\"spf\":\"pass\"},"
            + "\"message\":" + quoted(MESSAGE) + "}";
        op().body(body).post(RULES + "/test").then().statusCode(200)
            .body("alias", equalTo("sales"))
            .body("disposition", equalTo("quarantine"))
            .body("decidedBy.scope", equalTo("sales@example.com"))
            .body("decidedBy.name", equalTo("quarantine unsigned"))
            .body("addedDestinations", contains("books@acct.example"))
            .body("replacedDestinations", nullValue())
            .body("subjectPrefixes", contains("[inv]"))
            .body("addedHeaders[0].name", equalTo("X-Seen"))
            .body("posts[0].url", equalTo("https://hooks.example/in"))
            .body("posts[0].rule.name", equalTo("tag"))
            .body("trace.name", contains("invoices", "spam", "quarantine unsigned", "tag"))
            .body("trace.scope", contains("example.com", "example.com", "sales@example.com", "sales@example.com"))
            .body("trace.outcome", contains("matched", "disabled", "matched", "matched"))
            .body("trace[0].why", containsString("invoice"))
            .body("trace[0].actions", hasSize(2));

        fixture.rules.flushHits();
        assertThat(fixture.rules.hits(RuleScope.domain(DomainName.of("example.com")))).isEmpty();
    }

    @Test
    void testShouldShowARejectAndAStopSkippingTheAliasRules() {
        op().body("{\"rules\":[{\"name\":\"no spam\",\"conditions\":{\"all\":[{\"field\":\"sender\",\"op\":\"endsWith\",\"value\":\"@spam.example\"}]},"
            + "\"actions\":[{\"type\":\"reject\",\"text\":\"go away\"},{\"type\":\"stop\"}]}]}").put(RULES).then().statusCode(200);
        op().body(INVOICES).put(SALES_RULES).then().statusCode(200);

        op().body(testBody("x@spam.example", "sales@example.com", MESSAGE)).post(RULES + "/test").then().statusCode(200)
            .body("disposition", equalTo("reject"))
            .body("rejectText", equalTo("go away"))
            .body("trace.outcome", contains("matched", "skipped", "skipped"));
        op().body(testBody("<>", "nobody@example.com", MESSAGE)).post(RULES + "/test").then().statusCode(200)
            .body("sender", equalTo(""))
            .body("alias", nullValue())
            .body("disposition", equalTo("deliver"))
            .body("trace.outcome", contains("notMatched"));
    }

    @Test
    void testShouldRefuseBadEnvelopesNamingTheField() {
        op().body(testBody("ann@shop.example", "sales@elsewhere.example", MESSAGE)).post(RULES + "/test").then().statusCode(400)
            .body("message", containsString("Invalid recipient: 'recipient' must be an address of example.com"));
        op().body(testBody("not an address", "sales@example.com", MESSAGE)).post(RULES + "/test").then().statusCode(400)
            .body("message", containsString("Invalid sender"));
        op().body("{\"sender\":\"a@b.example\",\"recipient\":\"sales@example.com\"}").post(RULES + "/test").then().statusCode(400)
            .body("message", containsString("Invalid message"));
        op().body("{\"sender\":\"a@b.example\",\"recipient\":\"sales@example.com\",\"message\":\"x\",\"verdicts\":{\"dmarc\":\"great\"}}")
            .post(RULES + "/test").then().statusCode(400).body("message", containsString("Invalid verdicts.dmarc"));
        op().body("{\"sender\":\"a@b.example\",\"recipient\":\"sales@example.com\",\"message\":\"x\",\"verdicts\":{\"bimi\":\"pass\"}}")
            .post(RULES + "/test").then().statusCode(400).body("message", containsString("Invalid verdicts.bimi"));
        op().body("{\"sender\":\"a@b.example\",\"recipient\":\"sales@example.com\",\"message\":\"x\",\"at\":\"yesterday\"}")
            .post(RULES + "/test").then().statusCode(400).body("message", containsString("Invalid at"));
    }

    @Test
    void theTestEndpointShouldSurviveAnyMessageWithoutA500() {
        op().body("{\"rules\":[{\"name\":\"everything\",\"conditions\":{\"any\":[{\"field\":\"body\",\"op\":\"contains\",\"value\":\"x\"},"
            + "{\"field\":\"attachment-name\",\"op\":\"glob\",\"value\":\"*.exe\"},{\"field\":\"header:X-A\",\"op\":\"matches\",\"value\":\"a+b\"},"
            + "{\"field\":\"size\",\"op\":\"gt\",\"value\":\"10\"},{\"field\":\"from\",\"op\":\"contains\",\"value\":\"@\"}]},"
            + "\"actions\":[{\"type\":\"stop\"}]}]}").put(RULES).then().statusCode(200);
        Random random = new Random(13);
        String multipart = "From: a@b.example\r\nSubject: =?utf-8?B?w6k=?=\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\n"
            + "Content-Type: text/html\r\nContent-Transfer-Encoding: base64\r\n\r\nPGI+eDwvYj4=\r\n--b\r\nContent-Type: application/x-msdownload;"
            + " name=\"a.exe\"\r\nContent-Disposition: attachment; filename=\"a.exe\"\r\n\r\nMZ\r\n--b--\r\n";
        for (int i = 0; i < 60; i++) {
            String message;
            switch (i % 4) {
                case 0:
                    message = randomText(random, random.nextInt(2000));
                    break;
                case 1:
                    message = multipart.substring(0, random.nextInt(multipart.length()));
                    break;
                case 2:
                    message = MESSAGE.substring(0, random.nextInt(MESSAGE.length())) + randomText(random, 50);
                    break;
                default:
                    message = "Content-Type: multipart/mixed; boundary=x\r\n\r\n" + "--x\r\nContent-Type: multipart/mixed; boundary=x\r\n\r\n"
                        .repeat(1 + random.nextInt(200));
            }
            Response response = op().body(testBody("a@b.example", "sales@example.com", message)).post(RULES + "/test");
            assertThat(response.statusCode()).as(message).isEqualTo(200);
        }
        String huge = testBody("a@b.example", "sales@example.com", "Subject: big\r\n\r\n" + "x".repeat(3 * 1024 * 1024));
        op().body(huge).post(RULES + "/test").then().statusCode(200).body("disposition", equalTo("deliver"));
        String tooHuge = testBody("a@b.example", "sales@example.com", "x".repeat(5 * 1024 * 1024));
        op().body(tooHuge).post(RULES + "/test").then().statusCode(413);
    }

    @Test
    void fuzzedRuleListsShouldBe400sNever500s() {
        Random random = new Random(42);
        String valid = INVOICES;
        for (int i = 0; i < 300; i++) {
            String body;
            switch (i % 3) {
                case 0:
                    body = valid.substring(0, random.nextInt(valid.length()));
                    break;
                case 1:
                    char[] chars = valid.toCharArray();
                    for (int j = 0; j < 1 + random.nextInt(4); j++) {
                        chars[random.nextInt(chars.length)] = "{}[]\",:0a\\ ".charAt(random.nextInt(11));
                    }
                    body = new String(chars);
                    break;
                default:
                    body = randomText(random, random.nextInt(300));
            }
            int status = op().body(body).put(RULES).statusCode();
            assertThat(status).as(body).isIn(200, 400);
        }
        String deep = "{\"rules\":[{\"name\":\"d\",\"conditions\":" + "{\"not\":".repeat(5000) + "{}" + "}".repeat(5000) + ",\"actions\":[]}]}";
        op().body(deep).put(RULES).then().statusCode(400);
    }

    @Test
    void theSigningKeyShouldBeTheDomainsPostKeyAndNeedRulesWrite() {
        String expected = fixture.signingKeys.keyTextFor(DomainName.of("example.com"));
        op().get(RULES + "/signing-key").then().statusCode(200).body("key", equalTo(expected));

        as(keyWith("rules:read")).get(RULES + "/signing-key").then().statusCode(403);
        as(keyWith("rules:read")).get(RULES).then().statusCode(200);
    }

    @Test
    void anotherAccountsDomainShouldBe404AndAMissingPermission403() {
        op().body(INVOICES).put(RULES).then().statusCode(200);
        String other = keyOfAnotherAccount();
        for (String path : List.of(RULES, SALES_RULES, RULES + "/signing-key")) {
            as(other).get(path).then().statusCode(404).body("message", equalTo("domain example.com does not exist"));
        }
        as(other).body(INVOICES).put(RULES).then().statusCode(404);
        as(other).delete(RULES).then().statusCode(404);
        as(other).body(testBody("a@b.example", "sales@example.com", MESSAGE)).post(RULES + "/test").then().statusCode(404);

        String reader = keyWith("rules:read");
        as(reader).body("{\"rules\":[]}").put(RULES).then().statusCode(403);
        as(reader).delete(SALES_RULES).then().statusCode(403);
        as(reader).body(testBody("a@b.example", "sales@example.com", MESSAGE)).post(RULES + "/test").then().statusCode(200);
        as(keyWith("aliases:read")).get(RULES).then().statusCode(403);
        op().get(RULES).then().body("rules.name", contains("invoices", "spam"));
    }

    @Test
    void everyChangeShouldBeAuditedWithBeforeAndAfter() {
        op().body(INVOICES).put(RULES).then().statusCode(200);
        op().body("{\"rules\":[]}").put(RULES).then().statusCode(200);
        op().body("{\"rules\":7}").put(RULES).then().statusCode(400);
        op().delete(SALES_RULES).then().statusCode(204);

        List<AuditEntry> entries = auditOfTheDefaultAccount(fixture);
        assertThat(entries.subList(0, 4)).extracting(AuditEntry::action)
            .containsExactly("rules.delete", "rules.put", "rules.put", "rules.put");
        assertThat(entries.get(0).target()).isEqualTo("domains/example.com/aliases/sales/rules");
        assertThat(entries.get(1).outcome()).isEqualTo("failure (400)");
        assertThat(entries.get(2).before().orElseThrow()).contains("invoices");
        assertThat(entries.get(2).after().orElseThrow()).doesNotContain("invoices");
        assertThat(entries.get(3).after().orElseThrow()).contains("invoices");
    }

    @Test
    void anUnknownDomainShouldBe404() {
        op().get("/smtpy/domains/nowhere.example/rules").then().statusCode(404);
        op().body("{\"rules\":[]}").put("/smtpy/domains/nowhere.example/rules").then().statusCode(404);
        op().body(testBody("a@b.example", "x@nowhere.example", MESSAGE)).post("/smtpy/domains/nowhere.example/rules/test").then().statusCode(404);
    }

    private static String quoted(String text) {
        try {
            return MAPPER.writeValueAsString(text);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static String randomText(Random random, int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            int kind = random.nextInt(10);
            text.append(kind < 6 ? (char) (32 + random.nextInt(95)) : kind < 8 ? "\r\n:=;\"<>@".charAt(random.nextInt(9))
                : (char) random.nextInt(0x3000));
        }
        return text.toString();
    }
}
