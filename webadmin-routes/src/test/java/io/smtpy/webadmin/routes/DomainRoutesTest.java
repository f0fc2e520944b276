package io.smtpy.webadmin.routes;

import static io.restassured.RestAssured.given;
import static io.restassured.RestAssured.when;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.smtpy.core.model.Limits;

class DomainRoutesTest {
    private RoutesFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new RoutesFixture(Limits.DEFAULT);
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    @Test
    void putShouldCreateADomainWithDefaults() {
        when().put("/smtpy/domains/Example.COM")
        .then()
            .statusCode(201)
            .body("name", equalTo("example.com"))
            .body("enabled", is(true))
            .body("keepSubaddressTag", is(false))
            .body("catchAll", is(false))
            .body("aliases", is(0))
            .body("createdAt", equalTo("2026-03-01T12:00:00Z"));

        when().get("/smtpy/domains").then().statusCode(200).body("name", contains("example.com"));
    }

    @Test
    void internationalisedNamesShouldBeStoredAsPunycode() {
        when().put("/smtpy/domains/bücher.example")
        .then()
            .statusCode(201)
            .body("name", equalTo("xn--bcher-kva.example"))
            .body("unicodeName", equalTo("bücher.example"));

        when().get("/smtpy/domains/xn--bcher-kva.example").then().statusCode(200);
    }

    @Test
    void putOnAnExistingDomainShouldConflict() {
        when().put("/smtpy/domains/example.com").then().statusCode(201);

        given().body("{\"enabled\": false}").put("/smtpy/domains/example.com")
        .then()
            .statusCode(409)
            .body("type", equalTo("WrongState"))
            .body("message", containsString("already exists"));
        when().get("/smtpy/domains/example.com").then().body("enabled", is(true));
    }

    @ParameterizedTest
    @ValueSource(strings = {"nodot", "bad_char.example", "-lead.example", "trail-.example", "a..b.example", "example.123",
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.example"})
    void invalidDomainNamesShouldBeRefusedAndNothingWritten(String name) {
        when().put("/smtpy/domains/" + name)
        .then()
            .statusCode(400)
            .body("statusCode", is(400))
            .body("type", equalTo("InvalidArgument"))
            .body("message", containsString("Invalid domain"));

        when().get("/smtpy/domains").then().body("", empty());
    }

    @Test
    void tooLongDomainNameShouldBeRefused() {
        String label = "a".repeat(63);
        String name = String.join(".", label, label, label, label, "example");

        when().put("/smtpy/domains/" + name).then().statusCode(400).body("message", containsString("longer than 253"));
    }

    @Test
    void aJsonBodySentAsAFormShouldBeRefusedRatherThanReadAsEmpty() {
        given().contentType("application/x-www-form-urlencoded").body("{\"keepSubaddressTag\": true}").put("/smtpy/domains/example.com")
        .then()
            .statusCode(415)
            .body("message", containsString("application/json"));

        when().get("/smtpy/domains").then().body("", empty());
    }

    @Test
    void malformedJsonShouldBeA400NamingTheBody() {
        given().body("{\"enabled\": ").put("/smtpy/domains/example.com")
        .then()
            .statusCode(400)
            .body("message", containsString("Invalid body: malformed JSON"));
        when().get("/smtpy/domains").then().body("", empty());
    }

    @Test
    void unknownFieldsShouldBeA400NamingTheField() {
        given().body("{\"enabled\": true, \"colour\": \"red\"}").put("/smtpy/domains/example.com")
        .then()
            .statusCode(400)
            .body("message", containsString("Invalid colour: unknown field 'colour'"));
        when().get("/smtpy/domains").then().body("", empty());
    }

    @Test
    void wrongTypesShouldBeA400NamingTheField() {
        given().body("{\"enabled\": \"yes\"}").put("/smtpy/domains/example.com")
        .then()
            .statusCode(400)
            .body("message", containsString("Invalid enabled"));
    }

    @Test
    void forwardedSignaturesShouldDefaultToArcAndDkimAndBeChangeable() {
        given().put("/smtpy/domains/example.com").then().statusCode(201).body("forwardedSignatures", is("arc+dkim"));
        given().body("{\"forwardedSignatures\": \"arc\"}").patch("/smtpy/domains/example.com").then().statusCode(200)
            .body("forwardedSignatures", is("arc"));
        given().get("/smtpy/domains/example.com").then().body("forwardedSignatures", is("arc"));
        given().body("{\"forwardedSignatures\": \"dkim\"}").patch("/smtpy/domains/example.com").then().statusCode(400)
            .body("message", org.hamcrest.Matchers.containsString("forwardedSignatures"));
        given().get("/smtpy/domains/example.com").then().body("forwardedSignatures", is("arc"));
    }

    @Test
    void archiveAddressAndBlockLinksShouldBeSetClearedAndValidated() {
        given().put("/smtpy/domains/example.com").then().statusCode(201)
            .body("archiveAddress", org.hamcrest.Matchers.nullValue()).body("blockLinks", is(true));
        given().body("{\"archiveAddress\": \"vault@archive.example\", \"blockLinks\": false}").patch("/smtpy/domains/example.com")
            .then().statusCode(200).body("archiveAddress", is("vault@archive.example")).body("blockLinks", is(false));
        given().body("{\"archiveAddress\": \"not an address\"}").patch("/smtpy/domains/example.com").then().statusCode(400)
            .body("message", containsString("archiveAddress"));
        given().get("/smtpy/domains/example.com").then().body("archiveAddress", is("vault@archive.example"));
        given().body("{\"archiveAddress\": null}").patch("/smtpy/domains/example.com").then().statusCode(200)
            .body("archiveAddress", org.hamcrest.Matchers.nullValue()).body("blockLinks", is(false));
    }

    @Test
    void quarantineDigestShouldBeOnByDefaultAndTurnedOffAndOnAndValidated() {
        given().put("/smtpy/domains/example.com").then().statusCode(201).body("quarantineDigest", is(true));
        given().body("{\"quarantineDigest\": false}").patch("/smtpy/domains/example.com").then().statusCode(200)
            .body("quarantineDigest", is(false)).body("blockLinks", is(true));
        given().get("/smtpy/domains/example.com").then().body("quarantineDigest", is(false));
        given().body("{\"quarantineDigest\": \"no\"}").patch("/smtpy/domains/example.com").then().statusCode(400)
            .body("message", containsString("quarantineDigest"));
        given().body("{\"quarantineDigest\": null}").patch("/smtpy/domains/example.com").then().statusCode(400)
            .body("message", containsString("quarantineDigest"));
        given().get("/smtpy/domains/example.com").then().body("quarantineDigest", is(false));
        given().body("{\"quarantineDigest\": true}").patch("/smtpy/domains/example.com").then().statusCode(200)
            .body("quarantineDigest", is(true));
        given().body("{\"quarantineDigest\": false}").put("/smtpy/domains/example.org").then().statusCode(201)
            .body("quarantineDigest", is(false));
    }

    @Test
    void spamAndVirusPoliciesShouldHaveDefaultsAndChangeFieldByField() {
        given().put("/smtpy/domains/example.com").then().statusCode(201)
            .body("spam.enabled", is(true)).body("spam.tagThreshold", is(5.0f)).body("spam.threshold", is(10.0f))
            .body("spam.action", is("quarantine")).body("virus.enabled", is(true)).body("virus.action", is("reject"));

        given().body("{\"spam\": {\"threshold\": 6, \"action\": \"reject\"}, \"virus\": {\"action\": \"quarantine\"}}")
            .patch("/smtpy/domains/example.com").then().statusCode(200)
            .body("spam.threshold", is(6.0f)).body("spam.action", is("reject")).body("spam.tagThreshold", is(5.0f))
            .body("virus.action", is("quarantine")).body("virus.enabled", is(true));
        given().body("{\"spam\": {\"enabled\": false}}").patch("/smtpy/domains/example.com").then().statusCode(200)
            .body("spam.enabled", is(false)).body("spam.threshold", is(6.0f));
        given().get("/smtpy/domains/example.com").then()
            .body("spam.enabled", is(false)).body("spam.action", is("reject")).body("virus.action", is("quarantine"));
        given().body("{\"spam\": {\"tagThreshold\": 2.5, \"threshold\": 4}, \"virus\": {\"enabled\": false, \"action\": \"drop\"}}")
            .put("/smtpy/domains/example.org").then().statusCode(201)
            .body("spam.tagThreshold", is(2.5f)).body("spam.threshold", is(4.0f)).body("virus.enabled", is(false))
            .body("virus.action", is("drop"));
    }

    @Test
    void eventRetentionShouldDefaultToThirtyDaysAndTheLegalHoldChangeOnItsOwn() {
        given().put("/smtpy/domains/example.com").then().statusCode(201)
            .body("eventRetentionDays", is(30)).body("legalHold", is(false));

        given().body("{\"eventRetentionDays\": 90}").patch("/smtpy/domains/example.com").then().statusCode(200)
            .body("eventRetentionDays", is(90)).body("legalHold", is(false));
        given().body("{\"legalHold\": true}").patch("/smtpy/domains/example.com").then().statusCode(200)
            .body("eventRetentionDays", is(90)).body("legalHold", is(true));
        given().get("/smtpy/domains/example.com").then().body("eventRetentionDays", is(90)).body("legalHold", is(true));
        given().body("{\"eventRetentionDays\": 7, \"legalHold\": true}").put("/smtpy/domains/example.org").then().statusCode(201)
            .body("eventRetentionDays", is(7)).body("legalHold", is(true));
    }

    @Test
    void eventPrivacyShouldBeFullByDefaultAndChangeOnItsOwnAndBeValidated() {
        given().put("/smtpy/domains/example.com").then().statusCode(201).body("eventPrivacy", is("full"));

        given().body("{\"eventPrivacy\": \"hashed\"}").patch("/smtpy/domains/example.com").then().statusCode(200)
            .body("eventPrivacy", is("hashed")).body("eventRetentionDays", is(30));
        given().body("{\"eventPrivacy\": \"secret\", \"legalHold\": true}").patch("/smtpy/domains/example.com").then().statusCode(400)
            .body("message", containsString("Invalid eventPrivacy: 'eventPrivacy' must be full, hashed or none, got 'secret'"));
        given().get("/smtpy/domains/example.com").then().body("eventPrivacy", is("hashed")).body("legalHold", is(false));
        given().body("{\"eventPrivacy\": \"none\"}").put("/smtpy/domains/example.org").then().statusCode(201)
            .body("eventPrivacy", is("none"));
    }

    @Test
    void aBadEventRetentionShouldBeRefusedNamingTheFieldAndChangeNothing() {
        given().put("/smtpy/domains/example.com").then().statusCode(201);

        given().body("{\"eventRetentionDays\": 0, \"legalHold\": true}").patch("/smtpy/domains/example.com").then().statusCode(400)
            .body("message", containsString("Invalid eventRetentionDays"));
        given().body("{\"eventRetentionDays\": 3651}").patch("/smtpy/domains/example.com").then().statusCode(400)
            .body("message", containsString("Invalid eventRetentionDays"));
        given().body("{\"eventRetentionDays\": \"forever\"}").patch("/smtpy/domains/example.com").then().statusCode(400)
            .body("message", containsString("eventRetentionDays"));
        given().body("{\"legalHold\": \"yes\"}").patch("/smtpy/domains/example.com").then().statusCode(400)
            .body("message", containsString("legalHold"));

        given().get("/smtpy/domains/example.com").then().body("eventRetentionDays", is(30)).body("legalHold", is(false));
    }

    @Test
    void badSpamAndVirusPoliciesShouldBeRefusedNamingTheFieldAndChangeNothing() {
        given().put("/smtpy/domains/example.com").then().statusCode(201);

        given().body("{\"spam\": {\"threshold\": \"six\"}}").patch("/smtpy/domains/example.com").then().statusCode(400)
            .body("message", containsString("spam.threshold"));
        given().body("{\"spam\": {\"tagThreshold\": 12}}").patch("/smtpy/domains/example.com").then().statusCode(400)
            .body("message", containsString("spam.tagThreshold"));
        given().body("{\"spam\": {\"threshold\": 5000}}").patch("/smtpy/domains/example.com").then().statusCode(400)
            .body("message", containsString("spam.threshold"));
        given().body("{\"spam\": {\"action\": \"burn\"}}").patch("/smtpy/domains/example.com").then().statusCode(400)
            .body("message", containsString("spam.action"));
        given().body("{\"spam\": {\"level\": 3}}").patch("/smtpy/domains/example.com").then().statusCode(400)
            .body("message", containsString("spam.level"));
        given().body("{\"virus\": {\"action\": \"tag\"}}").patch("/smtpy/domains/example.com").then().statusCode(400)
            .body("message", containsString("virus.action"));
        given().body("{\"virus\": \"off\", \"enabled\": false}").patch("/smtpy/domains/example.com").then().statusCode(400)
            .body("message", containsString("virus"));

        given().get("/smtpy/domains/example.com").then().body("enabled", is(true))
            .body("spam.threshold", is(10.0f)).body("spam.tagThreshold", is(5.0f)).body("spam.action", is("quarantine"))
            .body("virus.action", is("reject"));
    }

    @Test
    void patchShouldChangeOnlyTheGivenSettings() {
        given().body("{\"keepSubaddressTag\": true}").put("/smtpy/domains/example.com").then().statusCode(201);
        fixture.clock.moveBy(Duration.ofMinutes(1));

        given().body("{\"enabled\": false}").patch("/smtpy/domains/example.com")
        .then()
            .statusCode(200)
            .body("enabled", is(false))
            .body("keepSubaddressTag", is(true))
            .body("updatedAt", equalTo("2026-03-01T12:01:00Z"));
    }

    @Test
    void unknownDomainShouldBe404Everywhere() {
        when().get("/smtpy/domains/example.com").then().statusCode(404).body("type", equalTo("notFound"));
        given().body("{}").patch("/smtpy/domains/example.com").then().statusCode(404);
        when().delete("/smtpy/domains/example.com").then().statusCode(404);
        when().get("/smtpy/domains/example.com/catch-all").then().statusCode(404);
        when().get("/smtpy/domains/example.com/regex-aliases").then().statusCode(404);
        when().get("/smtpy/domains/example.com/resolve/info").then().statusCode(404);
        when().get("/smtpy/domains/example.com/aliases").then().statusCode(404);
        given().body("{\"destinations\": [\"a@dest.example\"]}").put("/smtpy/domains/example.com/aliases/info").then().statusCode(404);
    }

    @Test
    void resolveShouldKeepTheTagWhenTheDomainSaysSo() {
        given().body("{\"keepSubaddressTag\": true}").put("/smtpy/domains/example.com").then().statusCode(201);
        given().body("{\"destinations\": [\"a@dest.example\"]}").put("/smtpy/domains/example.com/aliases/info").then().statusCode(201);

        when().get("/smtpy/domains/example.com/resolve/info+News").then()
            .body("outcome", equalTo("exact")).body("destinations", contains("a+News@dest.example"));
    }

    @Test
    void settingsOfAnUnknownDomainShouldBe404() {
        given().body("{\"destinations\": [\"all@dest.example\"]}").put("/smtpy/domains/example.com/catch-all").then().statusCode(404);
        given().body("[]").put("/smtpy/domains/example.com/regex-aliases").then().statusCode(404);
    }

    @Test
    void regexAliasLimitShouldBeEnforced() {
        when().put("/smtpy/domains/example.com").then().statusCode(201);
        StringBuilder body = new StringBuilder("[");
        for (int i = 0; i <= Limits.DEFAULT.maxRegexAliases(); i++) {
            body.append(i == 0 ? "" : ",").append("{\"pattern\": \"^a").append(i).append("$\", \"destinations\": [\"a@x.example\"]}");
        }
        given().body(body.append("]").toString()).put("/smtpy/domains/example.com/regex-aliases").then().statusCode(400)
            .body("message", containsString("at most " + Limits.DEFAULT.maxRegexAliases()));
    }

    @Test
    void deleteShouldRemoveTheDomainAndItsAliases() {
        when().put("/smtpy/domains/example.com").then().statusCode(201);
        given().body("{\"destinations\": [\"a@dest.example\"]}").put("/smtpy/domains/example.com/aliases/info").then().statusCode(201);

        when().delete("/smtpy/domains/example.com").then().statusCode(204);

        when().put("/smtpy/domains/example.com").then().statusCode(201).body("aliases", is(0));
        when().get("/smtpy/domains/example.com/aliases/info").then().statusCode(404);
    }

    @Test
    void catchAllShouldBeSetReadAndRemoved() {
        when().put("/smtpy/domains/example.com").then().statusCode(201);
        when().get("/smtpy/domains/example.com/catch-all").then().statusCode(404).body("message", containsString("no catch-all"));

        given().body("{\"destinations\": [\"all@dest.example\"], \"exceptions\": [{\"pattern\": \"noreply-*\", \"action\": \"drop\"}]}")
            .put("/smtpy/domains/example.com/catch-all")
        .then()
            .statusCode(200)
            .body("destinations", contains("all@dest.example"))
            .body("exceptions[0].pattern", equalTo("noreply-*"))
            .body("exceptions[0].action", equalTo("drop"));
        when().get("/smtpy/domains/example.com").then().body("catchAll", is(true));
        when().get("/smtpy/domains/example.com/catch-all").then().statusCode(200).body("exceptions", hasSize(1));

        when().delete("/smtpy/domains/example.com/catch-all").then().statusCode(204);
        when().get("/smtpy/domains/example.com/catch-all").then().statusCode(404);
    }

    @Test
    void invalidCatchAllShouldNameTheFieldAndChangeNothing() {
        when().put("/smtpy/domains/example.com").then().statusCode(201);

        given().body("{\"destinations\": [\"all@dest.example\"], \"exceptions\": [{\"pattern\": \"x\", \"action\": \"explode\"}]}")
            .put("/smtpy/domains/example.com/catch-all")
            .then().statusCode(400).body("message", containsString("Invalid exceptions[0].action"));
        given().body("{\"destinations\": [\"all@dest.example\", \"nope\"]}")
            .put("/smtpy/domains/example.com/catch-all")
            .then().statusCode(400).body("message", containsString("Invalid destinations[1]"));
        given().body("{\"destinations\": []}")
            .put("/smtpy/domains/example.com/catch-all")
            .then().statusCode(400).body("message", containsString("Invalid destinations"));

        when().get("/smtpy/domains/example.com/catch-all").then().statusCode(404);
    }

    @Test
    void regexAliasesShouldBeReplacedAsAWholeList() {
        when().put("/smtpy/domains/example.com").then().statusCode(201);

        given().body("[{\"pattern\": \"^(support|help)-(.+)$\", \"destinations\": [\"$2@team.example\"], \"priority\": 5, \"description\": \"desks\"},"
                + "{\"pattern\": \"^x.*$\", \"destinations\": [\"x@team.example\"], \"priority\": 1}]")
            .put("/smtpy/domains/example.com/regex-aliases")
        .then()
            .statusCode(200)
            .body("pattern", contains("^x.*$", "^(support|help)-(.+)$"));

        given().body("[]").put("/smtpy/domains/example.com/regex-aliases").then().statusCode(200).body("", empty());
        when().get("/smtpy/domains/example.com/regex-aliases").then().body("", empty());
    }

    @Test
    void invalidRegexAliasesShouldNameTheEntryAndField() {
        when().put("/smtpy/domains/example.com").then().statusCode(201);

        given().body("[{\"pattern\": \"(unclosed\", \"destinations\": [\"a@team.example\"]}]")
            .put("/smtpy/domains/example.com/regex-aliases")
            .then().statusCode(400).body("message", containsString("Invalid [0].pattern"));
        given().body("[{\"pattern\": \"^a(.*)$\", \"destinations\": [\"$2@team.example\"]}]")
            .put("/smtpy/domains/example.com/regex-aliases")
            .then().statusCode(400).body("message", containsString("refers to $2"));
        given().body("{\"pattern\": \"x\"}")
            .put("/smtpy/domains/example.com/regex-aliases")
            .then().statusCode(400).body("message", containsString("expected a JSON array"));
    }

    @Test
    void resolveShouldExplainEveryOutcome() {
        when().put("/smtpy/domains/example.com").then().statusCode(201);
        given().body("{\"destinations\": [\"a@dest.example\"], \"expiresAt\": \"2026-03-01T13:00:00Z\"}")
            .put("/smtpy/domains/example.com/aliases/temp").then().statusCode(201);
        given().body("{\"destinations\": [\"a@dest.example\"], \"enabled\": false}")
            .put("/smtpy/domains/example.com/aliases/off").then().statusCode(201);
        given().body("[{\"pattern\": \"^help-(.+)$\", \"destinations\": [\"$1@team.example\"]}]")
            .put("/smtpy/domains/example.com/regex-aliases").then().statusCode(200);

        when().get("/smtpy/domains/example.com/resolve/Temp+tag").then().statusCode(200)
            .body("outcome", equalTo("exact")).body("forwards", is(true)).body("destinations", contains("a@dest.example"))
            .body("address", equalTo("Temp+tag@example.com"));
        when().get("/smtpy/domains/example.com/resolve/off").then().body("outcome", equalTo("disabled-alias")).body("forwards", is(false));
        when().get("/smtpy/domains/example.com/resolve/help-desk").then()
            .body("outcome", equalTo("regex")).body("destinations", contains("desk@team.example")).body("matched", equalTo("^help-(.+)$"));
        when().get("/smtpy/domains/example.com/resolve/nobody").then().body("outcome", equalTo("unknown")).body("matched", nullValue());

        given().body("{\"destinations\": [\"all@dest.example\"], \"exceptions\": [{\"pattern\": \"old-*\", \"action\": \"defer\"}]}")
            .put("/smtpy/domains/example.com/catch-all").then().statusCode(200);
        when().get("/smtpy/domains/example.com/resolve/nobody").then().body("outcome", equalTo("catch-all"));
        when().get("/smtpy/domains/example.com/resolve/old-box").then()
            .body("outcome", equalTo("catch-all-exception")).body("action", equalTo("defer"));

        fixture.clock.moveBy(Duration.ofHours(1));
        when().get("/smtpy/domains/example.com/resolve/temp").then().body("outcome", equalTo("expired"));

        given().body("{\"enabled\": false}").patch("/smtpy/domains/example.com").then().statusCode(200);
        when().get("/smtpy/domains/example.com/resolve/nobody").then().body("outcome", equalTo("disabled-domain"));
    }
}
