package io.smtpy.server;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.apache.james.jdkim.DKIMSigner;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.restassured.specification.RequestSpecification;
import io.smtpy.server.testing.ServerWithSink;
import io.smtpy.server.testing.SmtpSink;
import io.smtpy.server.testing.SmtpTestClient;

/**
 * The sender's DKIM signature must still verify after smtpy forwards the mail. The message is signed with James's
 * jdkim and checked, before and after forwarding, by an independent implementation: dkimpy (Debian's
 * {@code python3-dkim}) through {@code dkim_verify.py}, so a bug shared by signer and verifier cannot hide.
 * Both canonicalizations are tried; {@code simple/simple} tolerates no change at all to the signed header
 * fields or to the body.
 */
@Timeout(600)
class DkimSurvivesForwardingTest {
    private static final String PYTHON = "/usr/bin/python3";
    private static final String SENDER = "jane@sender.example";
    private static final String ALIAS = "signed@d1.example";
    private static final String DESTINATION = "signed@dest.example";

    @TempDir
    static Path temporary;

    private static KeyPair keys;
    private static Path verifierScript;
    private static ServerWithSink fixture;
    private static SmtpSink sink;
    private static int smtpPort;

    @BeforeAll
    static void start() throws Exception {
        requireDkimpy();
        verifierScript = Paths.get(DkimSurvivesForwardingTest.class.getResource("/dkim_verify.py").toURI());
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        keys = generator.generateKeyPair();

        fixture = ServerWithSink.start(temporary, Optional.empty());
        sink = fixture.sink();
        smtpPort = fixture.smtpPort();
        RequestSpecification api = fixture.api();
        given().spec(api).put("/smtpy/domains/d1.example").then().statusCode(201);
        given().spec(api).body("{\"destinations\": [\"" + DESTINATION + "\"]}")
            .put("/smtpy/domains/d1.example/aliases/signed").then().statusCode(201);
    }

    @AfterAll
    static void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    /** Fails, not skips: without the independent verifier this test would prove nothing. */
    private static void requireDkimpy() throws Exception {
        int exit;
        try {
            Process probe = new ProcessBuilder(PYTHON, "-c", "import dkim").redirectErrorStream(true).start();
            probe.getInputStream().readAllBytes();
            exit = probe.waitFor(60, TimeUnit.SECONDS) ? probe.exitValue() : -1;
        } catch (IOException noPython) {
            exit = -1;
        }
        assertThat(exit)
            .withFailMessage("%s -c 'import dkim' failed: install Debian's python3-dkim "
                + "(apt-get install -y python3-dkim; .ci/run does it), the independent DKIM verifier of this test", PYTHON)
            .isZero();
    }

    /**
     * Each canonicalization with two MIME-Version fields: the plain one, and Apple Mail's, with a comment and another
     * capitalization. A JavaMail {@code saveChanges} on the way rewrites either to "MIME-Version: 1.0": unnoticed
     * with the first, fatal to the signature with the second.
     */
    static Stream<Arguments> signedMessages() {
        return Stream.of("relaxed/relaxed", "simple/simple").flatMap(canonicalization -> Stream.of(
            Arguments.of(canonicalization, "MIME-Version: 1.0"),
            Arguments.of(canonicalization, "Mime-Version: 1.0 (Mac OS X Mail 16.0 \\(3731.500.231\\))")));
    }

    @ParameterizedTest(name = "c={0}, {1}")
    @MethodSource("signedMessages")
    void forwardedCopyShouldStillVerify(String canonicalization, String mimeVersion) throws Exception {
        String subject = "signed with c=" + canonicalization + " and " + mimeVersion.substring(0, mimeVersion.indexOf(':'));
        String signed = sign(message(subject, mimeVersion), canonicalization);
        assertThat(verify(signed)).as("the signed original, before sending").isEqualTo(Verdict.pass());

        send(signed);

        String forwarded = awaitForwardedCopy(subject);
        assertThat(verify(forwarded))
            .as("the forwarded copy\n--- signed original ---\n%s\n--- forwarded copy ---\n%s", signed, forwarded)
            .isEqualTo(Verdict.pass());
    }

    @ParameterizedTest(name = "c={0}")
    @ValueSource(strings = {"relaxed/relaxed", "simple/simple"})
    void verifierShouldRejectAMessageChangedAfterSigning(String canonicalization) throws Exception {
        String signed = sign(message("tampered with c=" + canonicalization, "MIME-Version: 1.0"), canonicalization);

        String tampered = signed.replace("this is the body", "this is another body");

        assertThat(tampered).isNotEqualTo(signed);
        Verdict verdict = verify(tampered);
        assertThat(verdict.output()).as(verdict.toString()).isEqualTo("fail");
        assertThat(verdict.exitCode()).as(verdict.toString()).isEqualTo(1);
        assertThat(verdict.reason()).contains("body hash mismatch");
    }

    /**
     * What a sender's MTA would sign: no charset on the text/plain Content-Type (a rewriting MIME library would add
     * one), trailing white space (kept by simple, folded by relaxed), a line that SMTP dot-stuffs, and a line longer
     * than 78 characters (under the 998 SMTP allows).
     */
    private static String message(String subject, String mimeVersion) {
        return "From: Jane <" + SENDER + ">\r\n"
            + "To: " + ALIAS + "\r\n"
            + "Subject: " + subject + "\r\n"
            + "Date: Mon, 1 Jun 2026 08:00:00 +0000\r\n"
            + "Message-ID: <" + subject.replaceAll("[^a-z]", "-") + "@sender.example>\r\n"
            + mimeVersion + "\r\n"
            + "Content-Type: text/plain\r\n"
            + "\r\n"
            + "Hello,\r\n"
            + "this is the body of a signed message; this line ends with white space \t \r\n"
            + ".this line starts with a dot, which SMTP doubles on the wire and the receiver removes\r\n"
            + "A long line: " + "forwarding must not wrap it, ".repeat(12) + "end.\r\n"
            + "\r\n"
            + "--\r\n"
            + "Jane\r\n";
    }

    private static String sign(String message, String canonicalization) throws Exception {
        String template = "v=1; s=test; d=sender.example; h=from:to:subject:date:message-id:mime-version:content-type; "
            + "a=rsa-sha256; c=" + canonicalization + "; bh=; b=;";
        String signature = new DKIMSigner(template, keys.getPrivate())
            .sign(new ByteArrayInputStream(message.getBytes(StandardCharsets.US_ASCII)));
        assertThat(signature).startsWith("DKIM-Signature:");
        return signature + "\r\n" + message;
    }

    private static void send(String message) throws Exception {
        try (SmtpTestClient smtp = SmtpTestClient.connect("127.0.0.1", smtpPort)) {
            smtp.ehlo("client.sender.example");
            assertThat(smtp.mailFrom(SENDER).code()).isEqualTo(250);
            assertThat(smtp.rcptTo(ALIAS).code()).isEqualTo(250);
            assertThat(smtp.data(message).code()).isEqualTo(250);
        }
    }

    private static String awaitForwardedCopy(String subject) {
        return Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
            .until(() -> forwardedCopy(subject), Optional::isPresent)
            .get();
    }

    private static Optional<String> forwardedCopy(String subject) {
        List<SmtpSink.Delivery> deliveries = sink.deliveries();
        return deliveries.stream()
            .filter(delivery -> delivery.recipient().equals(DESTINATION) && delivery.header("Subject").equals(subject))
            .map(SmtpSink.Delivery::message)
            .findFirst();
    }

    /** Runs dkim_verify.py on the raw message with the public key as the TXT record any selector resolves to. */
    private static Verdict verify(String message) throws Exception {
        String record = "v=DKIM1; k=rsa; p=" + Base64.getEncoder().encodeToString(keys.getPublic().getEncoded());
        Path errors = Files.createTempFile(temporary, "dkim-verify", ".err");
        Process verifier = new ProcessBuilder(PYTHON, verifierScript.toString(), record)
            .redirectError(errors.toFile())
            .start();
        try (OutputStream stdin = verifier.getOutputStream()) {
            stdin.write(message.getBytes(StandardCharsets.UTF_8));
        }
        String output = new String(verifier.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(verifier.waitFor(60, TimeUnit.SECONDS)).as("dkim_verify.py finished").isTrue();
        return new Verdict(verifier.exitValue(), output, Files.readString(errors).trim());
    }

    /** What dkim_verify.py answered: exit code, "pass" or "fail", and dkimpy's reason. */
    private static final class Verdict {
        private final int exitCode;
        private final String output;
        private final String reason;

        Verdict(int exitCode, String output, String reason) {
            this.exitCode = exitCode;
            this.output = output;
            this.reason = reason;
        }

        static Verdict pass() {
            return new Verdict(0, "pass", "");
        }

        int exitCode() {
            return exitCode;
        }

        String output() {
            return output;
        }

        String reason() {
            return reason;
        }

        @Override
        public boolean equals(Object other) {
            if (!(other instanceof Verdict)) {
                return false;
            }
            Verdict verdict = (Verdict) other;
            return exitCode == verdict.exitCode && output.equals(verdict.output) && reason.equals(verdict.reason);
        }

        @Override
        public int hashCode() {
            return output.hashCode() * 31 + exitCode;
        }

        @Override
        public String toString() {
            return "exit " + exitCode + ", " + output + (reason.isEmpty() ? "" : " (" + reason + ")");
        }
    }
}
