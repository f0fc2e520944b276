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
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.james.core.MailAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.smtpy.access.AuditEntry;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.LocalPart;
import io.smtpy.limits.InboundTransaction;
import io.smtpy.limits.LimitAction;
import io.smtpy.limits.LimitDirection;
import io.smtpy.limits.LimitMetric;
import io.smtpy.limits.LimitSet;
import io.smtpy.limits.LimitSubject;

class LimitRoutesTest {
    private static final String LIMITS = "/smtpy/domains/example.com/limits";
    private static final String SALES_LIMITS = "/smtpy/domains/example.com/aliases/sales/limits";
    private static final DomainName DOMAIN = DomainName.of("example.com");
    private static final LimitSubject SALES = LimitSubject.alias(DOMAIN, LocalPart.of("sales"));

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

    @Test
    void aDomainWithoutLimitsShouldShowNone() {
        op().get(LIMITS).then().statusCode(200)
            .body("domain", equalTo("example.com"))
            .body("inbound", nullValue())
            .body("outbound", nullValue())
            .body("aliases", empty())
            .body("credentials", empty());
        op().get(LIMITS + "/usage").then().statusCode(200).body("items", empty());
    }

    @Test
    void putShouldSetTheDomainsDirectionsGivenAndLeaveTheOthers() {
        op().body("{\"inbound\":{\"messagesPerHour\":100,\"bytesPerDay\":5000000000,\"notify\":true},"
                + "\"outbound\":{\"perRecipientDomainPerHour\":20,\"action\":\"reject\"}}")
            .put(LIMITS).then().statusCode(200)
            .body("inbound.messagesPerHour", equalTo(100))
            .body("inbound.bytesPerDay", equalTo(5000000000L))
            .body("inbound.action", equalTo("defer"))
            .body("inbound.notify", equalTo(true))
            .body("outbound.perRecipientDomainPerHour", equalTo(20))
            .body("outbound.action", equalTo("reject"));

        op().body("{\"inbound\":{\"messagesPerDay\":7}}").put(LIMITS).then().statusCode(200)
            .body("inbound.messagesPerDay", equalTo(7))
            .body("inbound.messagesPerHour", nullValue())
            .body("outbound.perRecipientDomainPerHour", equalTo(20));
        op().body("{\"outbound\":null}").put(LIMITS).then().statusCode(200).body("outbound", nullValue());

        assertThat(fixture.limitSettings.inForce(LimitSubject.domain(DOMAIN), LimitDirection.INBOUND))
            .contains(LimitSet.of(LimitSubject.domain(DOMAIN), LimitDirection.INBOUND, Map.of(LimitMetric.MESSAGES_PER_DAY, 7L),
                LimitAction.DEFER, false));
        List<AuditEntry> audit = auditOfTheDefaultAccount(fixture);
        assertThat(audit.get(0).action()).isEqualTo("limits.set");
        assertThat(audit.get(0).before().orElseThrow()).contains("perRecipientDomainPerHour");
    }

    @Test
    void anAliasesLimitsShouldBeSetListedWithTheDomainAndDeleted() {
        op().body("{\"inbound\":{\"messagesPerHour\":3,\"recipientsPerMessage\":2}}").put(SALES_LIMITS).then().statusCode(200)
            .body("alias", equalTo("sales"))
            .body("inbound.messagesPerHour", equalTo(3))
            .body("outbound", nullValue());

        op().get(LIMITS).then().body("aliases.alias", contains("sales")).body("aliases[0].inbound.recipientsPerMessage", equalTo(2));
        assertThat(auditOfTheDefaultAccount(fixture).get(0).action()).isEqualTo("limits.alias.set");

        op().delete(SALES_LIMITS).then().statusCode(204);
        op().get(LIMITS).then().body("aliases", empty());
        assertThat(auditOfTheDefaultAccount(fixture).get(0).action()).isEqualTo("limits.alias.delete");
        op().body("{\"inbound\":{\"messagesPerHour\":3}}").put("/smtpy/domains/example.com/aliases/nobody/limits")
            .then().statusCode(404);
        op().delete("/smtpy/domains/example.com/aliases/nobody/limits").then().statusCode(404);
    }

    @Test
    void usageShouldShowEachLimitsCountInItsWindow() throws Exception {
        op().body("{\"inbound\":{\"messagesPerHour\":3,\"messagesPerDay\":10,\"recipientsPerMessage\":5}}").put(SALES_LIMITS)
            .then().statusCode(200);
        for (int i = 0; i < 2; i++) {
            fixture.limitPolicy.inboundRecipient(new InboundTransaction("a@b.example"), DOMAIN, Optional.of(LocalPart.of("sales")),
                new MailAddress("sales@example.com"));
        }

        op().get(LIMITS + "/usage").then().statusCode(200)
            .body("items", hasSize(2))
            .body("items.metric", contains("messagesPerHour", "messagesPerDay"))
            .body("items[0].scope", equalTo("alias"))
            .body("items[0].alias", equalTo("sales"))
            .body("items[0].direction", equalTo("inbound"))
            .body("items[0].limit", equalTo(3))
            .body("items[0].used", equalTo(2))
            .body("items[0].remaining", equalTo(1))
            .body("items[0].windowStart", equalTo("2026-03-01T12:00:00Z"))
            .body("items[0].windowEnd", equalTo("2026-03-01T13:00:00Z"))
            .body("items[1].windowEnd", equalTo("2026-03-02T00:00:00Z"));
    }

    @Test
    void badInputShouldBeRefusedNamingTheFieldAndChangeNothing() {
        op().body("{}").put(LIMITS).then().statusCode(400).body("message", containsString("Invalid body"));
        op().body("{\"inbound\":{}}").put(LIMITS).then().statusCode(400).body("message", containsString("Invalid inbound.limits"));
        op().body("{\"inbound\":{\"messagesPerHour\":0}}").put(LIMITS).then().statusCode(400)
            .body("message", containsString("Invalid inbound.messagesPerHour: 'inbound.messagesPerHour' must be an integer from 1 to"));
        op().body("{\"inbound\":{\"messagesPerHour\":\"ten\"}}").put(LIMITS).then().statusCode(400)
            .body("message", containsString("Invalid inbound.messagesPerHour"));
        op().body("{\"inbound\":{\"messagesPerHour\":1.5}}").put(LIMITS).then().statusCode(400)
            .body("message", containsString("Invalid inbound.messagesPerHour"));
        op().body("{\"inbound\":{\"perRecipientDomainPerHour\":5}}").put(LIMITS).then().statusCode(400)
            .body("message", containsString("Invalid inbound.perRecipientDomainPerHour"));
        op().body("{\"outbound\":{\"messagesPerHour\":5,\"action\":\"drop\"}}").put(LIMITS).then().statusCode(400)
            .body("message", containsString("Invalid outbound.action"));
        op().body("{\"outbound\":{\"messagesPerHour\":5,\"notify\":\"yes\"}}").put(LIMITS).then().statusCode(400)
            .body("message", containsString("Invalid outbound.notify"));
        op().body("{\"outbound\":{\"messagesPerHour\":5,\"colour\":1}}").put(LIMITS).then().statusCode(400)
            .body("message", containsString("Invalid outbound.colour"));
        op().body("{\"sideways\":{}}").put(LIMITS).then().statusCode(400).body("message", containsString("Invalid sideways"));
        op().body("{\"inbound\":{\"messagesPerHour\":5},\"outbound\":{\"messagesPerHour\":0}}").put(LIMITS).then().statusCode(400)
            .body("message", containsString("Invalid outbound.messagesPerHour"));

        op().get(LIMITS).then().body("inbound", nullValue()).body("outbound", nullValue());
        assertThat(fixture.limitSettings.list(DOMAIN)).isEmpty();
        assertThat(fixture.limitSettings.inForce(SALES, LimitDirection.INBOUND)).isEmpty();
    }

    @Test
    void anotherAccountsDomainShouldBe404AndAMissingPermission403() {
        op().body("{\"inbound\":{\"messagesPerHour\":3}}").put(SALES_LIMITS).then().statusCode(200);
        String other = keyOfAnotherAccount();

        as(other).get(LIMITS).then().statusCode(404);
        as(other).get(LIMITS + "/usage").then().statusCode(404);
        as(other).body("{\"inbound\":{\"messagesPerHour\":1}}").put(LIMITS).then().statusCode(404);
        as(other).body("{\"inbound\":{\"messagesPerHour\":1}}").put(SALES_LIMITS).then().statusCode(404);
        as(other).delete(SALES_LIMITS).then().statusCode(404);
        String reader = keyWith("domains:read");
        as(reader).get(LIMITS).then().statusCode(200).body("aliases", hasSize(1));
        as(reader).get(LIMITS + "/usage").then().statusCode(200);
        as(reader).body("{\"inbound\":{\"messagesPerHour\":1}}").put(LIMITS).then().statusCode(403);
        as(reader).delete(SALES_LIMITS).then().statusCode(403);
        assertThat(fixture.limitSettings.inForce(SALES, LimitDirection.INBOUND)).isPresent();
    }

    @Test
    void credentialLimitsShouldBeSetShownAndGoWithTheCredential() {
        String id = op().body("{\"alias\":\"sales\"}").post("/smtpy/domains/example.com/smtp-credentials").then().statusCode(201)
            .extract().jsonPath().getString("id");
        String path = "/smtpy/domains/example.com/smtp-credentials/" + id + "/limits";

        op().body("{\"outbound\":{\"messagesPerHour\":50,\"perRecipientDomainPerHour\":10}}").put(path).then().statusCode(200)
            .body("credential", equalTo(id))
            .body("outbound.messagesPerHour", equalTo(50))
            .body("inbound", nullValue());
        op().get(LIMITS).then().statusCode(200)
            .body("credentials[0].credential", equalTo(id))
            .body("credentials[0].outbound.perRecipientDomainPerHour", equalTo(10));
        op().body("{\"outbound\":{\"messagesPerHour\":1}}").put("/smtpy/domains/example.com/smtp-credentials/smc_nosuchone/limits")
            .then().statusCode(404);

        op().delete("/smtpy/domains/example.com/smtp-credentials/" + id).then().statusCode(204);

        op().get(LIMITS).then().statusCode(200).body("credentials", empty());
        op().delete(path).then().statusCode(404);
    }
}
