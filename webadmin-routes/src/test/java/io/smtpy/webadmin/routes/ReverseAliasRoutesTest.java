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
import static org.hamcrest.Matchers.nullValue;

import java.util.List;
import java.util.Optional;

import org.apache.james.core.MailAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.smtpy.access.AuditEntry;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.LocalPart;
import io.smtpy.sending.reverse.ReverseAlias;

class ReverseAliasRoutesTest {
    private static final String SETTINGS = "/smtpy/domains/example.com/reply-through-alias";
    private static final String SALES_SETTING = "/smtpy/domains/example.com/aliases/sales/reply-through-alias";
    private static final String REVERSE_ALIASES = "/smtpy/domains/example.com/reverse-aliases";
    private static final DomainName DOMAIN = DomainName.of("example.com");
    private static final LocalPart SALES = LocalPart.of("sales");

    private RoutesFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = RoutesFixture.served();
        op().put("/smtpy/domains/example.com").then().statusCode(201);
        op().body("{\"destinations\":[\"jane@dest.example\"]}").put("/smtpy/domains/example.com/aliases/sales").then().statusCode(201);
        op().body("{\"destinations\":[\"bob@dest.example\"]}").put("/smtpy/domains/example.com/aliases/info").then().statusCode(201);
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    private ReverseAlias made(LocalPart alias, String original) throws Exception {
        return fixture.reverseAliases.replyAddress(DOMAIN, alias, new MailAddress(original), "");
    }

    @Test
    void repliesThroughTheAliasShouldBeOffUntilTurnedOn() {
        op().get(SETTINGS).then().statusCode(200)
            .body("domain", equalTo("example.com"))
            .body("replyThroughAlias", equalTo(false))
            .body("aliases", empty());

        op().body("{\"replyThroughAlias\": true}").put(SETTINGS).then().statusCode(200).body("replyThroughAlias", equalTo(true));

        assertThat(fixture.reverseAliases.replyThroughAlias(DOMAIN, Optional.of(SALES))).isTrue();
        assertThat(auditOfTheDefaultAccount(fixture).get(0).action()).isEqualTo("reply-through-alias.set");
    }

    @Test
    void anAliasesSettingShouldOverrideTheDomainsUntilDeleted() {
        op().body("{\"replyThroughAlias\": true}").put(SALES_SETTING).then().statusCode(200)
            .body("alias", equalTo("sales")).body("replyThroughAlias", equalTo(true));
        op().get(SETTINGS).then().body("aliases.alias", contains("sales")).body("aliases[0].replyThroughAlias", equalTo(true));
        assertThat(fixture.reverseAliases.replyThroughAlias(DOMAIN, Optional.of(SALES))).isTrue();
        assertThat(fixture.reverseAliases.replyThroughAlias(DOMAIN, Optional.of(LocalPart.of("info")))).isFalse();

        op().delete(SALES_SETTING).then().statusCode(204);

        op().get(SETTINGS).then().body("aliases", empty());
        assertThat(fixture.reverseAliases.replyThroughAlias(DOMAIN, Optional.of(SALES))).isFalse();
        assertThat(auditOfTheDefaultAccount(fixture).get(0).action()).isEqualTo("reply-through-alias.alias.delete");
    }

    @Test
    void settingOfAnUnknownAliasShouldBeNotFound() {
        op().body("{\"replyThroughAlias\": true}").put("/smtpy/domains/example.com/aliases/nobody/reply-through-alias")
            .then().statusCode(404);
    }

    @Test
    void settingWithoutItsValueShouldBeRefusedNamingTheField() {
        op().body("{}").put(SETTINGS).then().statusCode(400).body("message", containsString("replyThroughAlias"));
        op().body("{\"replyThroughAlias\": \"yes\"}").put(SETTINGS).then().statusCode(400);
        op().body("{\"enabled\": true}").put(SETTINGS).then().statusCode(400);
    }

    @Test
    void reverseAliasesShouldBeListedOldestFirstAndFilteredByAlias() throws Exception {
        ReverseAlias first = made(SALES, "ann@customer.example");
        fixture.clock.moveBy(java.time.Duration.ofSeconds(1));
        ReverseAlias second = made(LocalPart.of("info"), "bob@customer.example");

        op().get(REVERSE_ALIASES).then().statusCode(200)
            .body("items.id", contains(first.id().asString(), second.id().asString()))
            .body("items[0].address", equalTo(first.address().asString()))
            .body("items[0].alias", equalTo("sales"))
            .body("items[0].original", equalTo("ann@customer.example"))
            .body("items[0].enabled", equalTo(true))
            .body("items[0].lastUsedAt", nullValue());
        op().get(REVERSE_ALIASES + "?alias=info").then().body("items.id", contains(second.id().asString()));
        op().get(REVERSE_ALIASES + "?limit=1&offset=1").then().body("items.id", contains(second.id().asString()))
            .body("limit", equalTo(1)).body("offset", equalTo(1));
        op().get(REVERSE_ALIASES + "?limit=0").then().statusCode(400).body("message", containsString("limit"));
    }

    @Test
    void reverseAliasShouldBeDisabledEnabledAndDeleted() throws Exception {
        ReverseAlias reverse = made(SALES, "ann@customer.example");
        String item = REVERSE_ALIASES + "/" + reverse.id().asString();

        op().body("{\"enabled\": false}").patch(item).then().statusCode(200).body("enabled", equalTo(false));
        assertThat(fixture.reverseAliases.ofAddress(reverse.address()).orElseThrow().enabled()).isFalse();
        List<AuditEntry> audit = auditOfTheDefaultAccount(fixture);
        assertThat(audit.get(0).action()).isEqualTo("reverse-alias.update");
        assertThat(audit.get(0).before().orElseThrow()).contains("\"enabled\":true");

        op().body("{\"enabled\": true}").patch(item).then().statusCode(200).body("enabled", equalTo(true));
        op().get(item).then().statusCode(200).body("original", equalTo("ann@customer.example"));

        op().delete(item).then().statusCode(204);
        op().get(item).then().statusCode(404);
        assertThat(fixture.reverseAliases.ofAddress(reverse.address())).isEmpty();
    }

    @Test
    void unknownReverseAliasShouldBeNotFound() {
        op().get(REVERSE_ALIASES + "/rva_nosuchone").then().statusCode(404);
        op().get(REVERSE_ALIASES + "/not an id").then().statusCode(404);
        op().body("{\"enabled\": false}").patch(REVERSE_ALIASES + "/rva_nosuchone").then().statusCode(404);
    }

    @Test
    void anotherAccountsKeyShouldGetNotFound() throws Exception {
        ReverseAlias reverse = made(SALES, "ann@customer.example");
        String other = keyOfAnotherAccount();

        as(other).get(REVERSE_ALIASES).then().statusCode(404);
        as(other).body("{\"enabled\": false}").patch(REVERSE_ALIASES + "/" + reverse.id().asString()).then().statusCode(404);
        assertThat(fixture.reverseAliases.ofAddress(reverse.address()).orElseThrow().enabled()).isTrue();
    }

    @Test
    void readingShouldNeedAliasesReadAndChangingAliasesWrite() throws Exception {
        ReverseAlias reverse = made(SALES, "ann@customer.example");
        String reader = keyWith("aliases:read");

        as(reader).get(REVERSE_ALIASES).then().statusCode(200);
        as(reader).get(SETTINGS).then().statusCode(200);
        as(reader).body("{\"enabled\": false}").patch(REVERSE_ALIASES + "/" + reverse.id().asString()).then().statusCode(403);
        as(reader).body("{\"replyThroughAlias\": true}").put(SETTINGS).then().statusCode(403);
        as(keyWith("domains:read")).get(REVERSE_ALIASES).then().statusCode(403);
    }
}
