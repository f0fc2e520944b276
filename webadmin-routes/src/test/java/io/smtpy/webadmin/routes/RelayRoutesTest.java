package io.smtpy.webadmin.routes;

import static io.smtpy.webadmin.routes.RuleRoutesTest.as;
import static io.smtpy.webadmin.routes.RuleRoutesTest.auditOfTheDefaultAccount;
import static io.smtpy.webadmin.routes.RuleRoutesTest.keyOfAnotherAccount;
import static io.smtpy.webadmin.routes.RuleRoutesTest.keyWith;
import static io.smtpy.webadmin.routes.RuleRoutesTest.op;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.smtpy.access.AuditEntry;
import io.smtpy.core.model.DomainName;
import io.smtpy.sending.relay.DomainRelay;

class RelayRoutesTest {
    private static final String RELAY = "/smtpy/domains/example.com/relay";
    private static final DomainName DOMAIN = DomainName.of("example.com");
    private static final String WITH_PASSWORD = "{\"host\":\"smtp.relay.example\",\"port\":587,\"username\":\"mailer\","
        + "\"password\":\"relay-s3cret\"}";

    private RoutesFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = RoutesFixture.served();
        op().put("/smtpy/domains/example.com").then().statusCode(201);
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    private DomainRelay stored() {
        return fixture.relayStore.find(DOMAIN).orElseThrow();
    }

    @Test
    void putShouldStoreTheRelayWithItsDefaultsAndNeverAnswerThePassword() {
        op().body(WITH_PASSWORD).put(RELAY).then().statusCode(201)
            .body("host", equalTo("smtp.relay.example"))
            .body("port", equalTo(587))
            .body("tls", equalTo("starttls"))
            .body("username", equalTo("mailer"))
            .body("hasPassword", equalTo(true))
            .body("scope", equalTo("outbound"))
            .body("enabled", equalTo(true))
            .body("updatedAt", equalTo(RoutesFixture.NOW.toString()))
            .body("$", not(hasKey("password")));

        assertThat(fixture.relays.password(stored())).contains("relay-s3cret");
        assertThat(stored().sealedPassword().orElseThrow()).doesNotContain("relay-s3cret");
        String read = op().get(RELAY).then().statusCode(200).body("hasPassword", equalTo(true)).extract().asString();
        assertThat(read).doesNotContain("relay-s3cret").doesNotContain(stored().sealedPassword().get()).doesNotContain("\"password\"");
    }

    @Test
    void aPutWithoutPasswordShouldKeepTheStoredOne() {
        op().body(WITH_PASSWORD).put(RELAY).then().statusCode(201);

        op().body("{\"host\":\"smtp.relay.example\",\"port\":465,\"tls\":\"implicit\",\"username\":\"mailer\",\"scope\":\"all\","
                + "\"enabled\":false}")
            .put(RELAY).then().statusCode(200)
            .body("tls", equalTo("implicit"))
            .body("scope", equalTo("all"))
            .body("enabled", equalTo(false))
            .body("hasPassword", equalTo(true));
        assertThat(fixture.relays.password(stored())).contains("relay-s3cret");
    }

    @Test
    void badInputShouldBeRefusedNamingTheFieldAndStoreNothing() {
        op().body("{\"port\":587}").put(RELAY).then().statusCode(400).body("message", containsString("Invalid host"));
        op().body("{\"host\":\"smtp.relay.example\"}").put(RELAY).then().statusCode(400).body("message", containsString("Invalid port"));
        op().body("{\"host\":\"no such host!\",\"port\":587}").put(RELAY).then().statusCode(400)
            .body("message", containsString("Invalid host"));
        op().body("{\"host\":\"smtp.relay.example\",\"port\":70000}").put(RELAY).then().statusCode(400)
            .body("message", containsString("Invalid port"));
        op().body("{\"host\":\"smtp.relay.example\",\"port\":587,\"tls\":\"ssl\"}").put(RELAY).then().statusCode(400)
            .body("message", containsString("Invalid tls"));
        op().body("{\"host\":\"smtp.relay.example\",\"port\":587,\"scope\":\"inbound\"}").put(RELAY).then().statusCode(400)
            .body("message", containsString("Invalid scope"));
        op().body("{\"host\":\"smtp.relay.example\",\"port\":587,\"username\":\"mailer\"}").put(RELAY).then().statusCode(400)
            .body("message", containsString("Invalid password"));
        op().body("{\"host\":\"smtp.relay.example\",\"port\":587,\"gateway\":true}").put(RELAY).then().statusCode(400)
            .body("message", containsString("gateway"));

        assertThat(fixture.relayStore.find(DOMAIN)).isEmpty();
        op().get(RELAY).then().statusCode(404);
    }

    @Test
    void deleteShouldForgetTheRelay() {
        op().body(WITH_PASSWORD).put(RELAY).then().statusCode(201);

        op().delete(RELAY).then().statusCode(204);

        op().get(RELAY).then().statusCode(404);
        op().delete(RELAY).then().statusCode(404);
        assertThat(fixture.relayStore.find(DOMAIN)).isEmpty();
    }

    @Test
    void testShouldReportWhereTheConversationStopped() {
        op().post(RELAY + "/test").then().statusCode(404);
        op().body("{\"host\":\"127.0.0.1\",\"port\":" + RoutesFixture.CLOSED_PORT + ",\"tls\":\"none\"}").put(RELAY).then().statusCode(201);

        op().post(RELAY + "/test").then().statusCode(200)
            .body("ok", equalTo(false))
            .body("steps.step", contains("connect"))
            .body("reply", containsString("Connect"));
    }

    @Test
    void testShouldNotConnectToAHostTheGuardRefuses() {
        op().body("{\"host\":\"169.254.169.254\",\"port\":25}").put(RELAY).then().statusCode(201);

        op().post(RELAY + "/test").then().statusCode(200)
            .body("ok", equalTo(false))
            .body("steps.step", contains("guard"))
            .body("reply", equalTo("refused: 169.254.169.254 is a link-local address"));
    }

    @Test
    void changesShouldBeAuditedWithoutThePassword() {
        op().body(WITH_PASSWORD).put(RELAY).then().statusCode(201);
        op().body("{\"host\":\"smtp.relay.example\",\"port\":587,\"username\":\"mailer\",\"password\":\"second-s3cret\"}")
            .put(RELAY).then().statusCode(200);
        String sealed = stored().sealedPassword().orElseThrow();
        op().delete(RELAY).then().statusCode(204);

        List<AuditEntry> audit = auditOfTheDefaultAccount(fixture);
        assertThat(audit.subList(0, 3)).extracting(AuditEntry::action).containsExactly("relay.remove", "relay.set", "relay.set");
        assertThat(audit.subList(0, 3)).allSatisfy(entry -> {
            assertThat(entry.target()).endsWith("/relay");
            String recorded = entry.before().orElse("") + entry.after().orElse("");
            assertThat(recorded).doesNotContain("relay-s3cret", "second-s3cret", sealed);
        });
        assertThat(audit.get(2).after()).hasValueSatisfying(after -> assertThat(after).contains("smtp.relay.example"));
    }

    @Test
    void anotherAccountsDomainShouldBe404AndChangesShouldNeedDomainsWrite() {
        op().body(WITH_PASSWORD).put(RELAY).then().statusCode(201);
        String other = keyOfAnotherAccount();

        as(other).get(RELAY).then().statusCode(404);
        as(other).body(WITH_PASSWORD).put(RELAY).then().statusCode(404);
        as(other).post(RELAY + "/test").then().statusCode(404);
        as(other).delete(RELAY).then().statusCode(404);
        String reader = keyWith("domains:read");
        as(reader).get(RELAY).then().statusCode(200).body("host", equalTo("smtp.relay.example"));
        as(reader).body(WITH_PASSWORD).put(RELAY).then().statusCode(403);
        as(reader).post(RELAY + "/test").then().statusCode(403);
        as(reader).delete(RELAY).then().statusCode(403);
        String writer = keyWith("domains:read", "domains:write");
        as(writer).body("{\"host\":\"other.relay.example\",\"port\":2525,\"tls\":\"none\"}").put(RELAY).then().statusCode(200);

        assertThat(stored().host()).isEqualTo("other.relay.example");
        assertThat(stored().hasPassword()).isFalse();
    }
}
