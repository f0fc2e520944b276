package io.smtpy.bench.forwarders;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The two scanners of the scan phase (issue 14), started once and asked by both systems in turn: Debian's
 * {@code spamd} and {@code clamd}, each in the foreground on a loopback TCP port, with files of their own in the run
 * directory. Both need root: spamd binds as root and serves as {@code nobody}.
 *
 * <ul>
 *   <li>spamd: {@code -L} (local tests only: no DNS blocklists, no network), no Bayes ({@code --cf='use_bayes 0'}),
 *       no per-user configuration, Debian's {@code --max-children 5}, only 127.0.0.1 may connect. The rules are those
 *       the package ships (no sa-update here).</li>
 *   <li>clamd: {@code src/main/resources/scan/clamd.conf}, a database of one body signature for the EICAR test string
 *       written at start ({@code .ndb}: a whole-file hash would never match inside a mail), so a clean mail is scanned
 *       against it and infected test mail is found as {@code Bench.EICAR.UNOFFICIAL}.</li>
 * </ul>
 *
 * <p>CPU time is read per daemon: spamd's parent, its children that ended and its live children; clamd's one process.
 */
public final class ScanDaemons implements AutoCloseable {
    /** The EICAR antivirus test string (68 bytes): every scanner's "infected" test, harmless. */
    public static final String EICAR = "X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*";
    private static final Path SPAMD = Paths.get("/usr/sbin/spamd");
    private static final Path CLAMD = Paths.get("/usr/sbin/clamd");
    private static final String SPAMD_USER = "nobody";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final int PING_TIMEOUT_MILLIS = 5000;

    private final Path directory;
    private final int spamdPort;
    private final int clamdPort;
    private ChildProcess spamd;
    private ChildProcess clamd;

    /** Picks two free loopback ports, one for each daemon. */
    private ScanDaemons(Path directory) throws IOException {
        this.directory = directory;
        spamdPort = Ports.free();
        int port = Ports.free();
        while (port == spamdPort) {
            port = Ports.free();
        }
        clamdPort = port;
    }

    /** Why this machine cannot run the scanners, or null when it can. */
    public static String unavailableBecause() {
        for (Path program : List.of(SPAMD, CLAMD)) {
            if (!Files.isExecutable(program)) {
                return program.getFileName() + " is not installed (apt-get install spamassassin spamd clamav-daemon)";
            }
        }
        if (!"root".equals(System.getProperty("user.name"))) {
            return "spamd serves as " + SPAMD_USER + " and needs root to start";
        }
        return null;
    }

    /** Starts spamd and clamd on free loopback ports and returns once both answer a PING. */
    public static ScanDaemons start(Path directory) throws IOException, InterruptedException {
        Files.createDirectories(directory);
        ScanDaemons daemons = new ScanDaemons(directory);
        try {
            daemons.startClamd();
            daemons.startSpamd();
        } catch (IOException | InterruptedException | RuntimeException e) {
            daemons.close();
            throw e;
        }
        return daemons;
    }

    private void startSpamd() throws IOException, InterruptedException {
        // HOME of spamd's helpers; nothing is written there with Bayes and per-user configuration off.
        Path home = Files.createDirectories(directory.resolve("spamd-home"));
        Files.setOwner(home, FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName(SPAMD_USER));
        spamd = ChildProcess.start(List.of(SPAMD.toString(), "-L", "-x", "-u", SPAMD_USER, "-H", home.toString(),
                "--listen=127.0.0.1:" + spamdPort, "--allowed-ips=127.0.0.1", "--max-children=5", "--cf=use_bayes 0",
                "--pidfile=" + directory.resolve("spamd.pid"), "--syslog=stderr"),
            Map.of(), directory, directory.resolve("spamd.log"));
        spamd.awaitReady("spamd", START_TIMEOUT, () -> answers(spamdPort, "PING SPAMC/1.5\r\n\r\n", "PONG"));
    }

    private void startClamd() throws IOException, InterruptedException {
        Path database = Files.createDirectories(directory.resolve("db"));
        StringBuilder hex = new StringBuilder();
        for (byte b : EICAR.getBytes(StandardCharsets.US_ASCII)) {
            hex.append(String.format("%02x", b));
        }
        // Name:TargetType:Offset:HexSignature; target 0 is any file, offset * anywhere in it.
        Files.writeString(database.resolve("bench.ndb"), "Bench.EICAR:0:*:" + hex + "\n", StandardCharsets.US_ASCII);
        Path configuration = directory.resolve("clamd.conf");
        Files.writeString(configuration, Templates.render("scan/clamd.conf", Map.of("@DIR@", directory.toString(),
            "@PORT@", Integer.toString(clamdPort))));
        clamd = ChildProcess.start(List.of(CLAMD.toString(), "-c", configuration.toString()), Map.of(), directory,
            directory.resolve("clamd.console.log"));
        clamd.awaitReady("clamd", START_TIMEOUT, () -> answers(clamdPort, "zPING\0", "PONG"));
    }

    /** Whether the server on the port answers {@code request} with something containing {@code expected}. */
    private static boolean answers(int port, String request, String expected) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), PING_TIMEOUT_MILLIS);
            socket.setSoTimeout(PING_TIMEOUT_MILLIS);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder reply = new StringBuilder();
            byte[] buffer = new byte[64];
            for (int read = in.read(buffer); read > 0; read = in.read(buffer)) {
                reply.append(new String(buffer, 0, read, StandardCharsets.US_ASCII));
                if (reply.indexOf(expected) >= 0) {
                    return true;
                }
            }
            return false;
        } catch (IOException notYet) {
            return false;
        }
    }

    /** spamd's address as smtpy's {@code spamd.address} takes it: 127.0.0.1:port. */
    public String spamdAddress() {
        return "127.0.0.1:" + spamdPort;
    }

    /** clamd's address as smtpy's {@code clamd.address} takes it: 127.0.0.1:port. */
    public String clamdAddress() {
        return "127.0.0.1:" + clamdPort;
    }

    public int spamdPort() {
        return spamdPort;
    }

    public int clamdPort() {
        return clamdPort;
    }

    /** CPU time of spamd (parent and children, ended or alive) so far, in clock ticks. */
    public long spamdCpuTicks() {
        return spamd == null ? 0 : ProcessStats.familyCpuTicks(spamd.pid());
    }

    /** CPU time of clamd so far, in clock ticks. */
    public long clamdCpuTicks() {
        return clamd == null ? 0 : ProcessStats.familyCpuTicks(clamd.pid());
    }

    /** What the results say about the scanners. */
    public String describe() {
        return "spamd " + spamdAddress() + " (-L, no Bayes, 5 children), clamd " + clamdAddress()
            + " (one EICAR body signature); logs in " + directory;
    }

    /** Stops both with SIGTERM (spamd's children end with it). */
    @Override
    public void close() {
        for (ChildProcess daemon : new ChildProcess[] {spamd, clamd}) {
            if (daemon != null) {
                daemon.close();
            }
        }
    }
}
