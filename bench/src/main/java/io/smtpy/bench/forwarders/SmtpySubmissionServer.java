package io.smtpy.bench.forwarders;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smtpy.bench.smtp.TimestampingSink;

/**
 * smtpy's embedded server as {@link SmtpyForwarder} starts it (the same {@code conf/} copy, DNS server, domain and
 * profile), with its two submission servers on ports picked here and the run's certificate ({@code --submission-port},
 * {@code --smtps-port}, {@code --tls-cert}, {@code --tls-key}), and one SMTP credential of the domain created over REST
 * ({@code POST /smtpy/domains/{domain}/smtp-credentials} with {@code {"username":"bench"}}: the user name
 * {@code bench@<domain>}, a generated password, send-as {@code *@<domain>}).
 *
 * <p>Profile {@code smtpy}: the domain's DKIM keys are made active as in the forwarding bench, so every submitted mail
 * leaves with a DKIM signature of the domain, as an owner's real mail does. Profile {@code smtpy-plain}: the keys stay
 * pending, nothing is signed: the same work as Postfix's submission service.
 */
public final class SmtpySubmissionServer extends SubmissionServer {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SmtpyForwarder forwarder;
    private final boolean signs;

    public SmtpySubmissionServer(Path repository, Path workDirectory, String javaOptions, SmtpyForwarder.Profile profile) {
        this.forwarder = new SmtpyForwarder(repository, workDirectory, javaOptions, profile);
        this.signs = profile.signs();
    }

    @Override
    public String name() {
        return forwarder.name();
    }

    @Override
    public void start(int sinkPort, TestCertificate certificate) throws IOException, InterruptedException {
        submissionPort = Ports.free();
        smtpsPort = Ports.free();
        forwarder.submission(submissionPort, smtpsPort, certificate.certificate(), certificate.key());
        forwarder.start(sinkPort);
        JsonNode created = JSON.readTree(forwarder.webAdmin().post("/smtpy/domains/" + forwarder.domain() + "/smtp-credentials",
            "application/json", "{\"username\":\"bench\",\"description\":\"submission bench\"}".getBytes(StandardCharsets.UTF_8)));
        username = created.path("username").asText();
        password = created.path("password").asText();
        if (username.isEmpty() || password.isEmpty()) {
            throw new IOException(name() + ": the credential was created without a user name or password: " + created);
        }
    }

    /** The server, for its pid and run directory (the stage table). */
    public SmtpyForwarder forwarder() {
        return forwarder;
    }





    @Override
    public String sender() {
        return "bench@" + forwarder.domain();
    }

    @Override
    public long cpuTicks() {
        return forwarder.cpuTicks();
    }

    @Override
    public boolean jvm() {
        return true;
    }

    /** The copy leaves with the sender as submitted (no SRS), signed by the domain with the smtpy profile and not without. */
    @Override
    public String checkDelivery(TimestampingSink.Delivery delivery) throws IOException {
        String domain = forwarder.domain();
        if (!delivery.envelopeSender().equals(sender())) {
            throw new IOException(name() + ": the submitted copy's envelope sender is not " + sender() + ": " + delivery.mailFrom);
        }
        boolean dkim = delivery.hasFieldFrom("DKIM-Signature", domain);
        if (dkim != signs) {
            throw new IOException(name() + ": the submitted copy " + (dkim ? "carries" : "lacks") + " a DKIM-Signature of " + domain
                + "; its header fields: " + delivery.headerLines);
        }
        return "envelope sender " + delivery.envelopeSender() + "; DKIM-Signature d=" + domain + ": " + (dkim ? "yes" : "no");
    }

    @Override
    public void close() {
        forwarder.close();
    }
}
