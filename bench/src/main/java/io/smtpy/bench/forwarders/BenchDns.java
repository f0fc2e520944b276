package io.smtpy.bench.forwarders;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The bench's DNS server: Debian's {@code dnsmasq} on a loopback port, in the foreground, answering only for the
 * zone {@value #ZONE} from the records it is given, with an SOA and a TTL so that a resolver's cache keeps positive
 * and negative answers as it would from a real zone. smtpy's {@code dns.resolver} points at it, so its inbound checks
 * (SPF, DMARC) get definite answers at once and its DKIM keys can be published and seen.
 *
 * <p>dnsmasq does not re-read TXT records on SIGHUP: {@link #publish(List)} restarts it on the same port.
 */
public final class BenchDns implements AutoCloseable {
    public static final Path DNSMASQ = Paths.get("/usr/sbin/dnsmasq");
    /** The parent of every bench domain: client.example (the sender), smtpy-bench.example, sink.example. */
    static final String ZONE = "example";
    private static final Duration TTL = Duration.ofMinutes(5);
    private static final String READY_NAME = "ready.bench." + ZONE;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);
    /** Longest character-string of a TXT record (RFC 1035); a longer value is published as several strings. */
    private static final int TXT_STRING_MAX = 255;
    private static final String PID_FILE = "dnsmasq.pid";

    private final Path directory;
    private final int port;
    private ChildProcess process;

    private BenchDns(Path directory, int port) {
        this.directory = directory;
        this.port = port;
    }

    /** Why this machine cannot run the bench's DNS server, or null when it can. */
    public static String unavailableBecause() {
        return Files.isExecutable(DNSMASQ) ? null : DNSMASQ + " is not installed (apt-get install dnsmasq-base)";
    }

    /** Starts dnsmasq answering with {@code records} (dnsmasq options, see {@link #txt(String, String)}). */
    static BenchDns start(Path directory, List<String> records) throws IOException, InterruptedException {
        BenchDns dns = new BenchDns(Files.createDirectories(directory), freeUdpAndTcpPort());
        dns.publish(records);
        return dns;
    }

    /** The option that serves a TXT record, split into strings of at most 255 characters (values have no comma). */
    static String txt(String name, String value) {
        List<String> strings = new ArrayList<>();
        for (int start = 0; start < value.length(); start += TXT_STRING_MAX) {
            strings.add(value.substring(start, Math.min(value.length(), start + TXT_STRING_MAX)));
        }
        return "--txt-record=" + name + "," + String.join(",", strings);
    }

    int port() {
        return port;
    }

    /** The value of {@code dns.resolver} that points smtpy here. */
    String resolver() {
        return "127.0.0.1:" + port;
    }

    /** Serves exactly these records from now on (dnsmasq restarted on the same port), once it answers again. */
    void publish(List<String> records) throws IOException, InterruptedException {
        close();
        List<String> command = new ArrayList<>(List.of(DNSMASQ.toString(),
            "--keep-in-foreground", "--conf-file=/dev/null", "--port=" + port, "--listen-address=127.0.0.1", "--bind-interfaces",
            "--no-resolv", "--no-hosts", "--pid-file=", "--user=" + System.getProperty("user.name"), "--cache-size=0",
            "--log-facility=-", "--local=/" + ZONE + "/",
            // Authoritative for the zone: answers with a TTL, NXDOMAIN and NODATA with the SOA a cache needs (RFC 2308).
            "--local-ttl=" + TTL.toSeconds(), "--auth-ttl=" + TTL.toSeconds(), "--auth-zone=" + ZONE, "--auth-server=ns." + ZONE + ",127.0.0.1",
            txt(READY_NAME, "ready")));
        command.addAll(records);
        process = ChildProcess.start(command, Map.of(), directory, directory.resolve("dnsmasq.log"));
        // For bench/run.sh, which stops what a killed harness left running.
        Files.writeString(directory.resolve(PID_FILE), Long.toString(process.pid()));
        process.awaitReady("dnsmasq", START_TIMEOUT, this::answers);
    }

    /** Whether dnsmasq answers the readiness name's TXT query with an answer (a hand-made query: no resolver library). */
    private boolean answers() {
        ByteArrayOutputStream query = new ByteArrayOutputStream();
        // Header: id, flags RD, one question, no other records.
        query.writeBytes(new byte[] {0x62, 0x65, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00});
        for (String label : READY_NAME.split("\\.")) {
            query.write(label.length());
            query.writeBytes(label.getBytes(StandardCharsets.US_ASCII));
        }
        // End of name, QTYPE TXT (16), QCLASS IN (1).
        query.writeBytes(new byte[] {0x00, 0x00, 0x10, 0x00, 0x01});
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.setSoTimeout(200);
            byte[] bytes = query.toByteArray();
            socket.send(new DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(), port));
            byte[] reply = new byte[512];
            DatagramPacket packet = new DatagramPacket(reply, reply.length);
            socket.receive(packet);
            // Same id, a response, RCODE 0, at least one answer.
            return packet.getLength() >= 12 && reply[0] == 0x62 && reply[1] == 0x65 && (reply[2] & 0x80) != 0 && (reply[3] & 0x0f) == 0
                && ((reply[6] & 0xff) << 8 | reply[7] & 0xff) > 0;
        } catch (IOException notYet) {
            return false;
        }
    }

    @Override
    public void close() {
        if (process != null) {
            process.close();
            process = null;
            try {
                Files.deleteIfExists(directory.resolve(PID_FILE));
            } catch (IOException e) {
                System.err.println("bench: " + e);
            }
        }
    }

    private static int freeUdpAndTcpPort() throws IOException {
        for (int attempt = 0; attempt < 20; attempt++) {
            int port = Ports.free();
            try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))) {
                return udp.getLocalPort();
            } catch (IOException taken) {
                // the UDP side of this port is taken: try another
            }
        }
        throw new IOException("no free port for both TCP and UDP on loopback");
    }
}
