package io.smtpy.server;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.smtpy.auth.dkim.DkimSigner;
import io.smtpy.auth.dkim.SigningKey;
import io.smtpy.core.dkim.DkimAlgorithm;
import io.smtpy.core.dkim.DkimKeyGenerator;
import io.smtpy.core.dkim.DkimKeyPair;
import io.smtpy.core.dkim.DkimSelector;
import io.smtpy.core.model.DomainName;
import io.smtpy.server.testing.ServerWithSink;
import io.smtpy.server.testing.SmtpTestClient;

/**
 * The per-mail time budget of the inbound checks on the embedded server over real SMTP: the sender's DKIM key zone
 * does not answer (a relay in front of dnsmasq loses those queries), the author domain asks {@code p=reject} and
 * SPF fails, and the recipient domain enforces DMARC. The mail must still be accepted as soon as the budget is
 * spent, well before the DNS timeout, and forwarded with {@code dkim=temperror} and {@code dmarc=temperror}.
 */
@Timeout(300)
class AuthenticationTimeBudgetEndToEndTest {
    private static final Duration BUDGET = Duration.ofMillis(400);

    @TempDir
    static Path temporary;

    private static ServerWithSink fixture;
    private static SigningKey senderKey;

    @BeforeAll
    static void start() throws Exception {
        DkimKeyPair pair = new DkimKeyGenerator(new SecureRandom()).generate(DkimAlgorithm.RSA_SHA256);
        senderKey = SigningKey.of(DomainName.of("slowkeys.test"), DkimSelector.of("s1"), pair);
        fixture = ServerWithSink.start(temporary, Optional.empty(), List.of(
                "--txt-record=slowkeys.test,v=spf1 ip4:192.0.2.1 -all",
                "--txt-record=_dmarc.slowkeys.test,v=DMARC1; p=reject"),
            "auth.servId=mx.smtpy.test\n"
                + "auth.timeBudgetMillis=" + BUDGET.toMillis() + "\n"
                + "dkim.rotationCheckMinutes=0\n",
            true);
        given().spec(fixture.api()).body("{\"enforceDmarcReject\": true}").put("/smtpy/domains/strict.test")
            .then().statusCode(201);
        given().spec(fixture.api()).body("{\"destinations\": [\"strict@dest.test\"]}")
            .put("/smtpy/domains/strict.test/aliases/me").then().statusCode(201);
        fixture.lossyRelay().dropNamesEndingWith("_domainkey.slowkeys.test");
    }

    @AfterAll
    static void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void mailWhoseChecksOutlastTheBudgetShouldBeAcceptedAtOnceWithTemperrors() throws Exception {
        String unsigned = "From: news@slowkeys.test\r\n"
            + "To: me@strict.test\r\n"
            + "Subject: slow keys\r\n"
            + "Date: Tue, 24 Nov 2026 08:00:00 +0000\r\n"
            + "Message-ID: <slow-keys@slowkeys.test>\r\n"
            + "\r\n"
            + "Hello.\r\n";
        String signature = new DkimSigner(Clock.systemUTC()).sign(unsigned.getBytes(StandardCharsets.UTF_8), senderKey);
        int lostBefore = fixture.lossyRelay().dropped();

        SmtpTestClient.Reply reply;
        Duration elapsed;
        try (SmtpTestClient smtp = SmtpTestClient.connect("127.0.0.1", fixture.smtpPort())) {
            smtp.ehlo("client.slowkeys.test");
            assertThat(smtp.mailFrom("news@slowkeys.test").code()).isEqualTo(250);
            assertThat(smtp.rcptTo("me@strict.test").code()).isEqualTo(250);
            long start = System.nanoTime();
            reply = smtp.data(signature + unsigned);
            elapsed = Duration.ofNanos(System.nanoTime() - start);
        }

        // Without the budget the key lookup would wait dns.timeoutMillis (1000 ms in this fixture).
        assertThat(reply.code()).isEqualTo(250);
        assertThat(elapsed).isLessThan(Duration.ofMillis(950));
        assertThat(fixture.lossyRelay().dropped()).isGreaterThan(lostBefore);
        String results = fixture.sink().awaitCopy("strict@dest.test", "slow keys").authenticationResults();
        assertThat(results)
            .contains("spf=fail")
            .contains("dkim=temperror reason=\"DKIM verification not finished within the time budget of 400 ms\"")
            .contains("dmarc=temperror")
            .contains("header.from=slowkeys.test");
    }


}
