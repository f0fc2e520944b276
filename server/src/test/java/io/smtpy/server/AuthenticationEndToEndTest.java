package io.smtpy.server;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import io.smtpy.auth.dkim.DkimSigner;
import io.smtpy.auth.dkim.SigningKey;
import io.smtpy.core.dkim.DkimAlgorithm;
import io.smtpy.core.dkim.DkimKey;
import io.smtpy.core.dkim.DkimKeyGenerator;
import io.smtpy.core.dkim.DkimKeyPair;
import io.smtpy.core.dkim.DkimSelector;
import io.smtpy.core.model.DomainName;
import io.smtpy.server.testing.ServerWithSink;
import io.smtpy.server.testing.SmtpSink;
import io.smtpy.server.testing.SmtpTestClient;

/**
 * Message authentication on the embedded server over real SMTP, with a real DNS server (dnsmasq) publishing the
 * senders' SPF and DMARC records and smtpy's own DKIM keys:
 * <ul>
 *   <li>inbound verdicts: SPF pass, fail, softfail and none; DMARC pass by SPF and by DKIM alignment, and fail for an
 *       SPF pass of an unaligned domain; all written into the Authentication-Results of the forwarded copy;</li>
 *   <li>DMARC {@code p=reject} enforced at the end of DATA for a domain that asks for it, and only for its recipients;</li>
 *   <li>the forwarded copy signed by the forwarding domain with RSA and Ed25519 keys that became active only once the
 *       rotation saw them in DNS, and ARC-sealed: both checked by Debian's python3-dkim (dkim.verify, dkim.arc_verify),
 *       over one hop and over two.</li>
 * </ul>
 */
@Timeout(600)
class AuthenticationEndToEndTest {
    private static final String PYTHON = "/usr/bin/python3";
    private static final String AUTHSERV_ID = "mx.smtpy.test";
    private static final DomainName SIGNED = DomainName.of("signed.test");
    private static final List<String> SENDER_RECORDS = List.of(
        "--txt-record=pass.test,v=spf1 ip4:127.0.0.1 -all",
        "--txt-record=fail.test,v=spf1 ip4:192.0.2.1 -all",
        "--txt-record=soft.test,v=spf1 ip4:192.0.2.1 ~all",
        "--txt-record=_dmarc.pass.test,v=DMARC1; p=reject",
        "--txt-record=_dmarc.fail.test,v=DMARC1; p=reject",
        "--txt-record=_dmarc.signed.test,v=DMARC1; p=reject; adkim=s");

    @TempDir
    static Path temporary;

    private static ServerWithSink fixture;
    private static SmtpSink sink;
    private static SigningKey senderKey;
    /** Every TXT record served, by name, for the independent verifier. */
    private static final List<String[]> published = new ArrayList<>();
    private static Path verifierScript;

    @BeforeAll
    static void start() throws Exception {
        verifierScript = Paths.get(AuthenticationEndToEndTest.class.getResource("/auth_verify.py").toURI());
        DkimKeyPair senderPair = new DkimKeyGenerator(new SecureRandom()).generate(DkimAlgorithm.RSA_SHA256);
        senderKey = SigningKey.of(SIGNED, DkimSelector.of("s1"), senderPair);
        String senderRecord = "v=DKIM1; k=rsa; p=" + java.util.Base64.getEncoder().encodeToString(senderPair.publicKey());

        fixture = ServerWithSink.start(temporary, Optional.empty(), SENDER_RECORDS,
            "auth.servId=" + AUTHSERV_ID + "\n"
                + "dkim.algorithms=rsa-sha256,ed25519-sha256\n"
                + "dkim.rotationCheckMinutes=0\n");
        sink = fixture.sink();
        rest().put("/smtpy/domains/fwd.test").then().statusCode(201);
        rest().body("{\"enforceDmarcReject\": true}").put("/smtpy/domains/strict.test").then().statusCode(201);
        alias("fwd.test", "me", "dest@dest.test");
        alias("fwd.test", "again", "hop2@dest.test");
        alias("strict.test", "me", "strict@dest.test");

        // The owner publishes the new domain's keys; a rotation run sees them and activates them.
        List<String> records = new ArrayList<>(SENDER_RECORDS);
        records.add(txtRecordOption("s1._domainkey.signed.test", senderRecord));
        published.add(new String[] {"s1._domainkey.signed.test", senderRecord});
        JsonPath keys = rest().get("/smtpy/domains/fwd.test/dkim/keys").then().statusCode(200).extract().jsonPath();
        assertThat(keys.getList("state", String.class)).containsExactly("pending", "pending");
        for (int index = 0; index < keys.getList("").size(); index++) {
            String name = keys.getString("[" + index + "].recordName");
            String value = keys.getString("[" + index + "].txtRecord");
            records.add(txtRecordOption(name, value));
            published.add(new String[] {name, value});
        }
        fixture.replaceDnsRecords(records);
        String taskId = rest().post("/smtpy/domains/fwd.test/dkim/keys?action=rotate").then().statusCode(201)
            .extract().jsonPath().getString("taskId");
        rest().get("/tasks/" + taskId + "/await?timeout=1minute").then().statusCode(200);
        assertThat(rest().get("/smtpy/domains/fwd.test/dkim/keys").then().extract().jsonPath().getList("signing", Boolean.class))
            .containsExactly(true, true);
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

    private static void alias(String domain, String localPart, String destination) {
        rest().body("{\"destinations\": [\"" + destination + "\"]}")
            .put("/smtpy/domains/" + domain + "/aliases/" + localPart).then().statusCode(201);
    }

    /** dnsmasq's option for a TXT record, cut into character-strings of at most 255 bytes (dnsmasq splits at commas). */
    private static String txtRecordOption(String name, String value) {
        return "--txt-record=" + name + "," + String.join(",", DkimKey.txtStrings(value));
    }

    private static String message(String from, String to, String subject) {
        return "From: " + from + "\r\n"
            + "To: " + to + "\r\n"
            + "Subject: " + subject + "\r\n"
            + "Date: Tue, 24 Nov 2026 08:00:00 +0000\r\n"
            + "Message-ID: <" + subject.replaceAll("[^a-z0-9]", "-") + "@sender.test>\r\n"
            + "MIME-Version: 1.0\r\n"
            + "Content-Type: text/plain; charset=utf-8\r\n"
            + "\r\n"
            + "Hello from " + from + ".\r\n";
    }

    private static SmtpTestClient.Reply send(String mailFrom, List<String> recipients, String message) throws Exception {
        try (SmtpTestClient smtp = SmtpTestClient.connect("127.0.0.1", fixture.smtpPort())) {
            smtp.ehlo("client.pass.test");
            assertThat(smtp.mailFrom(mailFrom).code()).isEqualTo(250);
            for (String recipient : recipients) {
                assertThat(smtp.rcptTo(recipient).code()).isEqualTo(250);
            }
            return smtp.data(message);
        }
    }



    @ParameterizedTest(name = "{0} -> spf={1}")
    @CsvSource({"pass.test, pass", "fail.test, fail", "soft.test, softfail", "none.test, none"})
    void spfVerdictShouldBeWrittenIntoTheCopy(String senderDomain, String spf) throws Exception {
        String subject = "spf from " + senderDomain;
        assertThat(send("user@" + senderDomain, List.of("me@fwd.test"),
            message("user@" + senderDomain, "me@fwd.test", subject)).code()).isEqualTo(250);

        String results = sink.awaitCopy("dest@dest.test", subject).authenticationResults();

        assertThat(results).startsWith(AUTHSERV_ID + "; spf=" + spf + " ").contains("smtp.mailfrom=" + senderDomain + ";");
    }

    @Test
    void alignedSpfPassShouldPassDmarc() throws Exception {
        send("user@pass.test", List.of("me@fwd.test"), message("Jane <jane@pass.test>", "me@fwd.test", "dmarc spf aligned"));

        assertThat(sink.awaitCopy("dest@dest.test", "dmarc spf aligned").authenticationResults())
            .contains("dmarc=pass").contains("header.from=pass.test");
    }

    @Test
    void spfPassOfAnUnalignedDomainShouldFailDmarc() throws Exception {
        send("user@pass.test", List.of("me@fwd.test"), message("ceo@fail.test", "me@fwd.test", "dmarc unaligned"));

        assertThat(sink.awaitCopy("dest@dest.test", "dmarc unaligned").authenticationResults())
            .contains("spf=pass smtp.mailfrom=pass.test")
            .contains("dmarc=fail")
            .contains("header.from=fail.test");
    }

    @Test
    void alignedDkimPassShouldPassDmarcWithoutSpf() throws Exception {
        String original = message("news@signed.test", "me@fwd.test", "dmarc dkim aligned");
        String signed = new DkimSigner(java.time.Clock.systemUTC()).sign(original.getBytes(StandardCharsets.UTF_8), senderKey)
            + original;

        send("bounces@none.test", List.of("me@fwd.test"), signed);

        assertThat(sink.awaitCopy("dest@dest.test", "dmarc dkim aligned").authenticationResults())
            .contains("spf=none")
            .contains("dkim=pass header.d=signed.test header.s=s1")
            .contains("dmarc=pass")
            .contains("header.from=signed.test");
    }

    @Test
    void enforcingDomainShouldRefuseMailFailingARejectPolicy() throws Exception {
        SmtpTestClient.Reply reply = send("ceo@fail.test", List.of("me@strict.test"),
            message("ceo@fail.test", "me@strict.test", "spoofed to strict"));

        assertThat(reply.code()).isEqualTo(550);
        assertThat(reply.text()).startsWith("5.7.1").contains("DMARC policy of fail.test is reject");
        JsonPath events = rest().get("/smtpy/domains/strict.test/events?type=rejected").then().statusCode(200)
            .extract().jsonPath();
        assertThat(events.getList("enhancedStatus", String.class)).contains("5.7.1");
    }

    @Test
    void inAMixedMailOnlyTheEnforcingDomainsRecipientsShouldBeDropped() throws Exception {
        SmtpTestClient.Reply reply = send("ceo@fail.test", List.of("me@fwd.test", "me@strict.test"),
            message("ceo@fail.test", "me@fwd.test, me@strict.test", "spoofed to both"));

        assertThat(reply.code()).isEqualTo(250);
        assertThat(sink.awaitCopy("dest@dest.test", "spoofed to both").authenticationResults()).contains("dmarc=fail");
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
            assertThat(rest().get("/smtpy/domains/strict.test/events?type=dropped").then().extract().jsonPath()
                .getList("detail", String.class)).anySatisfy(detail -> assertThat(detail).contains("DMARC policy of fail.test")));
        assertThat(sink.deliveries()).noneMatch(delivery -> delivery.recipient().equals("strict@dest.test")
            && delivery.header("Subject").equals("spoofed to both"));
    }

    @Test
    void aForgedAuthenticationResultsOfOurHostShouldNotReachTheDestination() throws Exception {
        String forged = "Authentication-Results: " + AUTHSERV_ID + "; spf=pass smtp.mailfrom=bank.test; dmarc=pass\r\n"
            + message("ceo@fail.test", "me@fwd.test", "forged results");

        send("ceo@fail.test", List.of("me@fwd.test"), forged);

        String copy = sink.awaitCopy("dest@dest.test", "forged results").message();
        assertThat(copy).doesNotContain("smtp.mailfrom=bank.test");
        assertThat(sink.awaitCopy("dest@dest.test", "forged results").authenticationResults()).contains("spf=fail");
    }

    @Test
    void theForwardedCopyShouldBeSignedAndSealedForAnIndependentVerifier() throws Exception {
        send("user@pass.test", List.of("me@fwd.test"), message("jane@pass.test", "me@fwd.test", "signed and sealed"));

        String copy = sink.awaitCopy("dest@dest.test", "signed and sealed").message();

        List<String> verdicts = verifyIndependently(copy);
        assertThat(verdicts).as(copy)
            .anySatisfy(line -> assertThat(line).matches("dkim \\d+ fwd\\.test v1-rsa-\\S+ rsa-sha256 pass"))
            .anySatisfy(line -> assertThat(line).matches("dkim \\d+ fwd\\.test v1-ed25519-\\S+ ed25519-sha256 pass"))
            .contains("arc pass success");
        assertThat(copy).contains("ARC-Seal: i=1;").contains("cv=none");
    }

    @Test
    void aDomainThatChoseArcOnlyOrNothingShouldForwardCopiesWithoutItsDkimSignature() throws Exception {
        try {
            rest().body("{\"forwardedSignatures\": \"arc\"}").patch("/smtpy/domains/fwd.test").then().statusCode(200);
            send("user@pass.test", List.of("me@fwd.test"), message("jane@pass.test", "me@fwd.test", "arc only"));
            String arcOnly = sink.awaitCopy("dest@dest.test", "arc only").message();
            assertThat(arcOnly).contains("ARC-Seal: i=1;").doesNotContain("DKIM-Signature");
            assertThat(verifyIndependently(arcOnly)).as(arcOnly).contains("arc pass success");

            rest().body("{\"forwardedSignatures\": \"none\"}").patch("/smtpy/domains/fwd.test").then().statusCode(200);
            send("user@pass.test", List.of("me@fwd.test"), message("jane@pass.test", "me@fwd.test", "nothing added"));
            String plain = sink.awaitCopy("dest@dest.test", "nothing added").message();
            assertThat(plain).doesNotContain("ARC-Seal").doesNotContain("DKIM-Signature").contains("Authentication-Results");
        } finally {
            rest().body("{\"forwardedSignatures\": \"arc+dkim\"}").patch("/smtpy/domains/fwd.test").then().statusCode(200);
        }
    }

    @Test
    void aSecondHopShouldExtendTheArcChain() throws Exception {
        send("user@pass.test", List.of("me@fwd.test"), message("jane@pass.test", "me@fwd.test", "two hops"));
        SmtpSink.Delivery first = sink.awaitCopy("dest@dest.test", "two hops");

        // The destination sends the copy on to another smtpy alias: a second forwarding hop.
        send(first.sender(), List.of("again@fwd.test"), first.message());
        String second = sink.awaitCopy("hop2@dest.test", "two hops").message();

        assertThat(second).contains("ARC-Seal: i=2;");
        assertThat(verifyIndependently(second)).as(second).contains("arc pass success");
    }

    /** python3-dkim's verdicts on the message, every key lookup answered from what dnsmasq serves. */
    private static List<String> verifyIndependently(String message) throws Exception {
        Path records = Files.createTempFile(temporary, "records", ".tsv");
        Files.writeString(records, published.stream().map(record -> record[0] + "\t" + record[1] + "\n")
            .collect(Collectors.joining()));
        Path errors = Files.createTempFile(temporary, "auth-verify", ".err");
        Process verifier = new ProcessBuilder(PYTHON, verifierScript.toString(), records.toString())
            .redirectError(errors.toFile())
            .start();
        try (var stdin = verifier.getOutputStream()) {
            stdin.write(message.getBytes(StandardCharsets.UTF_8));
        }
        String output = new String(verifier.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(verifier.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(verifier.exitValue()).as("auth_verify.py: %s", Files.readString(errors)).isZero();
        return Arrays.asList(output.trim().split("\n"));
    }
}
