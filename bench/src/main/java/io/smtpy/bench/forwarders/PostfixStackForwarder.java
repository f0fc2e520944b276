package io.smtpy.bench.forwarders;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.smtpy.bench.smtp.TimestampingSink;

/**
 * The equal-work reference (issue 12): the stack a self-hosting admin builds for smtpy's job out of Debian's
 * packages. The private Postfix instance of {@link PostfixForwarder}, plus Debian's {@code postsrsd} rewriting the
 * envelope sender to SRS through Postfix's {@code sender_canonical_maps} (TCP lookup tables on loopback), plus Debian's
 * {@code opendkim} twice as milters on Unix sockets, one verifying every mail as it comes in (its Authentication-Results
 * field), one signing every forwarded mail with the alias domain's key. Each runs privately from the run directory, in
 * the foreground, with a configuration, secret and key of its own ({@code src/main/resources/postfix-stack/}).
 *
 * <p>CPU and memory are those of them all: Postfix's family, postsrsd with its per-connection children, both OpenDKIMs.
 */
public final class PostfixStackForwarder extends PostfixWithHelpers {
    static final String DOMAIN = "postfix-stack-bench.example";
    private static final String SELECTOR = "bench";
    private static final Path POSTSRSD = Paths.get("/usr/sbin/postsrsd");
    private static final Path OPENDKIM = Paths.get("/usr/sbin/opendkim");
    private static final Path OPENDKIM_GENKEY = Paths.get("/usr/sbin/opendkim-genkey");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    /**
     * The verifier treats no client as internal (its InternalHosts is a documentation address), so it verifies every
     * mail, and adds its Authentication-Results field even to mail without a signature, as smtpy does.
     */
    private static final String VERIFY_SETTINGS = "Mode                    v\nInternalHosts           csl:192.0.2.1\n"
        + "AlwaysAddARHeader       yes";
    /** The signer signs mail from InternalHosts, by default 127.0.0.1: the bench's generator. */
    private static final String SIGN_SETTINGS = "Mode                    s";

    public PostfixStackForwarder(Path directory) {
        super(directory, DOMAIN);
    }

    /** Why this machine cannot run the stack, or null when it can. */
    public static String unavailableBecause() {
        String postfix = PostfixForwarder.unavailableBecause();
        if (postfix != null) {
            return postfix;
        }
        for (Path program : List.of(POSTSRSD, OPENDKIM, OPENDKIM_GENKEY)) {
            if (!Files.isExecutable(program)) {
                return program.getFileName() + " is not installed (apt-get install postsrsd opendkim opendkim-tools)";
            }
        }
        return null;
    }

    @Override
    public String name() {
        return "postfix-stack";
    }

    @Override
    public void start(int sinkPort) throws IOException, InterruptedException {
        Files.createDirectories(directory);
        int forwardPort = Ports.free();
        int reversePort = Ports.free();
        while (reversePort == forwardPort) {
            reversePort = Ports.free();
        }
        startPostsrsd(forwardPort, reversePort);
        generateKey();
        startOpendkim("verify", VERIFY_SETTINGS);
        startOpendkim("sign", SIGN_SETTINGS);
        Map<String, String> values = Map.of("@SRS_FORWARD_PORT@", Integer.toString(forwardPort),
            "@SRS_REVERSE_PORT@", Integer.toString(reversePort), "@VERIFY_SOCKET@", socket("verify").toString(),
            "@SIGN_SOCKET@", socket("sign").toString());
        startPostfix(sinkPort, Templates.render("postfix-stack/main.cf", values));
    }

    /** postsrsd in the foreground with a secret of its own, its two lookup tables on loopback ports. */
    private void startPostsrsd(int forwardPort, int reversePort) throws IOException, InterruptedException {
        Path secret = directory.resolve("postsrsd.secret");
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        Files.writeString(secret, Base64.getEncoder().encodeToString(random) + "\n", StandardCharsets.US_ASCII);
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        ChildProcess process = helper(ChildProcess.start(List.of(POSTSRSD.toString(), "-s" + secret, "-d" + DOMAIN, "-l127.0.0.1", "-4",
                "-f" + forwardPort, "-r" + reversePort, "-p" + directory.resolve("postsrsd.pid")),
            Map.of(), directory, directory.resolve("postsrsd.log")));
        process.awaitReady("postsrsd", START_TIMEOUT, () -> listening(forwardPort) && listening(reversePort));
    }

    /** A fresh RSA-2048 key for the alias domain, and the key and signing tables naming it for every message. */
    private void generateKey() throws IOException, InterruptedException {
        Path keys = Files.createDirectories(directory.resolve("dkim"));
        run(OPENDKIM_GENKEY.toString(), "-b", "2048", "-D", keys.toString(), "-d", DOMAIN, "-s", SELECTOR);
        String keyName = SELECTOR + "._domainkey." + DOMAIN;
        Files.writeString(keys.resolve("key.table"), keyName + " " + DOMAIN + ":" + SELECTOR + ":" + keys.resolve(SELECTOR + ".private") + "\n");
        Files.writeString(keys.resolve("signing.table"), "* " + keyName + "\n");
    }

    /**
     * One OpenDKIM in the foreground, {@code role} verify or sign, its socket, pid file and log in the run directory.
     * Two of them because one OpenDKIM either signs a message (its client is internal) or verifies it, never both.
     */
    private void startOpendkim(String role, String settings) throws IOException, InterruptedException {
        Path configuration = directory.resolve("opendkim-" + role + ".conf");
        Files.writeString(configuration, Templates.render("postfix-stack/opendkim.conf", Map.of("@DIR@", directory.toString(),
            "@ROLE@", role, "@ROLE_SETTINGS@", settings, "@NAMESERVERS@", nameservers())));
        Path socket = socket(role);
        Files.deleteIfExists(socket);
        ChildProcess process = helper(ChildProcess.start(List.of(OPENDKIM.toString(), "-f", "-x", configuration.toString()),
            Map.of(), directory, directory.resolve("opendkim-" + role + ".log")));
        process.awaitReady("opendkim (" + role + ")", START_TIMEOUT, () -> Files.exists(socket));
    }

    private Path socket(String role) {
        return directory.resolve("opendkim-" + role + ".sock");
    }

    /**
     * The copy must leave with an SRS0 envelope sender of the alias domain, a DKIM signature of that domain and
     * OpenDKIM's Authentication-Results field (it verified the mail as it came in).
     */
    @Override
    public String checkDelivery(TimestampingSink.Delivery delivery) throws IOException {
        String sender = delivery.envelopeSender();
        if (!sender.startsWith("SRS0=") || !sender.endsWith("@" + DOMAIN)) {
            throw new IOException("postfix-stack: the copy's envelope sender is not SRS0=…@" + DOMAIN + ": " + delivery.mailFrom
                + " (see " + directory.resolve("postsrsd.log") + " and the maillog)");
        }
        if (!delivery.hasFieldFrom("DKIM-Signature", DOMAIN)) {
            throw new IOException("postfix-stack: the copy carries no DKIM-Signature of " + DOMAIN + "; its header fields: "
                + delivery.headerLines);
        }
        // OpenDKIM's verification of the incoming mail shows as its Authentication-Results field (AlwaysAddARHeader).
        if (!delivery.hasField("Authentication-Results")) {
            throw new IOException("postfix-stack: the copy carries no Authentication-Results field: OpenDKIM did not verify it; its header fields: "
                + delivery.headerLines);
        }
        return "envelope sender " + sender.replaceFirst("=[^@]*@", "=…@") + " (postsrsd); DKIM-Signature d=" + DOMAIN
            + " and Authentication-Results (OpenDKIM signed and verified)";
    }

    /** OpenDKIM's Nameservers line: the machine's resolvers from /etc/resolv.conf (nothing when there are none). */
    private static String nameservers() throws IOException {
        Path resolvConf = Paths.get("/etc/resolv.conf");
        if (!Files.isReadable(resolvConf)) {
            return "";
        }
        List<String> servers = new ArrayList<>();
        for (String line : Files.readAllLines(resolvConf, StandardCharsets.US_ASCII)) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length >= 2 && fields[0].equals("nameserver")) {
                servers.add(fields[1]);
            }
        }
        return servers.isEmpty() ? "" : "Nameservers             " + String.join(",", servers);
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    private void run(String... command) throws IOException, InterruptedException {
        Path log = directory.resolve("commands.log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        if (!process.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IOException(String.join(" ", command) + " failed; see " + log);
        }
    }
}
