package io.smtpy.server;

import io.smtpy.server.testing.OperatorKey;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.apache.james.GuiceJamesServer;
import org.apache.james.utils.WebAdminGuiceProbe;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.restassured.builder.RequestSpecBuilder;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.smtpy.server.testing.FreePorts;
import io.smtpy.server.testing.TestConfiguration;

/**
 * The DNS onboarding route as the embedded server wires it from smtpy.properties: in the shipped configuration
 * it expects this host (auth.servId) as MX and SPF include; with dns.mx and dns.spfInclude set, those, asking the
 * configured resolver. (The checks against a real DNS server are in dns-resolver's DnsmasqDomainCheckTest.)
 */
@Timeout(120)
class DnsCheckEndToEndTest {
    @TempDir
    Path temporary;

    private GuiceJamesServer server;

    private RequestSpecification start(Path configuration) throws Exception {
        server = SmtpyServer.create(SmtpyServerSettings.builder()
            .dataDirectory(temporary.resolve("data"))
            .configurationDirectory(configuration)
            .anyFreePorts()
            .build());
        server.start();
        RequestSpecification api = new RequestSpecBuilder()
            .setPort(server.getProbe(WebAdminGuiceProbe.class).getWebAdminPort().getValue())
            .addHeader("Authorization", OperatorKey.bearer(temporary.resolve("data")))
            // RestAssured's default for a bodiless POST is a form content type, which the guard refuses (415).
            .setContentType(ContentType.JSON)
            .build();
        given().spec(api).put("/smtpy/domains/example.com").then().statusCode(201);
        return api;
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void shippedConfigurationShouldExpectThisHostAsMxAndSpfInclude() throws Exception {
        Path configuration = TestConfiguration.copyOfShipped(temporary.resolve("conf")).directory();
        // This host's name: auth.servId, else the machine's host name, which a test cannot rely on.
        Files.writeString(configuration.resolve("smtpy.properties"), "\nauth.servId=mx1.smtpy.example\n"
            + "dns.resolver=127.0.0.1:" + FreePorts.pick() + "\n"
            + "dns.timeoutMillis=300\n", StandardOpenOption.APPEND);
        RequestSpecification api = start(configuration);

        given().spec(api).get("/smtpy/domains/example.com/dns").then()
            .statusCode(200)
            .body("records.kind", contains("mx", "spf", "dkim", "dmarc", "ownership"))
            .body("records[0].expected", containsString("mx1.smtpy.example"))
            .body("records[1].expected", containsString("include:mx1.smtpy.example"));
    }

    @Test
    void configuredCheckShouldAskTheConfiguredResolver() throws Exception {
        Path configuration = TestConfiguration.copyOfShipped(temporary.resolve("conf")).directory();
        Files.writeString(configuration.resolve("smtpy.properties"), "\ndns.mx=10 mx1.smtpy.example\n"
            + "dns.spfInclude=_spf.smtpy.example\n"
            + "dns.resolver=127.0.0.1:" + FreePorts.pick() + "\n"
            + "dns.timeoutMillis=300\n", StandardOpenOption.APPEND);
        RequestSpecification api = start(configuration);

        given().spec(api).get("/smtpy/domains/example.com/dns").then()
            .statusCode(200)
            .body("ok", is(false))
            .body("records.kind", contains("mx", "spf", "dkim", "dmarc", "ownership"))
            .body("records.status", everyItem(equalTo("error")))
            .body("records[2].expected", startsWith("v=DKIM1; k=rsa; p=MII"))
            .body("records[3].expected", containsString("rua=mailto:dmarc-reports@example.com"));
        assertOwnershipRecordName(api);

        given().spec(api).post("/smtpy/domains/example.com/dns/verify").then()
            .statusCode(200)
            .body("verification.verified", is(false))
            .body("verification.failingRecords", contains("dkim", "dmarc", "mx", "ownership", "spf"));
        given().spec(api).get("/smtpy/domains/example.com").then()
            .body("dnsVerification.ownershipVerified", is(false));
    }

    private static void assertOwnershipRecordName(RequestSpecification api) {
        given().spec(api).get("/smtpy/domains/example.com/dns").then()
            .body("records[4].name", equalTo("_smtpy-verification.example.com"))
            .body("records[4].expected", containsString("smtpy-verification="));
    }
}
