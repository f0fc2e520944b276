package io.smtpy.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SelfSignedCertificateTest {
    private static final Instant NOW = Instant.parse("2026-06-01T08:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @TempDir
    Path directory;

    @Test
    void certificateShouldNameTheHostAndLocalhostAndLastAYear() throws Exception {
        PemCertificate files = SelfSignedCertificate.ensure(directory, "mx.smtpy.test", CLOCK);

        X509Certificate certificate = SelfSignedCertificate.readCertificate(files.certificates());
        List<Object> names = certificate.getSubjectAlternativeNames().stream().map(name -> name.get(1)).collect(Collectors.toList());
        assertThat(names).containsExactly("mx.smtpy.test", "localhost");
        assertThat(certificate.getSubjectX500Principal().getName()).contains("CN=mx.smtpy.test");
        assertThat(certificate.getIssuerX500Principal()).isEqualTo(certificate.getSubjectX500Principal());
        assertThat(certificate.getNotAfter().toInstant()).isEqualTo(NOW.plus(Duration.ofDays(365)));
        assertThat(certificate.getNotBefore().toInstant()).isBefore(NOW);
        assertThat(certificate.getPublicKey().getAlgorithm()).isEqualTo("RSA");
        assertThat(certificate.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
        assertThat(certificate.getBasicConstraints()).as("not a CA").isEqualTo(-1);
    }

    @Test
    void filesShouldBeInTheDirectoryWithTheKeyReadableByItsOwnerOnly() throws Exception {
        PemCertificate files = SelfSignedCertificate.ensure(directory, "mx.smtpy.test", CLOCK);

        assertThat(files.certificates()).isEqualTo(directory.resolve("smtpy-cert.pem"));
        assertThat(files.privateKey()).isEqualTo(directory.resolve("smtpy-key.pem"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(files.privateKey()))).isEqualTo("rw-------");
        try (var left = Files.list(directory)) {
            assertThat(left).as("no temporary file left").hasSize(2);
        }
    }

    @Test
    void keyShouldBePkcs8AndBelongToTheCertificate() throws Exception {
        PemCertificate files = SelfSignedCertificate.ensure(directory, "mx.smtpy.test", CLOCK);

        String pem = Files.readString(files.privateKey(), StandardCharsets.US_ASCII);
        assertThat(pem).startsWith("-----BEGIN PRIVATE KEY-----\n").endsWith("-----END PRIVATE KEY-----\n");
        byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
        PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
        Signature signer = Signature.getInstance("SHA256withRSA");
        signer.initSign(key);
        signer.update(new byte[] {1, 2, 3});
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance("SHA256withRSA");
        verifier.initVerify(SelfSignedCertificate.readCertificate(files.certificates()));
        verifier.update(new byte[] {1, 2, 3});
        assertThat(verifier.verify(signature)).isTrue();
    }

    @Test
    void secondCallShouldReuseTheFiles() throws Exception {
        PemCertificate files = SelfSignedCertificate.ensure(directory, "mx.smtpy.test", CLOCK);
        byte[] certificate = Files.readAllBytes(files.certificates());
        byte[] key = Files.readAllBytes(files.privateKey());

        SelfSignedCertificate.ensure(directory, "another-name.test", Clock.offset(CLOCK, Duration.ofDays(300)));

        assertThat(files.certificates()).hasBinaryContent(certificate);
        assertThat(files.privateKey()).hasBinaryContent(key);
    }

    @Test
    void certificateEndingWithinThirtyDaysShouldBeReplaced() throws Exception {
        PemCertificate files = SelfSignedCertificate.ensure(directory, "mx.smtpy.test", CLOCK);
        byte[] key = Files.readAllBytes(files.privateKey());

        SelfSignedCertificate.ensure(directory, "mx.smtpy.test", Clock.offset(CLOCK, Duration.ofDays(340)));

        assertThat(SelfSignedCertificate.readCertificate(files.certificates()).getNotAfter().toInstant())
            .isEqualTo(NOW.plus(Duration.ofDays(340 + 365)));
        assertThat(Files.readAllBytes(files.privateKey())).isNotEqualTo(key);
    }

    @Test
    void unreadableCertificateShouldBeReplaced() throws Exception {
        PemCertificate files = SelfSignedCertificate.ensure(directory, "mx.smtpy.test", CLOCK);
        Files.writeString(files.certificates(), "not a certificate");

        SelfSignedCertificate.ensure(directory, "mx.smtpy.test", CLOCK);

        assertThat(SelfSignedCertificate.readCertificate(files.certificates()).getSubjectX500Principal().getName()).contains("mx.smtpy.test");
    }

    @Test
    void fingerprintShouldBeTheSha256OfTheEncodedCertificateInColonHex() throws Exception {
        PemCertificate files = SelfSignedCertificate.ensure(directory, "mx.smtpy.test", CLOCK);
        X509Certificate certificate = SelfSignedCertificate.readCertificate(files.certificates());

        String fingerprint = SelfSignedCertificate.sha256Fingerprint(certificate);

        assertThat(fingerprint).matches("([0-9A-F]{2}:){31}[0-9A-F]{2}");
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
        assertThat(fingerprint.replace(":", "")).isEqualTo(String.format("%064X", new BigInteger(1, digest)));
    }
}
