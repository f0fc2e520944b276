package io.smtpy.server;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import javax.net.ssl.SSLSocketFactory;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import io.smtpy.sending.relay.AuthenticatingRelay;
import io.smtpy.server.testing.PublishedDkimKeys;
import io.smtpy.server.testing.MessageHistory;
import io.smtpy.server.testing.ServerWithSink;
import io.smtpy.server.testing.SmtpSink;
import io.smtpy.server.testing.SmtpTestClient;
import io.smtpy.server.testing.TrustOnly;

/**
 * A domain's own outbound relay, over real SMTP: the embedded server (its normal outbound going to an {@link SmtpSink}
 * gateway) with the domain's relay set to a real SMTP server on loopback that requires AUTH (loopback allowed by
 * {@code relays.allowedNetworks}). Mail submitted with an SMTP credential over implicit TLS reaches the relay, signed
 * with the domain's DKIM key, and not the sink; a wrong password is a deferral whose event carries the relay's 535 in
 * the message's journey, and once the owner fixes the password the next attempt delivers; a forwarded copy goes through
 * the relay only when its scope is {@code all}.
 */
@Timeout(300)
class DomainRelayEndToEndTest {
    private static final String DOMAIN = "brand.test";
    private static final String RELAY = "/smtpy/domains/" + DOMAIN + "/relay";
    private static final String RELAY_USER = "mailer@brand.test";
    private static final String RELAY_PASSWORD = "relay-password-1";

    @TempDir
    static Path temporary;

    private static ServerWithSink fixture;
    private static AuthenticatingRelay relay;
    private static MessageHistory history;
    private static String username;
    private static String password;
    private static SSLSocketFactory trustingTheServer;

    @BeforeAll
    static void start() throws Exception {
        fixture = ServerWithSink.start(temporary, Optional.empty(), List.of(),
            "dkim.rotationCheckMinutes=0\nrelays.allowedNetworks=127.0.0.0/8\n");
        relay = AuthenticatingRelay.start(RELAY_USER, RELAY_PASSWORD);
        history = new MessageHistory(fixture, "/smtpy/domains/" + DOMAIN);
        rest().put("/smtpy/domains/" + DOMAIN).then().statusCode(201);
        PublishedDkimKeys.activate(fixture, DOMAIN, List.of());
        rest().body("{\"destinations\": [\"owner@dest.test\"]}").put("/smtpy/domains/" + DOMAIN + "/aliases/sales")
            .then().statusCode(201);
        JsonPath created = rest().body("{\"alias\": \"sales\"}").post("/smtpy/domains/" + DOMAIN + "/smtp-credentials")
            .then().statusCode(201).extract().jsonPath();
        username = created.getString("username");
        password = created.getString("password");
        trustingTheServer = TrustOnly.certificateIn(fixture.dataDirectory().resolve("tls").resolve(SelfSignedCertificate.CERTIFICATE_FILE));
    }

    @AfterAll
    static void stop() {
        if (relay != null) {
            relay.close();
        }
        if (fixture != null) {
            fixture.close();
        }
    }

    private static RequestSpecification rest() {
        return given().spec(fixture.api());
    }

    private static void setRelay(String password, String scope) {
        rest().body("{\"host\":\"127.0.0.1\",\"port\":" + relay.port() + ",\"tls\":\"none\",\"username\":\"" + RELAY_USER
                + "\",\"password\":\"" + password + "\",\"scope\":\"" + scope + "\"}")
            .put(RELAY).then().statusCode(org.hamcrest.Matchers.oneOf(200, 201));
    }

    /** Submits a mail as sales@brand.test to friend@dest.test over implicit TLS, with the credential's AUTH. */
    private static void submit(String subject, String messageId) throws Exception {
        try (SmtpTestClient smtp = SmtpTestClient.connectTls("127.0.0.1", fixture.smtpsPort(), trustingTheServer)) {
            smtp.ehlo("laptop.test");
            assertThat(smtp.authPlain(username, password).code()).isEqualTo(235);
            assertThat(smtp.mailFrom("sales@brand.test").code()).isEqualTo(250);
            assertThat(smtp.rcptTo("friend@dest.test").code()).isEqualTo(250);
            SmtpTestClient.Reply data = smtp.data("From: <sales@brand.test>\r\nTo: <friend@dest.test>\r\nSubject: " + subject
                + "\r\nMessage-ID: " + messageId + "\r\nDate: Fri, 4 Dec 2026 08:00:00 +0000\r\n\r\nHello from the alias.\r\n");
            assertThat(data.code()).as(data.text()).isEqualTo(250);
        }
    }

    private static AuthenticatingRelay.Received awaitAtRelay(String subject) {
        return Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
            .until(() -> relay.received().stream().filter(received -> received.message().contains("Subject: " + subject)).findFirst(),
                Optional::isPresent)
            .get();
    }

    private static boolean atSink(String subject) {
        return fixture.sink().deliveries().stream().anyMatch(delivery -> delivery.header("Subject").equals(subject));
    }

    @Test
    void submittedMailShouldReachTheDomainsRelaySignedAndNotTheNormalRoute() throws Exception {
        setRelay(RELAY_PASSWORD, "outbound");

        submit("through the relay", "<through-the-relay@brand.test>");

        AuthenticatingRelay.Received received = awaitAtRelay("through the relay");
        assertThat(received.user()).isEqualTo(RELAY_USER);
        assertThat(received.sender()).isEqualTo("sales@brand.test");
        assertThat(received.recipient()).isEqualTo("friend@dest.test");
        assertThat(received.message()).containsPattern("(?s)DKIM-Signature:.*d=brand\\.test");
        Awaitility.await().atMost(Duration.ofSeconds(30))
            .untilAsserted(() -> assertThat(history.journeyTypes("<through-the-relay@brand.test>")).containsSubsequence("submitted", "delivered"));
        assertThat(atSink("through the relay")).isFalse();
    }

    @Test
    void aWrongPasswordShouldBeADeferralWithTheRelaysReplyUntilTheOwnerFixesIt() throws Exception {
        setRelay("wrong-password", "outbound");

        submit("wrong password first", "<wrong-password-first@brand.test>");

        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonPath journey = history.journey("<wrong-password-first@brand.test>");
            assertThat(journey.getList("events.type", String.class)).contains("deferred");
            assertThat(journey.getList("events.detail", String.class))
                .anySatisfy(detail -> assertThat(detail).startsWith("relay 127.0.0.1:" + relay.port() + ": 535"));
        });
        assertThat(relay.received()).noneSatisfy(received -> assertThat(received.message()).contains("wrong password first"));

        setRelay(RELAY_PASSWORD, "outbound");

        awaitAtRelay("wrong password first");
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
            assertThat(history.journeyTypes("<wrong-password-first@brand.test>")).containsSubsequence("submitted", "deferred", "delivered"));
        assertThat(atSink("wrong password first")).isFalse();
    }

    @Test
    void forwardedCopiesShouldGoThroughTheRelayOnlyWithScopeAll() throws Exception {
        setRelay(RELAY_PASSWORD, "outbound");
        history.send("sales@brand.test", "forwarded with scope outbound", "<forwarded-outbound@sender.test>");
        fixture.sink().awaitCopy("owner@dest.test", "forwarded with scope outbound");

        setRelay(RELAY_PASSWORD, "all");
        history.send("sales@brand.test", "forwarded with scope all", "<forwarded-all@sender.test>");

        AuthenticatingRelay.Received received = awaitAtRelay("forwarded with scope all");
        assertThat(received.recipient()).isEqualTo("owner@dest.test");
        assertThat(received.sender()).startsWith("SRS0=");
        assertThat(relay.received()).noneSatisfy(copy -> assertThat(copy.message()).contains("forwarded with scope outbound"));
        assertThat(atSink("forwarded with scope all")).isFalse();
    }

    @Test
    void theTestEndpointShouldShowEachStepWithTheRelaysReplies() {
        setRelay("wrong-password", "outbound");
        rest().post(RELAY + "/test").then().statusCode(200)
            .body("ok", org.hamcrest.Matchers.equalTo(false))
            .body("reply", org.hamcrest.Matchers.startsWith("535"));

        setRelay(RELAY_PASSWORD, "outbound");
        JsonPath passed = rest().post(RELAY + "/test").then().statusCode(200).extract().jsonPath();
        assertThat(passed.getBoolean("ok")).isTrue();
        assertThat(passed.getList("steps.step", String.class)).containsExactly("connect", "greeting", "ehlo", "auth", "quit");
    }
}
