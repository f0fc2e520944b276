package io.smtpy.webadmin.routes;

import static io.restassured.RestAssured.given;
import static io.restassured.RestAssured.when;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;

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
import io.smtpy.core.dns.DomainOnboarding;
import io.smtpy.core.dns.FakeDnsLookup;
import io.smtpy.core.dns.MxRecord;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.Limits;
import io.smtpy.core.store.memory.MemoryAliasRepository;
import io.smtpy.core.store.memory.MemoryDomainRepository;
import io.smtpy.core.testing.MovableClock;

class DnsRoutesTest {
    private static final byte[] SECRET = "an-installation-secret-for-tests".getBytes(StandardCharsets.US_ASCII);

    private WebAdminServer server;

    private DomainOnboarding start(Optional<FakeDnsLookup> dns) {
        AliasDirectory directory = new AliasDirectory(new MemoryDomainRepository(), new MemoryAliasRepository(),
            new MovableClock(Instant.parse("2026-03-01T12:00:00Z")), Limits.DEFAULT);
        Optional<DomainOnboarding> onboarding = dns.map(lookup -> new DomainOnboarding(lookup,
            List.of(MxRecord.of(10, "mx1.smtpy.example")), "_spf.smtpy.example", "dmarc-reports", SECRET));
        JsonTransformer json = new JsonTransformer();
        server = WebAdminUtils.createWebAdminServer(new DomainRoutes(directory, new AliasResolver(directory), json),
            new DnsRoutes(directory, onboarding, json)).start();
        RestAssured.requestSpecification = WebAdminUtils.buildRequestSpecification(server).build();
        when().put("/smtpy/domains/example.com").then().statusCode(201);
        return onboarding.orElse(null);
    }

    @AfterEach
    void stop() {
        server.destroy();
    }

    @Test
    void correctSetupShouldBeReportedOk() {
        FakeDnsLookup dns = new FakeDnsLookup();
        DomainOnboarding onboarding = start(Optional.of(dns));
        dns.mx("example.com", 10, "mx1.smtpy.example")
            .txt("example.com", "v=spf1 include:_spf.smtpy.example -all")
            .txt("_dmarc.example.com", "v=DMARC1; p=none; rua=mailto:dmarc-reports@example.com")
            .txt("_smtpy-verification.example.com", "smtpy-verification=" + onboarding.verificationToken(DomainName.of("example.com")));

        when().get("/smtpy/domains/example.com/dns").then()
            .statusCode(200)
            .body("domain", equalTo("example.com"))
            .body("ok", is(true))
            .body("records.kind", contains("mx", "spf", "dmarc", "ownership"))
            .body("records.status", contains("ok", "ok", "ok", "ok"));
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
            .body("records.status", contains("wrong", "wrong", "missing", "missing"))
            .body("records[0].found", contains("10 mx.other-provider.example"))
            .body("records[2].name", equalTo("_dmarc.example.com"));
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
