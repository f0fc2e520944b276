package io.smtpy.scan;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.google.common.net.HostAndPort;

/**
 * Real spamd and clamd for tests, started by {@code scanning/src/test/daemons/scan-daemons.sh} (the one way they
 * start, here and in {@code ./smtpy test}).
 * <ul>
 * <li>{@link #shared()}: one pair for all the suites of a run. {@code ./smtpy test} starts it once and passes
 * {@code SMTPY_TEST_SPAMD} and {@code SMTPY_TEST_CLAMD} (HOST:PORT); without them the first call starts a pair for
 * this JVM, stopped when the JVM exits.</li>
 * <li>{@link #startPrivate(Path)}: a pair of one's own, to stop and start again ("a scanner stopped mid-run").</li>
 * </ul>
 * A missing daemon binary fails the test (the script says which Debian package to install), it never skips.
 */
public class ScanDaemons {
    public static final String SPAMD_VARIABLE = "SMTPY_TEST_SPAMD";
    public static final String CLAMD_VARIABLE = "SMTPY_TEST_CLAMD";
    private static final String SCRIPT = "scanning/src/test/daemons/scan-daemons.sh";
    private static ScanDaemons shared;

    private final HostAndPort spamd;
    private final HostAndPort clamd;

    ScanDaemons(HostAndPort spamd, HostAndPort clamd) {
        this.spamd = spamd;
        this.clamd = clamd;
    }

    /** The pair shared by every suite of this run. */
    public static synchronized ScanDaemons shared() {
        if (shared == null) {
            shared = startShared();
        }
        return shared;
    }

    /** A pair of one's own, its state in {@code dir}; {@link Private#close()} stops it. */
    public static Private startPrivate(Path dir) {
        Map<String, HostAndPort> addresses = addresses(run("start", dir));
        return new Private(dir, addresses.get("spamd"), addresses.get("clamd"));
    }

    public HostAndPort spamd() {
        return spamd;
    }

    public HostAndPort clamd() {
        return clamd;
    }

    /** {@code spamd.address} and {@code clamd.address} of these daemons, for {@link ScannerSettings#parse(Map)}. */
    public Map<String, String> properties() {
        return Map.of(ScannerSettings.SPAMD_ADDRESS, spamd.toString(), ScannerSettings.CLAMD_ADDRESS, clamd.toString());
    }

    /** A pair that a test may stop and start again; each starts again on the port it had. */
    public static final class Private extends ScanDaemons implements AutoCloseable {
        private final Path dir;

        private Private(Path dir, HostAndPort spamd, HostAndPort clamd) {
            super(spamd, clamd);
            this.dir = dir;
        }

        public void stopSpamd() {
            run("stop-spamd", dir);
        }

        public void startSpamd() {
            run("start-spamd", dir);
        }

        public void stopClamd() {
            run("stop-clamd", dir);
        }

        public void startClamd() {
            run("start-clamd", dir);
        }

        @Override
        public void close() {
            run("stop", dir);
        }
    }

    private static ScanDaemons startShared() {
        Optional<String> spamd = variable(SPAMD_VARIABLE);
        Optional<String> clamd = variable(CLAMD_VARIABLE);
        if (spamd.isPresent() && clamd.isPresent()) {
            return new ScanDaemons(HostAndPort.fromString(spamd.get()), HostAndPort.fromString(clamd.get()));
        }
        Path dir;
        try {
            dir = Files.createTempDirectory("smtpy-scan-daemons-");
        } catch (IOException e) {
            throw new IllegalStateException("no temporary directory for the scan daemons", e);
        }
        Private started = startPrivate(dir);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            started.close();
            deleteQuietly(dir);
        }, "smtpy-scan-daemons-stop"));
        return started;
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind is harmless
        }
    }

    private static Optional<String> variable(String name) {
        return Optional.ofNullable(System.getenv(name)).filter(value -> !value.isBlank());
    }

    private static Map<String, HostAndPort> addresses(String output) {
        Map<String, HostAndPort> addresses = new HashMap<>();
        for (String line : output.split("\n")) {
            int equals = line.indexOf('=');
            if (equals > 0) {
                addresses.put(line.substring(0, equals), HostAndPort.fromString(line.substring(equals + 1).trim()));
            }
        }
        if (!addresses.containsKey("spamd") || !addresses.containsKey("clamd")) {
            throw new IllegalStateException("scan-daemons.sh printed no addresses: " + output);
        }
        return addresses;
    }

    /** Runs the script; its output, or an exception with its output and errors when it fails. */
    private static String run(String command, Path dir) {
        List<String> arguments = new ArrayList<>(List.of("bash", script().toString(), command, dir.toString()));
        try {
            Path errors = Files.createTempFile("scan-daemons-", ".err");
            try {
                Process process = new ProcessBuilder(arguments).redirectError(errors.toFile()).start();
                process.getOutputStream().close();
                String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
                    process.destroyForcibly();
                    throw new IllegalStateException("scan-daemons.sh " + command + " failed: " + output
                        + Files.readString(errors, StandardCharsets.UTF_8));
                }
                return output;
            } finally {
                Files.deleteIfExists(errors);
            }
        } catch (IOException e) {
            throw new IllegalStateException("could not run scan-daemons.sh " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running scan-daemons.sh " + command, e);
        }
    }

    /** The script, found from the module's directory or the repository's (or any directory below it). */
    private static Path script() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path candidate = dir; candidate != null; candidate = candidate.getParent()) {
            Path script = candidate.resolve(SCRIPT);
            if (Files.isRegularFile(script)) {
                return script;
            }
        }
        throw new IllegalStateException(SCRIPT + " not found above " + dir);
    }
}
