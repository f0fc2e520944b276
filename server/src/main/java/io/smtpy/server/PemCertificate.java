package io.smtpy.server;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The two PEM files a TLS server of James 3.8.1 reads ({@code <tls><certificates>} and {@code <privateKey>}): a
 * certificate chain, the server's certificate first, and its private key (PKCS#8 or PKCS#1, not encrypted).
 */
public final class PemCertificate {
    private final Path certificates;
    private final Path privateKey;

    public PemCertificate(Path certificates, Path privateKey) {
        this.certificates = Objects.requireNonNull(certificates);
        this.privateKey = Objects.requireNonNull(privateKey);
    }

    public Path certificates() {
        return certificates;
    }

    public Path privateKey() {
        return privateKey;
    }

    PemCertificate toAbsolutePaths() {
        return new PemCertificate(certificates.toAbsolutePath().normalize(), privateKey.toAbsolutePath().normalize());
    }

    @Override
    public boolean equals(Object other) {
        if (!(other instanceof PemCertificate)) {
            return false;
        }
        PemCertificate that = (PemCertificate) other;
        return certificates.equals(that.certificates) && privateKey.equals(that.privateKey);
    }

    @Override
    public int hashCode() {
        return Objects.hash(certificates, privateKey);
    }

    @Override
    public String toString() {
        return "certificates " + certificates + ", key " + privateKey;
    }
}
