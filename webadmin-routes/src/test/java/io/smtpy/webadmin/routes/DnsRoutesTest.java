package io.smtpy.webadmin.routes;

import static io.restassured.RestAssured.given;
import static io.restassured.RestAssured.when;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.apache.james.webadmin.WebAdminServer;
import org.apache.james.webadmin.WebAdminUtils;
import org.apache.james.webadmin.utils.JsonTransformer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.restassured.RestAssured;
import io.smtpy.core.directory.AliasDirectory;
import io.smtpy.core.directory.AliasResolver;
import io.smtpy.core.dkim.DkimKey;
import io.smtpy.core.dns.DomainOnboarding;
import io.smtpy.core.dns.FakeDnsLookup;
import io.smtpy.core.dns.MxRecord;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.Limits;
import io.smtpy.core.store.memory.MemoryAliasRepository;
import io.smtpy.core.store.memory.MemoryDomainRepository;
import io.smtpy.core.testing.MovableClock;

class DnsRoutesTest {
    private static final DomainName EXAMPLE = DomainName.of("example.com");
    private static final byte[] SECRET = "an-installation-secret-for-tests".getBytes(StandardCharsets.US_ASCII);

    private WebAdminServer server;
    private DkimFixture dkim;
    private MovableClock clock;

    private DomainOnboarding start(Optional<FakeDnsLookup> dns) {
        MemoryDomainRepository domains = new MemoryDomainRepository();
        clock = new MovableClock(Instant.parse("2026-03-01T12:00:00Z"));
        AliasDirectory directory = new AliasDirectory(domains, new MemoryAliasRepository(), clock, Limits.DEFAULT);
        dkim = new DkimFixture(domains, clock);
        Optional<DomainOnboarding> onboarding = dns.map(lookup -> new DomainOnboarding(lookup,
            List.of(MxRecord.of(10, "mx1.smtpy.example")), "_spf.smtpy.example", "dmarc-reports", SECRET));
        JsonTransformer json = new JsonTransformer();
        TestAccess access = new TestAccess(directory, clock);
        server = WebAdminUtils.createWebAdminServer(
            new DomainRoutes(directory, new AliasResolver(directory), dkim.run, json, access.guard, access.access),
            new DnsRoutes(directory, onboarding, dkim.rotation, json, access.guard)).start();
        RestAssured.requestSpecification = WebAdminUtils.buildRequestSpecification(server)
            .addHeader("Authorization", "Bearer " + TestAccess.OPERATOR_KEY).build();
        when().put("/smtpy/domains/example.com").then().statusCode(201);
        return onboarding.orElse(null);
    }

    @AfterEach
    void stop() {
        server.destroy();
    }

    private void publishEverything(FakeDnsLookup dns, DomainOnboarding onboarding) {
        dns.mx("example.com", 10, "mx1.smtpy.example")
            .txt("example.com", "v=spf1 include:_spf.smtpy.example -all")
            .txt("_dmarc.example.com", "v=DMARC1; p=none; rua=mailto:dmarc-reports@example.com")
            .txt("_smtpy-verification.example.com", "smtpy-verification=" + onboarding.verificationToken(EXAMPLE));
        dkim.rotation.publishedKeys(EXAMPLE).forEach(key -> dns.txt(key.recordName(), key.txtRecord()));
    }

    @Test
    void correctSetupShouldBeReportedOk() {
        FakeDnsLookup dns = new FakeDnsLookup();
        publishEverything(dns, start(Optional.of(dns)));

        when().get("/smtpy/domains/example.com/dns").then()
            .statusCode(200)
            .body("domain", equalTo("example.com"))
            .body("ok", is(true))
            .body("records.kind", contains("mx", "spf", "dkim", "dmarc", "ownership"))
            .body("records.status", contains("ok", "ok", "ok", "ok", "ok"));
    }

    @Test
    void theDkimRowShouldNameTheNewDomainsPendingKey() {
        start(Optional.of(new FakeDnsLookup()));
        DkimKey pending = dkim.rotation.publishedKeys(EXAMPLE).get(0);

        when().get("/smtpy/domains/example.com/dns").then()
            .statusCode(200)
            .body("records[2].kind", equalTo("dkim"))
            .body("records[2].name", equalTo(pending.recordName()))
            .body("records[2].expected", equalTo(pending.txtRecord()))
            .body("records[2].status", equalTo("missing"));
    }

    @Test
    void wrongRecordsShouldBeReportedWithWhatDnsSays() {
        FakeDnsLookup dns = new FakeDnsLookup();
        start(Optional.of(dns));
        dns.mx("example.com", 10, "mx.other-provider.example")
            .txt("example.com", "v=spf1 include:_spf.other.example -all");

        when().get("/smtpy/domains/example.com/dns").then()
            .statusCode(200)
            .body("ok", is(false))
            .body("records.status", contains("wrong", "wrong", "missing", "missing", "missing"))
            .body("records[0].found", contains("10 mx.other-provider.example"))
            .body("records[3].name", equalTo("_dmarc.example.com"));
    }

    @Test
    void verifyShouldRecordTheFailingRecordsOnTheDomain() {
        FakeDnsLookup dns = new FakeDnsLookup();
        DomainOnboarding onboarding = start(Optional.of(dns));
        dns.txt("_smtpy-verification.example.com", "smtpy-verification=" + onboarding.verificationToken(EXAMPLE));

        when().post("/smtpy/domains/example.com/dns/verify").then()
            .statusCode(200)
            .body("ok", is(false))
            .body("verification.verified", is(false))
            .body("verification.ownershipVerified", is(true))
            .body("verification.failingRecords", contains("dkim", "dmarc", "mx", "spf"));

        when().get("/smtpy/domains/example.com").then()
            .statusCode(200)
            .body("dnsVerification.verified", is(false))
            .body("dnsVerification.failingRecords", contains("dkim", "dmarc", "mx", "spf"))
            .body("dnsVerification.checkedAt", equalTo("2026-03-01T12:00:00Z"));
    }

    @Test
    void verifyOfACorrectSetupShouldMarkTheDomainVerified() {
        FakeDnsLookup dns = new FakeDnsLookup();
        publishEverything(dns, start(Optional.of(dns)));

        when().post("/smtpy/domains/example.com/dns/verify").then()
            .statusCode(200)
            .body("verification.verified", is(true));

        when().get("/smtpy/domains/example.com").then()
            .body("dnsVerification.verified", is(true))
            .body("dnsVerification.ownershipVerified", is(true))
            .body("dnsVerification.failingRecords", empty());
    }

    @Test
    void aDomainNeverVerifiedShouldShowNoVerification() {
        start(Optional.of(new FakeDnsLookup()));

        when().get("/smtpy/domains/example.com").then()
            .body("dnsVerification", nullValue());
    }

    @Test
    void verifyOfAnUnknownDomainShouldBe404() {
        start(Optional.of(new FakeDnsLookup()));

        when().post("/smtpy/domains/unknown.example/dns/verify").then().statusCode(404);
    }

    @Test
    void unknownDomainShouldBe404() {
        start(Optional.of(new FakeDnsLookup()));

        when().get("/smtpy/domains/unknown.example/dns").then().statusCode(404);
    }

    @Test
    void unconfiguredInstallationShouldSayWhatIsMissing() {
        start(Optional.empty());

        given().get("/smtpy/domains/example.com/dns").then()
            .statusCode(503)
            .body("message", containsString("dns.mx and dns.spfInclude"));
    }
}
