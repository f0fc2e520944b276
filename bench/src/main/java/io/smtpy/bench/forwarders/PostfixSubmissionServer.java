package io.smtpy.bench.forwarders;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.smtpy.bench.smtp.TimestampingSink;

/**
 * Postfix's submission service, on the private instance of {@link PostfixForwarder} (started the same way: {@code postfix
 * -c <run dir>/etc start}, no system service): Debian's {@code submission} (STARTTLS, {@code smtpd_tls_security_level=encrypt},
 * {@code smtpd_tls_auth_only}) and {@code smtps} ({@code smtpd_tls_wrappermode}) services on loopback ports
 * ({@code src/main/resources/postfix-submission/}), with the run's certificate and key, and Cyrus SASL without any
 * daemon: {@code smtpd_sasl_type = cyrus}, an {@code smtpd.conf} in {@code $config_directory/sasl/} (where Debian's Postfix
 * reads it; {@code cyrus_sasl_config_path} says the same) with {@code pwcheck_method: auxprop}, {@code auxprop_plugin:
 * sasldb}, its own {@code sasldb2} made by {@code saslpasswd2 -f <file> -c -u <domain> bench}, {@code mech_list: PLAIN
 * LOGIN}. The credential may send only as addresses of its domain ({@code smtpd_sender_login_maps},
 * {@code reject_sender_login_mismatch}). Relays to the sink as the forwarding bench's Postfix does.
 *
 * <p>Needs Debian's {@code sasl2-bin} (saslpasswd2) and {@code libsasl2-modules} (PLAIN, LOGIN); CPU and memory are
 * those of Postfix's family (smtpd, cleanup, qmgr, smtp, tlsmgr, postlogd...).
 */
public final class PostfixSubmissionServer extends SubmissionServer {
    public static final String NAME = "postfix";
    private static final Path SASLPASSWD2 = Paths.get("/usr/sbin/saslpasswd2");
    private static final Path PLAIN_MECHANISM = Paths.get("/usr/lib/x86_64-linux-gnu/sasl2/libplain.so.2");
    private static final String USER = "bench";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final Path directory;
    private PostfixForwarder postfix;

    public PostfixSubmissionServer(Path directory) {
        this.directory = directory;
    }

    /** Why this machine cannot run Postfix's submission service, or null when it can. */
    public static String unavailableBecause() {
        String postfix = PostfixForwarder.unavailableBecause();
        if (postfix != null) {
            return postfix;
        }
        if (!Files.isExecutable(SASLPASSWD2)) {
            return "saslpasswd2 is not installed (apt-get install sasl2-bin)";
        }
        if (!Files.exists(PLAIN_MECHANISM)) {
            return "Cyrus SASL's PLAIN mechanism is not installed (apt-get install libsasl2-modules)";
        }
        return null;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void start(int sinkPort, TestCertificate certificate) throws IOException, InterruptedException {
        submissionPort = Ports.free();
        smtpsPort = Ports.free();
        String domain = PostfixForwarder.DOMAIN;
        username = USER + "@" + domain;
        Path etc = Files.createDirectories(directory.resolve("etc"));
        Path sasl = Files.createDirectories(etc.resolve("sasl"));
        Path sasldb = Files.createDirectories(directory.resolve("sasl")).resolve("sasldb2");
        Map<String, String> values = Map.of("@DIR@", directory.toString(), "@CERT@", certificate.certificate().toString(),
            "@KEY@", certificate.key().toString(), "@SUBMISSION_PORT@", Integer.toString(submissionPort),
            "@SMTPS_PORT@", Integer.toString(smtpsPort));
        Files.writeString(sasl.resolve("smtpd.conf"), Templates.render("postfix-submission/smtpd.conf", values));
        Files.writeString(etc.resolve("senders"), "@" + domain + " " + username() + "\n");
        password = new BigInteger(128, new SecureRandom()).toString(36);
        saslpasswd2(sasldb, domain);
        // smtpd runs as postfix: the database is its alone.
        UserPrincipal owner = FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName("postfix");
        Files.setOwner(sasldb, owner);
        Files.setPosixFilePermissions(sasldb, PosixFilePermissions.fromString("rw-------"));
        postfix = new PostfixForwarder(directory, NAME, domain, Templates.render("postfix-submission/main.cf", values),
            Templates.render("postfix-submission/master.cf", values));
        postfix.start(sinkPort);
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!Ports.smtpGreets(submissionPort)) {
            if (System.nanoTime() > deadline) {
                throw new IOException("Postfix's submission service did not greet on port " + submissionPort + "; see " + directory.resolve("maillog"));
            }
            Thread.sleep(100);
        }
    }

    private void saslpasswd2(Path sasldb, String domain) throws IOException, InterruptedException {
        Path log = directory.resolve("commands.log");
        Process process = new ProcessBuilder(List.of(SASLPASSWD2.toString(), "-p", "-f", sasldb.toString(), "-c", "-u", domain, USER))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
        process.getOutputStream().write(password.getBytes(StandardCharsets.US_ASCII));
        process.getOutputStream().close();
        if (!process.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IOException("saslpasswd2 failed; see " + log);
        }
    }




    @Override
    public String sender() {
        return USER + "@" + PostfixForwarder.DOMAIN;
    }

    @Override
    public long cpuTicks() {
        return postfix == null ? 0 : postfix.cpuTicks();
    }

    @Override
    public boolean jvm() {
        return false;
    }

    @Override
    public String checkDelivery(TimestampingSink.Delivery delivery) throws IOException {
        if (!delivery.envelopeSender().equals(sender())) {
            throw new IOException(NAME + ": the submitted copy's envelope sender is not " + sender() + ": " + delivery.mailFrom);
        }
        return "envelope sender " + delivery.envelopeSender() + "; DKIM-Signature: " + (delivery.hasField("DKIM-Signature") ? "yes" : "no");
    }

    @Override
    public void close() {
        if (postfix != null) {
            postfix.close();
        }
    }
}
