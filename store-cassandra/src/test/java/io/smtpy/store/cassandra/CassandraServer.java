package io.smtpy.store.cassandra;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Cassandra for tests, started by {@code services/cassandra/cassandra.sh} (the one way it starts, here, in
 * {@code ./smtpy test} and in {@code ./smtpy cluster}).
 * <ul>
 * <li>{@link #shared()}: one server for all the suites of a run. {@code ./smtpy test} starts it once and passes
 * {@code SMTPY_TEST_CASSANDRA} (HOST:PORT); without it the first call starts one for this JVM, stopped when the JVM
 * exits.</li>
 * <li>{@link #startPrivate(Path)}: a server of one's own, to stop and start again ("Cassandra stopped").</li>
 * </ul>
 * Each suite takes a keyspace of its own on it ({@link CassandraStoreExtension}), so suites never see each other's rows.
 */
public class CassandraServer {
    public static final String VARIABLE = "SMTPY_TEST_CASSANDRA";
    private static final String SCRIPT = "services/cassandra/cassandra.sh";
    private static CassandraServer shared;

    private final InetSocketAddress address;

    CassandraServer(InetSocketAddress address) {
        this.address = address;
    }

    /** The server shared by every suite of this run. */
    public static synchronized CassandraServer shared() {
        if (shared == null) {
            shared = startShared();
        }
        return shared;
    }

    /** A server of one's own, its state in {@code dir}; {@link Private#close()} stops it. */
    public static Private startPrivate(Path dir) {
        return new Private(dir, address(run("start", dir)));
    }

    /** Its native (CQL) address. */
    public InetSocketAddress address() {
        return address;
    }

    /** {@code host:port}, as {@code cassandra.contactPoints} takes it. */
    public String contactPoint() {
        return address.getHostString() + ":" + address.getPort();
    }

    /** Settings for a keyspace of this server. */
    public CassandraSettings settings(String keyspace) {
        return CassandraSettings.of(address, keyspace);
    }

    /** A server that a test may stop and start again; it starts again on its port with its data. */
    public static final class Private extends CassandraServer implements AutoCloseable {
        private final Path dir;

        private Private(Path dir, InetSocketAddress address) {
            super(address);
            this.dir = dir;
        }

        public void stop() {
            run("stop", dir);
        }

        public void start() {
            run("start", dir);
        }

        @Override
        public void close() {
            run("stop", dir);
        }
    }

    private static CassandraServer startShared() {
        Optional<String> given = Optional.ofNullable(System.getenv(VARIABLE)).filter(value -> !value.isBlank());
        if (given.isPresent()) {
            return new CassandraServer(parse(given.get().trim()));
        }
        Path dir;
        try {
            dir = Files.createTempDirectory("smtpy-cassandra-");
        } catch (IOException e) {
            throw new IllegalStateException("no temporary directory for Cassandra", e);
        }
        Private started = startPrivate(dir);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            started.close();
            deleteQuietly(dir);
        }, "smtpy-cassandra-stop"));
        return started;
    }

    private static InetSocketAddress address(String output) {
        for (String line : output.split("\n")) {
            if (line.startsWith("cassandra=")) {
                return parse(line.substring("cassandra=".length()).trim());
            }
        }
        throw new IllegalStateException("cassandra.sh printed no address: " + output);
    }

    private static InetSocketAddress parse(String hostAndPort) {
        int colon = hostAndPort.lastIndexOf(':');
        return new InetSocketAddress(hostAndPort.substring(0, colon), Integer.parseInt(hostAndPort.substring(colon + 1)));
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind is harmless
        }
    }

    /** Runs the script; its output, or an exception with its output and errors when it fails. */
    private static String run(String command, Path dir) {
        try {
            Path errors = Files.createTempFile("cassandra-", ".err");
            try {
                Process process = new ProcessBuilder("bash", script().toString(), command, dir.toString())
                    .redirectError(errors.toFile()).start();
                process.getOutputStream().close();
                String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!process.waitFor(300, TimeUnit.SECONDS) || process.exitValue() != 0) {
                    process.destroyForcibly();
                    throw new IllegalStateException("cassandra.sh " + command + " failed: " + output
                        + Files.readString(errors, StandardCharsets.UTF_8));
                }
                return output;
            } finally {
                Files.deleteIfExists(errors);
            }
        } catch (IOException e) {
            throw new IllegalStateException("could not run cassandra.sh " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running cassandra.sh " + command, e);
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
