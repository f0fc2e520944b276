package io.smtpy.server;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import io.smtpy.scan.ScanDaemons;
import io.smtpy.server.testing.ServerWithSink;
import io.smtpy.server.testing.SmtpSink;
import io.smtpy.server.testing.SmtpTestClient;

/**
 * A scanner stopped mid-run, over real SMTP with a private pair of real daemons: spamd set to defer (the default), clamd
 * set to pass. While spamd is down, mail is answered {@code 451 4.7.1} (nothing accepted, so nothing lost: the sender
 * keeps it) and accepted again once spamd is back; while clamd is down, mail passes marked unscanned, with an event.
 * The health checks follow.
 */
@Timeout(600)
class ScannerOutageEndToEndTest {
    @TempDir
    static Path temporary;

    private static ScanDaemons.Private daemons;
    private static ServerWithSink fixture;
    private static SmtpSink sink;

    @BeforeAll
    static void start() throws Exception {
        daemons = ScanDaemons.startPrivate(temporary.resolve("daemons"));
        fixture = ServerWithSink.start(temporary.resolve("server"), Optional.empty(), List.of(),
            "spamd.address=" + daemons.spamd() + "\nclamd.address=" + daemons.clamd() + "\nclamd.onFailure=pass\n"
                + "spamd.timeoutSeconds=5\nclamd.timeoutSeconds=5\n");
        sink = fixture.sink();
        rest().put("/smtpy/domains/outage.test").then().statusCode(201);
        rest().body("{\"destinations\": [\"inbox@outage.dest\"]}").put("/smtpy/domains/outage.test/aliases/inbox").then().statusCode(201);
    }

    @AfterAll
    static void stop() {
        if (fixture != null) {
            fixture.close();
        }
        if (daemons != null) {
            daemons.close();
        }
    }

    private static RequestSpecification rest() {
        return given().spec(fixture.api());
    }

    private static SmtpTestClient.Reply send(String subject) throws Exception {
        return ScanningEndToEndTest.send(fixture.smtpPort(), "inbox@outage.test",
            ScanningEndToEndTest.message("inbox@outage.test", subject, "", "An ordinary note, sent while a scanner may be down."));
    }

    private static JsonPath health() {
        return given().port(fixture.webAdminPort()).get("/healthcheck").then().extract().jsonPath();
    }

    private static String healthOf(String component) {
        return health().getString("checks.find { it.componentName == '" + component + "' }.status");
    }

    @Test
    void spamdDownShouldDefer451UntilItIsBackAndClamdDownShouldPassTheMailMarked() throws Exception {
        assertThat(send("before").code()).isEqualTo(250);
        sink.awaitCopy("inbox@outage.dest", "before");

        daemons.stopSpamd();
        SmtpTestClient.Reply deferred = send("during spamd outage");
        assertThat(deferred.code()).isEqualTo(451);
        assertThat(deferred.text()).contains("4.7.1 message could not be scanned now, try again later");
        assertThat(rest().get("/smtpy/domains/outage.test/events?type=rejected").then().extract().jsonPath().getList("detail", String.class))
            .anySatisfy(detail -> assertThat(detail).contains("not scanned").contains("spamd"));
        assertThat(healthOf("SpamAssassin (spamd)")).isEqualTo("unhealthy");
        assertThat(rest().get("/smtpy/scanners").then().extract().jsonPath().getBoolean("spamd.failing")).isTrue();

        daemons.startSpamd();
        // The sender retries the mail it kept: accepted and delivered now.
        assertThat(send("during spamd outage").code()).isEqualTo(250);
        assertThat(sink.awaitCopy("inbox@outage.dest", "during spamd outage").header("X-Spam-Score")).isNotEmpty();
        assertThat(healthOf("SpamAssassin (spamd)")).isEqualTo("healthy");

        daemons.stopClamd();
        assertThat(send("during clamd outage").code()).isEqualTo(250);
        SmtpSink.Delivery unscanned = sink.awaitCopy("inbox@outage.dest", "during clamd outage");
        assertThat(unscanned.header("X-Smtpy-Unscanned")).startsWith("virus (");
        assertThat(unscanned.header("X-Virus-Scanned")).isEmpty();
        assertThat(unscanned.header("X-Spam-Score")).isNotEmpty();
        assertThat(rest().get("/smtpy/domains/outage.test/events?type=unscanned").then().extract().jsonPath().getList("detail", String.class))
            .singleElement().satisfies(detail -> assertThat(detail).contains("clamd"));
        assertThat(healthOf("ClamAV (clamd)")).isEqualTo("degraded");

        daemons.startClamd();
        assertThat(send("after").code()).isEqualTo(250);
        assertThat(sink.awaitCopy("inbox@outage.dest", "after").header("X-Virus-Scanned")).isEqualTo("clean (ClamAV via smtpy)");
        assertThat(healthOf("ClamAV (clamd)")).isEqualTo("healthy");
    }
}
