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

import io.smtpy.server.testing.ServerWithSink;
import io.smtpy.server.testing.SmtpSink;
import io.smtpy.server.testing.SmtpTestClient;

/**
 * {@code auth.inboundChecks=false} on the embedded server over real SMTP: a mail that fails SPF from an author domain
 * asking {@code p=reject}, to a domain that enforces DMARC, would be refused with {@code 550 5.7.1} when checked
 * ({@code AuthenticationEndToEndTest}). Unchecked, it is accepted and forwarded as a plain forwarder would: no
 * {@code Authentication-Results}, no ARC set.
 */
@Timeout(300)
class InboundChecksOffEndToEndTest {
    @TempDir
    static Path temporary;

    private static ServerWithSink fixture;

    @BeforeAll
    static void start() throws Exception {
        fixture = ServerWithSink.start(temporary, Optional.empty(), List.of(
                "--txt-record=fail.test,v=spf1 ip4:192.0.2.1 -all",
                "--txt-record=_dmarc.fail.test,v=DMARC1; p=reject"),
            "auth.servId=mx.smtpy.test\n"
                + "auth.inboundChecks=false\n"
                + "dkim.rotationCheckMinutes=0\n");
        given().spec(fixture.api()).body("{\"enforceDmarcReject\": true}").put("/smtpy/domains/strict.test")
            .then().statusCode(201);
        given().spec(fixture.api()).body("{\"destinations\": [\"strict@dest.test\"]}")
            .put("/smtpy/domains/strict.test/aliases/me").then().statusCode(201);
    }

    @AfterAll
    static void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void mailShouldBeForwardedUncheckedWithoutAuthenticationResultsOrArcSet() throws Exception {
        String message = "From: ceo@fail.test\r\n"
            + "To: me@strict.test\r\n"
            + "Subject: unchecked\r\n"
            + "Date: Tue, 24 Nov 2026 08:00:00 +0000\r\n"
            + "Message-ID: <unchecked@fail.test>\r\n"
            + "\r\n"
            + "Hello.\r\n";

        SmtpTestClient.Reply reply;
        try (SmtpTestClient smtp = SmtpTestClient.connect("127.0.0.1", fixture.smtpPort())) {
            smtp.ehlo("client.fail.test");
            assertThat(smtp.mailFrom("ceo@fail.test").code()).isEqualTo(250);
            assertThat(smtp.rcptTo("me@strict.test").code()).isEqualTo(250);
            reply = smtp.data(message);
        }

        assertThat(reply.code()).isEqualTo(250);
        SmtpSink.Delivery copy = fixture.sink().awaitCopy("strict@dest.test", "unchecked");
        assertThat(copy.header("X-Smtpy-Forwarded")).isEqualTo("strict.test for me@strict.test");
        assertThat(copy.header("Authentication-Results")).isEmpty();
        assertThat(copy.message()).doesNotContain("ARC-Seal").doesNotContain("ARC-Authentication-Results");
        assertThat(copy.sender()).startsWith("SRS0=").endsWith("@strict.test");
    }
}
