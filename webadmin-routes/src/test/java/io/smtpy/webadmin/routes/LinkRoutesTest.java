package io.smtpy.webadmin.routes;

import static io.restassured.RestAssured.given;
import static io.smtpy.webadmin.routes.RuleRoutesTest.auditOfTheDefaultAccount;
import static io.smtpy.webadmin.routes.RuleRoutesTest.op;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.apache.james.core.MailAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.restassured.RestAssured;
import io.restassured.builder.RequestSpecBuilder;
import io.restassured.http.ContentType;
import io.smtpy.access.AuditEntry;
import io.smtpy.core.model.AliasAddress;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.Limits;
import io.smtpy.core.model.LocalPart;
import io.smtpy.rules.links.BlockLinks;
import io.smtpy.rules.links.LinkAction;
import io.smtpy.rules.lists.ListEntry;
import io.smtpy.rules.lists.ListScope;

class LinkRoutesTest {
    private static final DomainName EXAMPLE = DomainName.of("example.com");
    private static final LocalPart SALES = LocalPart.of("sales");
    private static final String ONE_CLICK = "List-Unsubscribe=One-Click";

    private RoutesFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new RoutesFixture(Limits.DEFAULT);
        RestAssured.reset();
        RestAssured.requestSpecification = new RequestSpecBuilder().setPort(fixture.server.getPort().getValue()).build();
        op().contentType(ContentType.JSON).put("/smtpy/domains/example.com").then().statusCode(201);
        for (String alias : List.of("sales", "info")) {
            op().contentType(ContentType.JSON).body("{\"destinations\":[\"x@dest.example\"]}")
                .put("/smtpy/domains/example.com/aliases/" + alias).then().statusCode(201);
        }
    }

    @AfterEach
    void tearDown() {
        fixture.close();
        RestAssured.reset();
    }

    private String token(LinkAction action, String alias, String sender) throws Exception {
        return fixture.links.token(action, EXAMPLE, LocalPart.of(alias), Optional.of(new MailAddress(sender)));
    }

    private List<ListEntry> blocksOf(String alias) {
        return fixture.lists.list(ListScope.alias(EXAMPLE, LocalPart.of(alias)));
    }

    /** What a mail client sends for RFC 8058 one-click: a form-encoded POST, no credentials. */
    private static io.restassured.response.Response oneClick(String token) {
        return given().contentType("application/x-www-form-urlencoded").body(ONE_CLICK).post("/smtpy/links/" + token);
    }

    @Test
    void getShouldShowAPageWithAPostButtonAndChangeNothing() throws Exception {
        String token = token(LinkAction.BLOCK_SENDER, "sales", "spam@junk.example");

        String page = given().get("/smtpy/links/" + token).then().statusCode(200)
            .contentType(containsString("text/html"))
            .header("Content-Security-Policy", containsString("default-src 'none'"))
            .extract().asString();

        assertThat(page).contains("spam@junk.example").contains("sales@example.com").contains("<form method=\"post\">")
            .contains("name=\"List-Unsubscribe\" value=\"One-Click\"")
            .doesNotContain("<script").doesNotContain("src=").doesNotContain("href=").doesNotContain("http");
        assertThat(blocksOf("sales")).isEmpty();
        given().get("/smtpy/links/" + token).then().statusCode(200);
        assertThat(blocksOf("sales")).isEmpty();
    }

    @Test
    void oneClickPostShouldBlockTheSenderForThatAliasOnlyAndBeIdempotent() throws Exception {
        String token = token(LinkAction.BLOCK_SENDER, "sales", "spam@junk.example");

        oneClick(token).then().statusCode(200).contentType(containsString("text/html"))
            .body(containsString("Mail from spam@junk.example to sales@example.com is blocked"));
        assertThat(blocksOf("sales")).singleElement().satisfies(entry -> {
            assertThat(entry.value().asString()).isEqualTo("spam@junk.example");
            assertThat(entry.note()).isEqualTo("one-click link");
        });
        assertThat(blocksOf("info")).isEmpty();
        assertThat(fixture.lists.list(ListScope.domain(EXAMPLE))).isEmpty();

        given().header("Accept", "application/json").post("/smtpy/links/" + token).then().statusCode(200)
            .contentType(ContentType.JSON)
            .body("action", equalTo("blockSender"))
            .body("sender", equalTo("spam@junk.example"))
            .body("entry", equalTo(blocksOf("sales").get(0).id().asString()));
        assertThat(blocksOf("sales")).hasSize(1);
    }

    @Test
    void aDisableLinkShouldTurnTheAliasOff() throws Exception {
        String token = token(LinkAction.DISABLE_ALIAS, "sales", "spam@junk.example");

        given().get("/smtpy/links/" + token).then().statusCode(200).body(containsString("Turn off the address"));
        assertThat(fixture.directory.alias(AliasAddress.of(EXAMPLE, SALES)).orElseThrow().enabled()).isTrue();

        oneClick(token).then().statusCode(200).body(containsString("is turned off"));
        assertThat(fixture.directory.alias(AliasAddress.of(EXAMPLE, SALES)).orElseThrow().enabled()).isFalse();
        assertThat(fixture.directory.alias(AliasAddress.of(EXAMPLE, LocalPart.of("info"))).orElseThrow().enabled()).isTrue();
        assertThat(blocksOf("sales")).isEmpty();
    }

    @Test
    void aTamperedOrMalformedLinkShouldBe400AndChangeNothing() throws Exception {
        String token = token(LinkAction.BLOCK_SENDER, "sales", "spam@junk.example");
        char last = token.charAt(10);
        String tampered = token.substring(0, 10) + (last == 'A' ? 'B' : 'A') + token.substring(11);
        String otherSecret = new BlockLinks("another secret of thirty-two bytes!!".getBytes(), fixture.clock)
            .token(LinkAction.BLOCK_SENDER, EXAMPLE, SALES, Optional.of(new MailAddress("spam@junk.example")));
        long auditBefore = auditOfTheDefaultAccount(fixture).size();

        for (String bad : List.of(tampered, otherSecret, "not-a-token", "x".repeat(2000), "%00")) {
            oneClick(bad).then().statusCode(400).contentType(containsString("text/html")).body(containsString("Nothing was changed"));
            given().get("/smtpy/links/" + bad).then().statusCode(400);
        }
        given().header("Accept", "application/json").post("/smtpy/links/" + tampered).then().statusCode(400)
            .body("type", equalTo("InvalidArgument")).body("message", containsString("not authentic"));

        assertThat(blocksOf("sales")).isEmpty();
        assertThat(auditOfTheDefaultAccount(fixture)).hasSize((int) auditBefore);
    }

    @Test
    void anExpiredLinkShouldBe410AndChangeNothing() throws Exception {
        String token = token(LinkAction.DISABLE_ALIAS, "sales", "spam@junk.example");
        fixture.clock.moveBy(BlockLinks.DEFAULT_LIFETIME.plus(Duration.ofSeconds(1)));

        oneClick(token).then().statusCode(410).body(containsString("expired"));
        given().get("/smtpy/links/" + token).then().statusCode(410);

        assertThat(fixture.directory.alias(AliasAddress.of(EXAMPLE, SALES)).orElseThrow().enabled()).isTrue();
    }

    @Test
    void aLinkForAnAliasDeletedSinceShouldBe410() throws Exception {
        String token = token(LinkAction.BLOCK_SENDER, "sales", "spam@junk.example");
        op().delete("/smtpy/domains/example.com/aliases/sales").then().statusCode(204);

        oneClick(token).then().statusCode(410).body(containsString("no longer exists"));
        assertThat(blocksOf("sales")).isEmpty();
    }

    @Test
    void eachUseShouldBeAuditedInTheDomainsAccountWithoutTheToken() throws Exception {
        String block = token(LinkAction.BLOCK_SENDER, "sales", "spam@junk.example");
        String disable = token(LinkAction.DISABLE_ALIAS, "info", "spam@junk.example");

        oneClick(block).then().statusCode(200);
        given().post("/smtpy/links/" + disable).then().statusCode(200);

        List<AuditEntry> audit = auditOfTheDefaultAccount(fixture);
        assertThat(audit.subList(0, 2)).extracting(AuditEntry::action).containsExactly("link.use", "link.use");
        assertThat(audit.get(0).actor()).isEqualTo("one-click link");
        assertThat(audit.get(0).target()).isEqualTo("domains/example.com/aliases/info");
        assertThat(audit.get(0).after().orElseThrow()).contains("disableAlias");
        assertThat(audit.get(1).target()).isEqualTo("domains/example.com/aliases/sales");
        assertThat(audit.get(1).after().orElseThrow()).contains("blockSender").contains("spam@junk.example");
        for (AuditEntry entry : audit) {
            assertThat(entry.target() + entry.after().orElse("") + entry.before().orElse("")).doesNotContain(block).doesNotContain(disable);
        }
    }

    @Test
    void aFormBodyIsStillRefusedOnRoutesThatDoNotDeclareOne() {
        op().contentType("application/x-www-form-urlencoded").body("destinations=x")
            .put("/smtpy/domains/example.com/aliases/new").then().statusCode(415);
        given().get("/smtpy/domains/example.com/lists").then().statusCode(401);
    }
}
