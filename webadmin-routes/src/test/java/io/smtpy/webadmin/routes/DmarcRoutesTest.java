package io.smtpy.webadmin.routes;

import static io.restassured.RestAssured.given;
import static io.restassured.RestAssured.when;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.smtpy.core.dmarc.AggregateReport;
import io.smtpy.core.dmarc.DmarcReportRepositoryContract;
import io.smtpy.core.dmarc.Disposition;
import io.smtpy.core.dmarc.DmarcResult;
import io.smtpy.core.dmarc.Policy;
import io.smtpy.core.dmarc.PolicyPublished;
import io.smtpy.core.dmarc.ReportId;
import io.smtpy.core.dmarc.ReportRecord;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.Limits;

class DmarcRoutesTest {
    private static final DomainName EXAMPLE = DomainName.of("example.com");
    private static final Instant NOW = RoutesFixture.NOW;

    private RoutesFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new RoutesFixture(Limits.DEFAULT);
        when().put("/smtpy/domains/example.com").then().statusCode(201);
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    /** Two records: 7 passing messages from an IPv6 source, 3 failing ones rejected from an IPv4 source. */
    private static AggregateReport report(String id, String org, Instant begin) throws Exception {
        return AggregateReport.builder(org, ReportId.of(id), begin, begin.plus(Duration.ofDays(1)).minusSeconds(1),
                PolicyPublished.builder(EXAMPLE, Policy.REJECT).pct(100).build())
            .record(ReportRecord.builder(InetAddress.getByName("2001:db8:0:0::1"), 7)
                .evaluated(Disposition.NONE, DmarcResult.PASS, DmarcResult.FAIL).headerFrom("example.com").build())
            .record(ReportRecord.builder(InetAddress.getByName("203.0.113.9"), 3)
                .evaluated(Disposition.REJECT, DmarcResult.FAIL, DmarcResult.FAIL).headerFrom("example.com").build())
            .build();
    }

    @Test
    void listShouldShowEachReportNewestReceivedFirstWithItsCounts() throws Exception {
        fixture.dmarcReports.store(EXAMPLE, report("r-old", "google.com", NOW.minus(Duration.ofDays(3))), NOW.minusSeconds(60));
        fixture.dmarcReports.store(EXAMPLE, report("r-new", "Yahoo", NOW.minus(Duration.ofDays(2))), NOW);

        when().get("/smtpy/domains/example.com/dmarc/reports")
        .then()
            .statusCode(200)
            .body("id", contains("r-new", "r-old"))
            .body("[0].org", equalTo("Yahoo"))
            .body("[0].begin", equalTo("2026-02-27T12:00:00Z"))
            .body("[0].end", equalTo("2026-02-28T11:59:59Z"))
            .body("[0].received", equalTo("2026-03-01T12:00:00Z"))
            .body("[0].messages", equalTo(10))
            .body("[0].passing", equalTo(7))
            .body("[0].failing", equalTo(3));
    }

    @Test
    void listShouldPage() throws Exception {
        for (int i = 0; i < 5; i++) {
            fixture.dmarcReports.store(EXAMPLE, report("r" + i, "org", NOW), NOW.plusSeconds(i));
        }

        given().queryParam("limit", 2).queryParam("offset", 1).get("/smtpy/domains/example.com/dmarc/reports")
            .then().statusCode(200).body("id", contains("r3", "r2"));
    }

    @Test
    void aDomainWithoutReportsShouldListAnEmptyArray() {
        when().get("/smtpy/domains/example.com/dmarc/reports").then().statusCode(200).body("", empty());
    }

    @Test
    void aReportShouldBeReadBackWhole() throws Exception {
        fixture.dmarcReports.store(EXAMPLE, DmarcReportRepositoryContract.richReport(), NOW);

        given().urlEncodingEnabled(true)
            .get("/smtpy/domains/example.com/dmarc/reports/{id}", "id'; DROP TABLE reports;--")
        .then()
            .statusCode(200)
            .body("id", equalTo("id'; DROP TABLE reports;--"))
            .body("domain", equalTo("example.com"))
            .body("schema", equalTo("dmarc-2"))
            .body("email", equalTo("dmarc@reporter.example"))
            .body("policyPublished.p", equalTo("reject"))
            .body("policyPublished.adkim", equalTo("s"))
            .body("policyPublished.pct", equalTo(50))
            .body("policyPublished.discoveryMethod", equalTo("treewalk"))
            .body("records", hasSize(2))
            .body("records[0].sourceIp", equalTo("2001:db8::1"))
            .body("records[0].count", equalTo(4_000_000_000L))
            .body("records[0].disposition", equalTo("quarantine"))
            .body("records[0].dmarc", equalTo("pass"))
            .body("records[0].envelopeFrom", equalTo("bounce.example.com"))
            .body("records[0].dkimResults[0].selector", equalTo("s1"))
            .body("records[0].dkimResults[1].selector", nullValue())
            .body("records[1].dmarc", equalTo("fail"))
            .body("records[1].envelopeFrom", nullValue());
    }

    @Test
    void anUnknownReportShouldBe404() {
        when().get("/smtpy/domains/example.com/dmarc/reports/nope")
            .then().statusCode(404)
            .body("statusCode", equalTo(404))
            .body("type", equalTo("notFound"))
            .body("message", containsString("nope"));
    }

    @Test
    void anUnknownDomainShouldBe404OnEveryRoute() {
        when().get("/smtpy/domains/unknown.example/dmarc/reports").then().statusCode(404).body("type", equalTo("notFound"));
        when().get("/smtpy/domains/unknown.example/dmarc/reports/r1").then().statusCode(404);
        when().get("/smtpy/domains/unknown.example/dmarc/summary").then().statusCode(404);
    }

    @Test
    void summaryShouldDefaultToTheLast30DaysOfTheClock() throws Exception {
        fixture.dmarcReports.store(EXAMPLE, report("inside", "google.com", NOW.minus(Duration.ofDays(29))), NOW);
        fixture.dmarcReports.store(EXAMPLE, report("inside-too", "Yahoo", NOW.minus(Duration.ofDays(1))), NOW);
        fixture.dmarcReports.store(EXAMPLE, report("too-old", "google.com", NOW.minus(Duration.ofDays(31))), NOW);

        when().get("/smtpy/domains/example.com/dmarc/summary")
        .then()
            .statusCode(200)
            .body("from", equalTo("2026-01-30T12:00:00Z"))
            .body("to", equalTo("2026-03-01T12:00:00Z"))
            .body("reports", equalTo(2))
            .body("messages", equalTo(20))
            .body("passing", equalTo(14))
            .body("failing", equalTo(6))
            .body("bySourceIp.key", contains("2001:db8::1", "203.0.113.9"))
            .body("bySourceIp.messages", contains(14, 6))
            .body("byReportingOrg.key", contains("Yahoo", "google.com"))
            .body("byDisposition.none", equalTo(14))
            .body("byDisposition.quarantine", equalTo(0))
            .body("byDisposition.reject", equalTo(6));
    }

    @Test
    void summaryShouldTakeFromAndTo() throws Exception {
        fixture.dmarcReports.store(EXAMPLE, report("a", "google.com", Instant.parse("2023-11-15T00:00:00Z")), NOW);
        fixture.dmarcReports.store(EXAMPLE, report("b", "google.com", Instant.parse("2023-11-16T00:00:00Z")), NOW);

        given().queryParam("from", "2023-11-15T00:00:00Z").queryParam("to", "2023-11-16T00:00:00Z")
            .get("/smtpy/domains/example.com/dmarc/summary")
        .then()
            .statusCode(200)
            .body("reports", equalTo(1))
            .body("messages", equalTo(10));
    }

    @Test
    void badParametersShouldBe400NamingThem() {
        given().queryParam("from", "yesterday").get("/smtpy/domains/example.com/dmarc/summary")
            .then().statusCode(400).body("type", equalTo("InvalidArgument")).body("message", containsString("Invalid from"));
        given().queryParam("from", "2026-03-02T00:00:00Z").queryParam("to", "2026-03-01T00:00:00Z")
            .get("/smtpy/domains/example.com/dmarc/summary")
            .then().statusCode(400).body("message", containsString("Invalid from"));
        given().queryParam("limit", 0).get("/smtpy/domains/example.com/dmarc/reports")
            .then().statusCode(400).body("message", containsString("Invalid limit"));
        given().queryParam("offset", -1).get("/smtpy/domains/example.com/dmarc/reports")
            .then().statusCode(400).body("message", containsString("Invalid offset"));
    }
}
