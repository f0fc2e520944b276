package io.smtpy.bench.smtp;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * The submission load's TLS client: it trusts exactly the one certificate of the run (both systems present it) and
 * nothing else, and checks that it names 127.0.0.1 (subjectAltName IP). Only its own sockets are concerned; the JVM's
 * defaults are untouched.
 *
 * <p>Every connection gets a new {@link SSLContext}, so no connection resumes an earlier one's TLS session: each pays a
 * full handshake (ECDHE and the server's RSA signature), on both systems alike.
 */
public final class TlsClient {
    private static final String HOST = "127.0.0.1";

    private final TrustManager[] trustManagers;

    private TlsClient(TrustManager[] trustManagers) {
        this.trustManagers = trustManagers;
    }

    /** A client trusting the PEM certificate in this file only. */
    public static TlsClient trusting(Path certificatePem) throws IOException, GeneralSecurityException {
        X509Certificate certificate;
        try (InputStream in = Files.newInputStream(certificatePem)) {
            certificate = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        trusted.setCertificateEntry("bench", certificate);
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trusted);
        return new TlsClient(factory.getTrustManagers());
    }

    /** TLS over a connected socket (after STARTTLS, or at once for implicit TLS), handshake done. */
    SSLSocket handshake(Socket connected, int port) throws IOException {
        SSLContext context;
        try {
            context = SSLContext.getInstance("TLS");
            context.init(null, trustManagers, null);
        } catch (GeneralSecurityException e) {
            throw new IOException("no TLS client context: " + e, e);
        }
        SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(connected, HOST, port, true);
        SSLParameters parameters = tls.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        tls.setSSLParameters(parameters);
        tls.setUseClientMode(true);
        tls.startHandshake();
        return tls;
    }
}
