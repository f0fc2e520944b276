package io.smtpy.server.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

import io.smtpy.server.SelfSignedCertificate;

/**
 * TLS clients for tests that trust exactly one certificate (a self-signed one the test knows), and nothing else:
 * the handshake fails if the server presents any other. Only the sockets made by the returned factory are
 * concerned; the JVM's defaults are untouched. Host names are not checked (the test connects to 127.0.0.1).
 */
public final class TrustOnly {
    private TrustOnly() {
    }

    public static SSLSocketFactory certificateIn(Path pem) throws IOException, GeneralSecurityException {
        return certificate(SelfSignedCertificate.readCertificate(pem));
    }

    public static SSLSocketFactory certificate(X509Certificate certificate) throws IOException, GeneralSecurityException {
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        trusted.setCertificateEntry("trusted", certificate);
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trustManagers.getTrustManagers(), null);
        return context.getSocketFactory();
    }
}
