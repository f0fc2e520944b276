package io.smtpy.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;

import org.apache.james.GuiceJamesServer;
import org.apache.james.modules.protocols.SmtpGuiceProbe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.smtpy.server.testing.ForkedSmtpyServer;
import io.smtpy.server.testing.SmtpTestClient;
import io.smtpy.server.testing.TrustOnly;

/**
 * Which certificate the submission ports present across starts: the generated one is kept in the data directory
 * and presented again after a restart; an operator's (--tls-cert, --tls-key) replaces it.
 */
@Timeout(300)
class SubmissionCertificateTest {
    @TempDir
    Path temporary;

    @Test
    void restartOnTheSameDataDirectoryShouldPresentTheSameGeneratedCertificate() throws Exception {
        Path data = temporary.resolve("data");
        Path generated = data.resolve("tls").resolve(SelfSignedCertificate.CERTIFICATE_FILE);

        X509Certificate first = presentedBySmtpsOfAServerOn(data, generated);
        X509Certificate second = presentedBySmtpsOfAServerOn(data, generated);

        assertThat(second).isEqualTo(first);
        assertThat(second).isEqualTo(SelfSignedCertificate.readCertificate(generated));
    }

    private static X509Certificate presentedBySmtpsOfAServerOn(Path data, Path generated) throws Exception {
        GuiceJamesServer server = SmtpyServer.create(SmtpyServerSettings.builder()
            .dataDirectory(data)
            .configurationDirectory(ForkedSmtpyServer.shippedConfiguration())
            .anyFreePorts()
            .build());
        server.start();
        try (SmtpTestClient smtps = SmtpTestClient.connectTls("127.0.0.1",
                server.getProbe(SmtpGuiceProbe.class).getSmtpSslPort().getValue(), TrustOnly.certificateIn(generated))) {
            return smtps.peerCertificate();
        } finally {
            server.stop();
        }
    }

    @Test
    void operatorCertificateGivenAsFlagsShouldBePresentedOnBothPorts() throws Exception {
        PemCertificate operator = SelfSignedCertificate.ensure(temporary.resolve("operator"), "mail.operator.example", Clock.systemUTC());
        X509Certificate expected = SelfSignedCertificate.readCertificate(operator.certificates());
        Path data = temporary.resolve("forked");

        try (ForkedSmtpyServer server = ForkedSmtpyServer.builder()
                .dataDirectory(data)
                .tlsCertificate(operator.certificates(), operator.privateKey())
                .build()
                .start();
             SmtpTestClient submission = SmtpTestClient.connect("127.0.0.1", server.submissionPort());
             SmtpTestClient smtps = SmtpTestClient.connectTls("127.0.0.1", server.smtpsPort(), TrustOnly.certificate(expected))) {
            submission.ehlo("client.example");
            assertThat(submission.startTls(TrustOnly.certificate(expected)).code()).isEqualTo(220);

            assertThat(submission.peerCertificate()).isEqualTo(expected);
            assertThat(smtps.peerCertificate()).isEqualTo(expected);
            assertThat(data.resolve("forked-console.log")).content().contains(SelfSignedCertificate.sha256Fingerprint(expected));
        }
        assertThat(data.resolve("tls")).as("nothing generated when a certificate is given").doesNotExist();
    }
}
