package io.smtpy.webadmin.routes;

import static io.smtpy.webadmin.routes.RuleRoutesTest.as;
import static io.smtpy.webadmin.routes.RuleRoutesTest.auditOfTheDefaultAccount;
import static io.smtpy.webadmin.routes.RuleRoutesTest.keyWith;
import static io.smtpy.webadmin.routes.RuleRoutesTest.op;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;

import java.net.InetAddress;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.restassured.RestAssured;
import io.smtpy.access.AuditEntry;

/** {@code /smtpy/protection} against a real WebAdmin server, over a guard with bl.example, 198.51.100.0/24 trusted, 2 and 3. */
class ProtectionRoutesTest {
    private RoutesFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = RoutesFixture.served();
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    private void probe(String address, int unknownRecipients) throws Exception {
        for (int i = 0; i < unknownRecipients; i++) {
            fixture.protection.unknownRecipient(InetAddress.getByName(address));
        }
    }

    @Test
    void operatorShouldSeeTheSettingsInForce() {
        op().get("/smtpy/protection").then().statusCode(200)
            .body("settings.dnsblZones", contains("bl.example"))
            .body("settings.trustedNetworks", contains("198.51.100.0/24"))
            .body("settings.probes.slowAfter", equalTo(2))
            .body("settings.probes.refuseAfter", equalTo(3))
            .body("settings.probes.windowMinutes", equalTo(10))
            .body("settings.probes.refuseMinutes", equalTo(30))
            .body("settings.probes.delayStepMillis", equalTo(500))
            .body("settings.probes.maxDelayMillis", equalTo(5000))
            .body("refused", empty());
    }

    @Test
    void operatorShouldSeeRefusedClientsWithTheirEndAndTheCounters() throws Exception {
        probe("192.0.2.7", 3);
        fixture.protection.atRcpt(InetAddress.getByName("192.0.2.7"));
        probe("192.0.2.8", 2);
        fixture.protection.atRcpt(InetAddress.getByName("192.0.2.8"));

        op().get("/smtpy/protection").then().statusCode(200)
            .body("refused.address", contains("192.0.2.7"))
            .body("refused[0].until", equalTo(RoutesFixture.NOW.plus(Duration.ofMinutes(30)).toString()))
            .body("counters.clientsRefused", equalTo(1))
            .body("counters.refusedClientReplies", equalTo(1))
            .body("counters.probesSlowed", equalTo(1))
            .body("counters.dnsblHits.'bl.example'", equalTo(0))
            .body("counters.dnsblErrors", equalTo(0));
    }

    @Test
    void releaseShouldEndTheRefusalAndBeAuditedInTheOperatorsAccount() throws Exception {
        probe("192.0.2.7", 3);

        op().delete("/smtpy/protection/refused/192.0.2.7").then().statusCode(204);

        op().get("/smtpy/protection").then().body("refused", empty());
        AuditEntry entry = auditOfTheDefaultAccount(fixture).get(0);
        assertThat(entry.action()).isEqualTo("protection.release");
        assertThat(entry.target()).isEqualTo("protection/refused/192.0.2.7");
        assertThat(entry.before().orElseThrow()).contains("192.0.2.7");
        assertThat(fixture.protection.atRcpt(InetAddress.getByName("192.0.2.7")).kind())
            .isEqualTo(io.smtpy.protection.GuardDecision.Kind.ALLOW);
    }

    @Test
    void releasingAnIpv6ClientShouldWork() throws Exception {
        probe("2001:db8::7", 3);

        op().delete("/smtpy/protection/refused/2001:db8::7").then().statusCode(204);
    }

    @Test
    void releasingAClientThatIsNotRefusedShouldBe404() {
        op().delete("/smtpy/protection/refused/192.0.2.9").then().statusCode(404)
            .body("message", equalTo("client 192.0.2.9 is not refused"));
    }

    @Test
    void releasingSomethingThatIsNoAddressShouldBe400WithoutALookup() {
        op().delete("/smtpy/protection/refused/mx.example.com").then().statusCode(400).body("type", equalTo("InvalidArgument"));
        op().delete("/smtpy/protection/refused/192.0.2.0").then().statusCode(404);
    }

    @Test
    void onlyTheOperatorShouldSeeOrReleaseAnything() throws Exception {
        probe("192.0.2.7", 3);
        String key = keyWith("domains:read", "rules:write", "audit:read");

        as(key).get("/smtpy/protection").then().statusCode(403);
        as(key).delete("/smtpy/protection/refused/192.0.2.7").then().statusCode(403);
        RestAssured.given().get("/smtpy/protection").then().statusCode(401);

        assertThat(fixture.protection.refusedClients()).hasSize(1);
    }
}
