package io.smtpy.bench.forwarders;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The one TLS key and certificate of a submission run, made afresh by {@code openssl req -x509} (RSA 2048, self-signed,
 * valid two days, CN=localhost, subjectAltName IP:127.0.0.1 and DNS:localhost; the key in PKCS#8 PEM, unencrypted, mode
 * 0600) and given to every system: smtpy with {@code --tls-cert}/{@code --tls-key}, Postfix with
 * {@code smtpd_tls_cert_file}/{@code smtpd_tls_key_file}. The load's client trusts this certificate and nothing else.
 */
public final class TestCertificate {
    private static final Path OPENSSL = Paths.get("/usr/bin/openssl");
    private static final long TIMEOUT_SECONDS = 60;

    private final Path certificate;
    private final Path key;
    private final String description;

    private TestCertificate(Path certificate, Path key, String description) {
        this.certificate = certificate;
        this.key = key;
        this.description = description;
    }

    /** Why no certificate can be made here, or null. */
    public static String unavailableBecause() {
        return Files.isExecutable(OPENSSL) ? null : "openssl is not installed (apt-get install openssl)";
    }

    public static TestCertificate generate(Path directory) throws IOException, InterruptedException {
        Files.createDirectories(directory);
        Path certificate = directory.resolve("cert.pem");
        Path key = directory.resolve("key.pem");
        run(directory, List.of(OPENSSL.toString(), "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=localhost",
            "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost", "-keyout", key.toString(), "-out", certificate.toString()));
        String fingerprint = run(directory, List.of(OPENSSL.toString(), "x509", "-in", certificate.toString(), "-noout", "-fingerprint",
            "-sha256")).trim();
        return new TestCertificate(certificate, key, "RSA 2048, self-signed, CN=localhost, subjectAltName IP:127.0.0.1; " + fingerprint);
    }

    public Path certificate() {
        return certificate;
    }

    public Path key() {
        return key;
    }

    /** Key type, names and fingerprint, for the results. */
    public String describe() {
        return description;
    }

    private static String run(Path directory, List<String> command) throws IOException, InterruptedException {
        Path log = directory.resolve("openssl.log");
        Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException(String.join(" ", command) + " did not finish");
        }
        if (process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " exited with " + process.exitValue() + "; see " + log);
        }
        return output;
    }
}
