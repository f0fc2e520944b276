package io.smtpy.server;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import io.smtpy.server.testing.ServerWithSink;
import io.smtpy.server.testing.SmtpTestClient;

/**
 * Connection-level protection over real SMTP on loopback, with the shipped smtpserver.xml (no
 * {@code authorizedAddresses}: loopback clients are ordinary unauthenticated clients) and a real dnsmasq serving the
 * DNS blocklist zone {@code bl.test}, in which 127.0.0.2 (and the trusted 127.0.0.4) are listed. Each test is its own
 * client address: on Linux every address of 127.0.0.0/8 is local, and the client binds the one it is.
 */
@Timeout(300)
class ProtectionEndToEndTest {
    private static final String DOMAIN = "protect.test";
    private static final Duration DELAY_STEP = Duration.ofMillis(100);
    private static final Duration MAX_DELAY = Duration.ofMillis(300);
    private static final List<String> DNS = List.of(
        "--host-record=2.0.0.127.bl.test,127.0.0.2",
        "--txt-record=2.0.0.127.bl.test,listed for testing",
        "--host-record=4.0.0.127.bl.test,127.0.0.2");

    @TempDir
    static Path temporary;

    private static ServerWithSink fixture;

    @BeforeAll
    static void start() throws Exception {
        fixture = ServerWithSink.start(temporary, Optional.empty(), DNS,
            "protection.dnsbl.zones=bl.test\n"
                + "protection.trustedNetworks=127.0.0.4/32\n"
                + "protection.probes.slowAfter=10\n"
                + "protection.probes.refuseAfter=30\n"
                + "protection.probes.delayStepMillis=" + DELAY_STEP.toMillis() + "\n"
                + "protection.probes.maxDelayMillis=" + MAX_DELAY.toMillis() + "\n");
        rest().put("/smtpy/domains/" + DOMAIN).then().statusCode(201);
        rest().body("{\"destinations\": [\"info@dest.test\"]}").put("/smtpy/domains/" + DOMAIN + "/aliases/info").then().statusCode(201);
    }

    @AfterAll
    static void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private static RequestSpecification rest() {
        return given().spec(fixture.api());
    }

    private static SmtpTestClient client(String address) throws IOException {
        SmtpTestClient smtp = SmtpTestClient.connectFrom(address, "127.0.0.1", fixture.smtpPort());
        assertThat(smtp.greeting().code()).isEqualTo(220);
        assertThat(smtp.ehlo("client.sender.test").code()).isEqualTo(250);
        assertThat(smtp.mailFrom("someone@sender.test").code()).isEqualTo(250);
        return smtp;
    }

    private static SmtpTestClient.Reply rcptFrom(String address, String recipient) throws IOException {
        try (SmtpTestClient smtp = client(address)) {
            return smtp.rcptTo(recipient);
        }
    }

    private static JsonPath rejected() {
        return rest().get("/smtpy/domains/" + DOMAIN + "/events?type=rejected&limit=500").then().statusCode(200).extract().jsonPath();
    }

    @Test
    void clientProbingFiftyUnknownRecipientsShouldBeSlowedThenRefusedAndStayRefusedUntilReleased() throws Exception {
        String prober = "127.0.0.3";
        List<SmtpTestClient.Reply> replies = new ArrayList<>();
        List<Duration> durations = new ArrayList<>();
        SmtpTestClient smtp = client(prober);
        try {
            for (int i = 1; i <= 50; i++) {
                long start = System.nanoTime();
                SmtpTestClient.Reply reply = smtp.rcptTo("probe" + i + "@" + DOMAIN);
                durations.add(Duration.ofNanos(System.nanoTime() - start));
                replies.add(reply);
                if (reply.code() == 421) {
                    break;
                }
            }
            // The first 30 unknown recipients are refused as unknown; the 31st RCPT finds the client refused.
            assertThat(replies).hasSize(31);
            for (int i = 0; i < 30; i++) {
                assertThat(replies.get(i).code()).as("reply " + (i + 1)).isEqualTo(550);
                assertThat(replies.get(i).text()).as("reply " + (i + 1)).startsWith("5.1.1");
            }
            // From the 11th on, each reply is held: one step more per unknown recipient past 10, at most the cap.
            assertThat(durations.get(10)).isGreaterThanOrEqualTo(DELAY_STEP);
            assertThat(durations.get(11)).isGreaterThanOrEqualTo(DELAY_STEP.multipliedBy(2));
            for (int i = 12; i < 30; i++) {
                assertThat(durations.get(i)).as("reply " + (i + 1)).isGreaterThanOrEqualTo(MAX_DELAY);
            }
            SmtpTestClient.Reply refused = replies.get(30);
            assertThat(refused.code()).isEqualTo(421);
            assertThat(refused.text()).isEqualTo("4.7.0 too many unknown recipients from your address, try again later");
            assertThatThrownBy(() -> smtp.command("NOOP")).as("the connection is closed after the 421").isInstanceOf(IOException.class);
        } finally {
            smtp.close();
        }

        // A new connection from the same address is refused too, even for a real alias.
        SmtpTestClient.Reply again = rcptFrom(prober, "info@" + DOMAIN);
        assertThat(again.code()).isEqualTo(421);
        assertThat(rcptFrom("127.0.0.1", "info@" + DOMAIN).code()).as("another client").isEqualTo(250);

        JsonPath protection = rest().get("/smtpy/protection").then().statusCode(200).extract().jsonPath();
        assertThat(protection.getList("refused.address", String.class)).contains(prober);
        assertThat(protection.getInt("counters.clientsRefused")).isGreaterThanOrEqualTo(1);
        assertThat(protection.getInt("counters.probesSlowed")).isGreaterThanOrEqualTo(20);
        assertThat(rejected().getList("findAll { it.smtpCode == 421 }.recipients.flatten()", String.class))
            .contains("probe31@" + DOMAIN, "info@" + DOMAIN);

        rest().delete("/smtpy/protection/refused/" + prober).then().statusCode(204);

        assertThat(rcptFrom(prober, "info@" + DOMAIN).code()).isEqualTo(250);
    }

    @Test
    void clientListedByTheBlocklistShouldBeRefusedWith554AndTheOwnerSeeIt() throws Exception {
        SmtpTestClient.Reply reply = rcptFrom("127.0.0.2", "info@" + DOMAIN);

        assertThat(reply.code()).isEqualTo(554);
        assertThat(reply.text()).isEqualTo("5.7.1 client address listed by bl.test");
        assertThat(rejected().getList("findAll { it.smtpCode == 554 }.detail", String.class))
            .anySatisfy(detail -> assertThat(detail).contains("127.0.0.2").contains("bl.test").contains("listed for testing"));
        assertThat(rest().get("/smtpy/protection").then().statusCode(200).extract().jsonPath().getInt("counters.dnsblHits.'bl.test'"))
            .isGreaterThanOrEqualTo(1);
    }

    @Test
    void unlistedClientShouldBeAccepted() throws Exception {
        assertThat(rcptFrom("127.0.0.1", "info@" + DOMAIN).code()).isEqualTo(250);
    }

    @Test
    void trustedNetworkShouldBeNeitherBlocklistedNorRefusedForProbing() throws Exception {
        String trusted = "127.0.0.4";
        try (SmtpTestClient smtp = client(trusted)) {
            assertThat(smtp.rcptTo("info@" + DOMAIN).code()).isEqualTo(250);
            for (int i = 1; i <= 35; i++) {
                assertThat(smtp.rcptTo("trusted-probe" + i + "@" + DOMAIN).code()).as("unknown recipient " + i).isEqualTo(550);
            }
            assertThat(smtp.rcptTo("info@" + DOMAIN).code()).isEqualTo(250);
        }
    }
}
