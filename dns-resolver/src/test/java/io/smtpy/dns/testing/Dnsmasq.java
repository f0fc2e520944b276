package io.smtpy.dns.testing;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.smtpy.core.dns.DnsLookupException;
import io.smtpy.dns.DnsJavaLookup;

/**
 * A real dnsmasq (Debian's {@code dnsmasq-base}) serving only the records it is given, on a free loopback port,
 * in the foreground, with no upstream: names under {@code --local} domains it does not know are NXDOMAIN.
 * {@link #close()} stops it by its PID.
 */
public final class Dnsmasq implements AutoCloseable {
    public static final Path BINARY = Path.of("/usr/sbin/dnsmasq");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);

    private final Process process;
    private final int port;
    private final Path log;

    private Dnsmasq(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * @param records dnsmasq options such as {@code --txt-record=name,value} and {@code --mx-host=name,host,10}
     * @param readinessName a TXT name among the records, asked until dnsmasq answers
     */
    public static Dnsmasq start(List<String> records, String readinessName) throws IOException, InterruptedException {
        return start(records, readinessName, -1);
    }

    /**
     * Stops this server and starts one with other records on the same port, so a resolver configured once sees
     * the records change (dnsmasq does not re-read TXT records on SIGHUP).
     */
    public Dnsmasq restartWith(List<String> records, String readinessName) throws IOException, InterruptedException {
        close();
        return start(records, readinessName, port);
    }

    private static Dnsmasq start(List<String> records, String readinessName, int fixedPort)
            throws IOException, InterruptedException {
        if (!Files.isExecutable(BINARY)) {
            throw new IllegalStateException(BINARY + " is missing: install Debian's dnsmasq-base "
                + "(apt-get install dnsmasq-base; .ci/run does it) to run the DNS tests");
        }
        IOException lastFailure = null;
        // A free port can be taken by someone else between the probe and dnsmasq's bind: try a few.
        for (int attempt = 0; attempt < 3; attempt++) {
            int port = fixedPort > 0 ? fixedPort : freeUdpAndTcpPort();
            Path log = Files.createTempFile("dnsmasq-", ".log");
            List<String> command = new ArrayList<>(List.of(
                BINARY.toString(),
                "--keep-in-foreground",
                "--conf-file=/dev/null",
                "--port=" + port,
                "--listen-address=127.0.0.1",
                "--bind-interfaces",
                "--no-resolv",
                "--no-hosts",
                "--pid-file=",
                "--user=" + System.getProperty("user.name"),
                "--cache-size=0",
                "--log-facility=-",
                "--local=/test/"));
            command.addAll(records);
            Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
            Dnsmasq dnsmasq = new Dnsmasq(process, port, log);
            if (dnsmasq.awaitReady(readinessName)) {
                return dnsmasq;
            }
            lastFailure = new IOException("dnsmasq did not answer on port " + port + ":\n" + dnsmasq.output());
            dnsmasq.close();
        }
        throw lastFailure;
    }

    /**
     * Options that make dnsmasq answer for {@code .test} as a real zone does: its records with this TTL, and
     * NXDOMAIN and "no record of that type" with the zone's SOA in the authority section (TTL and MINIMUM both this
     * TTL), from which a cache takes its negative TTL (RFC 2308). Without them dnsmasq gives TTL 0 and no SOA.
     */
    public static List<String> zoneWithTtl(Duration ttl) {
        long seconds = ttl.getSeconds();
        return List.of("--local-ttl=" + seconds, "--auth-ttl=" + seconds, "--auth-zone=test",
            "--auth-server=ns.test,127.0.0.1");
    }

    /**
     * The option serving a TXT record of one string whose bytes are the chars of {@code text} taken one by one (so
     * U+00FF is byte 0xFF): for answers that are not valid UTF-8, which {@code --txt-record} cannot give.
     */
    public static String rawTxtRecord(String name, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        StringBuilder hex = new StringBuilder(String.format("%02X", bytes.length));
        for (byte b : bytes) {
            hex.append(String.format("%02X", b & 0xff));
        }
        return "--dns-rr=" + name + ",16," + hex;
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    public String output() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private boolean awaitReady(String readinessName) throws InterruptedException {
        DnsJavaLookup probe = new DnsJavaLookup(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), Duration.ofMillis(200));
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline && process.isAlive()) {
            try {
                if (!probe.txt(readinessName).isEmpty()) {
                    return true;
                }
            } catch (DnsLookupException e) {
                // not listening yet
            }
            Thread.sleep(50);
        }
        return false;
    }

    @Override
    public void close() {
        // Process.destroy sends SIGTERM to this PID only; dnsmasq exits at once on it.
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try {
            Files.deleteIfExists(log);
        } catch (IOException e) {
            // a temporary file left behind is harmless
        }
    }

    private static int freeUdpAndTcpPort() throws IOException {
        for (int attempt = 0; attempt < 20; attempt++) {
            int port;
            try (ServerSocket tcp = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = tcp.getLocalPort();
            }
            try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))) {
                return udp.getLocalPort();
            } catch (IOException e) {
                // UDP side taken: try another port
            }
        }
        throw new IOException("no free port for both TCP and UDP on loopback");
    }
}
