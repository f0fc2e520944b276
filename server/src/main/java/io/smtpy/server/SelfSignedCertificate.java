package io.smtpy.server;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.slf4j.LoggerFactory;

import com.google.common.net.InetAddresses;

/**
 * The certificate the submission servers present when the operator gives none: a self-signed RSA-2048 certificate
 * for the machine's host name and {@code localhost}, valid one year, generated at the first start into
 * {@code <data>/tls/} (the key readable by its owner only) and reused by later starts. Clients have to be told to
 * trust it (its SHA-256 fingerprint is logged); a real deployment gives its own (tls-cert, tls-key).
 *
 * <p>Built with Bouncy Castle's bcpkix, the version James itself ships (the JDK has no public API to sign a
 * certificate). RSA rather than EC: every mail client and MTA still in use can handle it.
 */
public final class SelfSignedCertificate {
    public static final String CERTIFICATE_FILE = "smtpy-cert.pem";
    public static final String PRIVATE_KEY_FILE = "smtpy-key.pem";
    static final Duration VALIDITY = Duration.ofDays(365);
    /** A certificate this close to its end is replaced at start, so a server restarted now and then never serves an expired one. */
    static final Duration RENEWAL_MARGIN = Duration.ofDays(30);
    private static final int RSA_KEY_BITS = 2048;

    private SelfSignedCertificate() {
    }

    /**
     * The pair in {@code directory}: the existing one, or a new one when a file is missing, does not read as a
     * certificate, or the certificate ends within {@link #RENEWAL_MARGIN}.
     */
    public static PemCertificate ensure(Path directory, String hostname, Clock clock) throws IOException {
        PemCertificate files = new PemCertificate(directory.resolve(CERTIFICATE_FILE), directory.resolve(PRIVATE_KEY_FILE));
        Instant now = clock.instant();
        if (Files.isRegularFile(files.privateKey()) && Files.isRegularFile(files.certificates())) {
            try {
                X509Certificate existing = readCertificate(files.certificates());
                if (existing.getNotAfter().toInstant().isAfter(now.plus(RENEWAL_MARGIN))) {
                    return files;
                }
            } catch (CertificateException | IOException unreadable) {
                LoggerFactory.getLogger(SelfSignedCertificate.class).warn("{} cannot be read ({}): generating a new certificate",
                    files.certificates(), unreadable.getMessage());
            }
        }
        generate(files, hostname, now);
        return files;
    }

    private static void generate(PemCertificate files, String hostname, Instant now) throws IOException {
        Path directory = files.certificates().getParent();
        Files.createDirectories(directory);
        KeyPair keyPair;
        X509Certificate certificate;
        try {
            SecureRandom random = new SecureRandom();
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(RSA_KEY_BITS, random);
            keyPair = generator.generateKeyPair();
            certificate = sign(keyPair, hostname, now, random);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IOException("cannot generate a self-signed certificate: " + e.getMessage(), e);
        }
        // The key first: a certificate on disk means its key is there too. Each written aside and renamed into place.
        // Files.createTempFile makes the file readable by its owner only (0600) before a byte of the key is in it.
        Path key = Files.createTempFile(directory, PRIVATE_KEY_FILE, ".tmp");
        Files.writeString(key, pem("PRIVATE KEY", keyPair.getPrivate().getEncoded()), StandardCharsets.US_ASCII);
        Files.move(key, files.privateKey(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        if (Files.getFileStore(directory).supportsFileAttributeView("posix")) {
            Files.setPosixFilePermissions(files.privateKey(), PosixFilePermissions.fromString("rw-------"));
        }
        Path certificateFile = Files.createTempFile(directory, CERTIFICATE_FILE, ".tmp");
        try {
            Files.writeString(certificateFile, pem("CERTIFICATE", certificate.getEncoded()), StandardCharsets.US_ASCII);
        } catch (CertificateException e) {
            throw new IOException("cannot encode the certificate: " + e.getMessage(), e);
        }
        if (Files.getFileStore(directory).supportsFileAttributeView("posix")) {
            Files.setPosixFilePermissions(certificateFile, PosixFilePermissions.fromString("rw-r--r--"));
        }
        Files.move(certificateFile, files.certificates(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        LoggerFactory.getLogger(SelfSignedCertificate.class).info("Generated a self-signed certificate for {} into {}, valid until {}",
            subjectAlternativeNames(hostname), directory, certificate.getNotAfter().toInstant());
    }

    private static X509Certificate sign(KeyPair keyPair, String hostname, Instant now, SecureRandom random)
        throws OperatorCreationException, CertificateException, CertIOException {
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
            .addRDN(BCStyle.CN, hostname)
            .addRDN(BCStyle.O, "smtpy (self-signed)")
            .build();
        // A little in the past: a client whose clock is behind ours still accepts the certificate.
        Date notBefore = Date.from(now.minus(Duration.ofHours(1)));
        Date notAfter = Date.from(now.plus(VALIDITY));
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, new BigInteger(127, random).add(BigInteger.ONE),
            notBefore, notAfter, subject, keyPair.getPublic());
        List<GeneralName> names = new ArrayList<>();
        for (String name : subjectAlternativeNames(hostname)) {
            names.add(InetAddresses.isInetAddress(name)
                ? new GeneralName(GeneralName.iPAddress, name)
                : new GeneralName(GeneralName.dNSName, name));
        }
        builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names.toArray(GeneralName[]::new)));
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
        builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
        return new JcaX509CertificateConverter()
            .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(keyPair.getPrivate())));
    }

    private static Set<String> subjectAlternativeNames(String hostname) {
        Set<String> names = new LinkedHashSet<>();
        names.add(hostname);
        names.add("localhost");
        return names;
    }

    private static String pem(String type, byte[] der) {
        String base64 = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + base64 + "\n-----END " + type + "-----\n";
    }

    /** The first certificate of a PEM file (a chain starts with the server's own). */
    public static X509Certificate readCertificate(Path pem) throws IOException, CertificateException {
        try (InputStream in = Files.newInputStream(pem)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    /** {@code AB:CD:...}, as {@code openssl x509 -fingerprint -sha256} prints it, to compare with what a client shows. */
    public static String sha256Fingerprint(X509Certificate certificate) throws CertificateException {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
            return IntStream.range(0, digest.length)
                .mapToObj(index -> String.format("%02X", digest[index]))
                .collect(Collectors.joining(":"));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** The machine's host name, the name clients are most likely to use; {@code localhost} when it has none. */
    public static String localHostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
