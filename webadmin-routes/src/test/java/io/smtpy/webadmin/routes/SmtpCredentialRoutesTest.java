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
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.restassured.path.json.JsonPath;
import io.smtpy.access.AccessId;
import io.smtpy.access.ApiKeyToken;
import io.smtpy.access.AuditEntry;
import io.smtpy.core.model.DomainName;
import io.smtpy.sending.SmtpCredential;

class SmtpCredentialRoutesTest {
    private static final String CREDENTIALS = "/smtpy/domains/example.com/smtp-credentials";
    private static final DomainName DOMAIN = DomainName.of("example.com");

    private RoutesFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = RoutesFixture.served();
        op().put("/smtpy/domains/example.com").then().statusCode(201);
        op().body("{\"destinations\":[\"jane@dest.example\"]}").put("/smtpy/domains/example.com/aliases/sales").then().statusCode(201);
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    private JsonPath create(String body) {
        return op().body(body).post(CREDENTIALS).then().statusCode(201).extract().jsonPath();
    }

    private SmtpCredential stored(String id) {
        return fixture.smtpCredentialStore.find(DOMAIN, AccessId.of(id)).orElseThrow();
    }

    @Test
    void createShouldAnswer201WithThePasswordShownOnceAndKeepOnlyItsHash() {
        JsonPath created = op().body("{\"username\":\"laptop\",\"sendAs\":[\"sales@example.com\",\"support@example.com\"],"
                + "\"hold\":true,\"description\":\"Gmail on the phone\"}")
            .post(CREDENTIALS).then().statusCode(201)
            .body("id", startsWith("smc_"))
            .body("username", equalTo("laptop@example.com"))
            .body("password", matchesPattern("smtpyp_[0-9a-f]{64}"))
            .body("sendAs", contains("sales@example.com", "support@example.com"))
            .body("hold", equalTo(true))
            .body("description", equalTo("Gmail on the phone"))
            .body("createdAt", equalTo(RoutesFixture.NOW.toString()))
            .body("$", not(hasKey("alias")))
            .body("$", not(hasKey("secretHash")))
            .extract().jsonPath();

        SmtpCredential credential = stored(created.getString("id"));
        assertThat(credential.secretHash()).isEqualTo(ApiKeyToken.sha256(created.getString("password")));
        op().get(CREDENTIALS + "/" + created.getString("id")).then().statusCode(200)
            .body("username", equalTo("laptop@example.com"))
            .body("$", not(hasKey("password")))
            .body("$", not(hasKey("secretHash")));
    }

    @Test
    void aCredentialForAnAliasShouldBeNamedAndSendAsItByDefault() {
        create("{\"alias\":\"sales\"}");
        fixture.clock.moveBy(Duration.ofSeconds(1));
        JsonPath domainWide = create("{}");

        op().get(CREDENTIALS).then().statusCode(200)
            .body("items.username", contains("sales@example.com", domainWide.getString("username")))
            .body("items[0].alias", equalTo("sales"))
            .body("items[0].sendAs", contains("sales@example.com"))
            .body("items[1].sendAs", contains("*@example.com"))
            .body("items[1].hold", equalTo(false))
            .body("items[1].description", equalTo(""))
            .body("items.password", contains(null, null));
        assertThat(domainWide.getString("username")).matches("smtp-[0-9a-z]{10}@example\\.com");
    }

    @Test
    void aUserNameTakenShouldBe409() {
        create("{\"username\":\"laptop\"}");

        op().body("{\"username\":\"LAPTOP@example.com\"}").post(CREDENTIALS).then().statusCode(409)
            .body("type", equalTo("WrongState"));
        op().get(CREDENTIALS).then().body("items", hasSize(1));
    }

    @Test
    void badInputShouldBeRefusedNamingTheFieldAndStoreNothing() {
        op().body("{\"username\":\"a@other.example\"}").post(CREDENTIALS).then().statusCode(400)
            .body("message", containsString("Invalid username"));
        op().body("{\"username\":\"not a name\"}").post(CREDENTIALS).then().statusCode(400)
            .body("message", containsString("Invalid username"));
        op().body("{\"alias\":\"nobody\"}").post(CREDENTIALS).then().statusCode(400)
            .body("message", containsString("Invalid alias"));
        op().body("{\"sendAs\":[\"x@other.example\"]}").post(CREDENTIALS).then().statusCode(400)
            .body("message", containsString("Invalid sendAs"));
        op().body("{\"sendAs\":[]}").post(CREDENTIALS).then().statusCode(400)
            .body("message", containsString("Invalid sendAs"));
        op().body("{\"sendAs\":\"sales@example.com\"}").post(CREDENTIALS).then().statusCode(400)
            .body("message", containsString("Invalid sendAs"));
        op().body("{\"hold\":\"yes\"}").post(CREDENTIALS).then().statusCode(400)
            .body("message", containsString("Invalid hold"));
        op().body("{\"description\":\"" + "x".repeat(SmtpCredential.MAX_DESCRIPTION_LENGTH + 1) + "\"}").post(CREDENTIALS)
            .then().statusCode(400).body("message", containsString("Invalid description"));
        op().body("{\"password\":\"mine\"}").post(CREDENTIALS).then().statusCode(400)
            .body("message", containsString("Invalid password"));

        op().get(CREDENTIALS).then().body("items", empty());
    }

    @Test
    void patchShouldChangeOnlyTheGivenFields() {
        String id = create("{\"description\":\"laptop\"}").getString("id");
        String hash = stored(id).secretHash();

        op().body("{\"sendAs\":[\"sales@example.com\"],\"hold\":true}").patch(CREDENTIALS + "/" + id).then().statusCode(200)
            .body("sendAs", contains("sales@example.com"))
            .body("hold", equalTo(true))
            .body("description", equalTo("laptop"))
            .body("$", not(hasKey("password")));
        op().body("{\"hold\":false}").patch(CREDENTIALS + "/" + id).then().statusCode(200)
            .body("sendAs", contains("sales@example.com")).body("hold", equalTo(false));

        op().body("{\"username\":\"renamed\"}").patch(CREDENTIALS + "/" + id).then().statusCode(400)
            .body("message", containsString("Invalid username"));
        op().body("{\"sendAs\":[\"a@other.example\"]}").patch(CREDENTIALS + "/" + id).then().statusCode(400)
            .body("message", containsString("Invalid sendAs"));
        assertThat(stored(id).sendAs().entries()).containsExactly("sales@example.com");
        assertThat(stored(id).secretHash()).isEqualTo(hash);
    }

    @Test
    void resetPasswordShouldAnswerTheNewPasswordOnceAndForgetTheOldOne() {
        JsonPath created = create("{}");
        String id = created.getString("id");
        fixture.clock.moveBy(Duration.ofMinutes(1));

        String password = op().post(CREDENTIALS + "/" + id + "/password").then().statusCode(200)
            .body("id", equalTo(id))
            .body("username", equalTo(created.getString("username")))
            .extract().path("password");

        assertThat(password).startsWith("smtpyp_").isNotEqualTo(created.getString("password"));
        assertThat(stored(id).secretHash()).isEqualTo(ApiKeyToken.sha256(password));
    }

    @Test
    void revokeShouldAnswer204AndForgetTheCredential() {
        String id = create("{}").getString("id");

        op().delete(CREDENTIALS + "/" + id).then().statusCode(204);

        op().get(CREDENTIALS).then().body("items", empty());
        assertThat(fixture.smtpCredentialStore.list(DOMAIN)).isEmpty();
    }

    @Test
    void anUnknownIdShouldBe404OnEveryItemRoute() {
        for (String id : List.of("smc_AAAAAAAAAAAAAAAA", "not an id")) {
            String item = CREDENTIALS + "/" + id.replace(" ", "%20");
            op().get(item).then().statusCode(404);
            op().body("{\"hold\":true}").patch(item).then().statusCode(404);
            op().post(item + "/password").then().statusCode(404);
            op().delete(item).then().statusCode(404);
        }
        op().get("/smtpy/domains/unknown.example/smtp-credentials").then().statusCode(404);
    }

    @Test
    void everyChangeShouldBeAuditedWithoutThePasswordOrItsHash() {
        JsonPath created = create("{\"username\":\"laptop\"}");
        String id = created.getString("id");
        op().body("{\"hold\":true}").patch(CREDENTIALS + "/" + id).then().statusCode(200);
        String reset = op().post(CREDENTIALS + "/" + id + "/password").then().statusCode(200).extract().path("password");
        String hash = stored(id).secretHash();
        op().delete(CREDENTIALS + "/" + id).then().statusCode(204);

        List<AuditEntry> audit = auditOfTheDefaultAccount(fixture);
        assertThat(audit.subList(0, 4)).extracting(AuditEntry::action).containsExactly("smtp-credential.revoke",
            "smtp-credential.reset-password", "smtp-credential.update", "smtp-credential.create");
        assertThat(audit.subList(0, 4)).allSatisfy(entry -> {
            assertThat(entry.target()).contains("/smtp-credentials");
            String recorded = entry.before().orElse("") + entry.after().orElse("");
            assertThat(recorded).doesNotContain(created.getString("password"), reset, hash,
                ApiKeyToken.sha256(created.getString("password")));
        });
        assertThat(audit.get(3).after()).hasValueSatisfying(after -> assertThat(after).contains("laptop@example.com", "[redacted]"));
        assertThat(audit.get(2).before()).hasValueSatisfying(before -> assertThat(before).contains("\"hold\":false"));
        assertThat(audit.get(2).after()).hasValueSatisfying(after -> assertThat(after).contains("\"hold\":true"));
    }

    @Test
    void anotherAccountsDomainShouldBe404AndAKeyWithoutSendingManage403() {
        String id = create("{}").getString("id");
        String other = keyOfAnotherAccount();

        as(other).get(CREDENTIALS).then().statusCode(404);
        as(other).body("{}").post(CREDENTIALS).then().statusCode(404);
        as(other).get(CREDENTIALS + "/" + id).then().statusCode(404);
        as(other).delete(CREDENTIALS + "/" + id).then().statusCode(404);
        String member = keyWith("domains:read", "aliases:write", "sending:send");
        as(member).get(CREDENTIALS).then().statusCode(403);
        as(member).body("{}").post(CREDENTIALS).then().statusCode(403);
        as(member).get(CREDENTIALS + "/" + id).then().statusCode(403);
        as(member).body("{\"hold\":true}").patch(CREDENTIALS + "/" + id).then().statusCode(403);
        as(member).post(CREDENTIALS + "/" + id + "/password").then().statusCode(403);
        as(member).delete(CREDENTIALS + "/" + id).then().statusCode(403);
        String manager = keyWith("sending:manage");
        as(manager).get(CREDENTIALS).then().statusCode(200).body("items", hasSize(1));
        as(manager).body("{\"alias\":\"sales\"}").post(CREDENTIALS).then().statusCode(201);

        assertThat(fixture.smtpCredentialStore.list(DOMAIN)).hasSize(2);
        assertThat(stored(id).hold()).isFalse();
    }
}
