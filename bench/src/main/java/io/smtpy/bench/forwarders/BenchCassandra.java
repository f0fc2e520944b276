package io.smtpy.bench.forwarders;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * The Cassandra of the cluster phase: the one {@code SMTPY_TEST_CASSANDRA} names (HOST:PORT, as the tests take it),
 * used as it is and never stopped; else one started with {@code services/cassandra/cassandra.sh start DIR} (a
 * single node on free loopback ports, its state and logs in DIR) and stopped with {@code cassandra.sh stop DIR} by
 * {@link #close()}. {@code bench/run.sh} stops one a killed harness left, by {@code DIR/cassandra.pid}.
 */
public final class BenchCassandra implements AutoCloseable {
    public static final String VARIABLE = "SMTPY_TEST_CASSANDRA";
    private static final String SCRIPT = "services/cassandra/cassandra.sh";
    private static final String ADDRESS_PREFIX = "cassandra=";
    /** The script waits this long for CQL (CASSANDRA_READY_SECONDS, unless set), as ./smtpy cluster lets it on a loaded machine. */
    private static final Duration READY = Duration.ofSeconds(300);
    /** Beyond the wait for CQL: resolving Cassandra's class path with Maven on a first start. */
    private static final Duration SCRIPT_TIMEOUT = READY.plus(Duration.ofMinutes(5));

    private final Path script;
    private final Path directory;
    private final String contactPoint;
    private boolean stopped;

    private BenchCassandra(Path script, Path directory, String contactPoint) {
        this.script = script;
        this.directory = directory;
        this.contactPoint = contactPoint;
    }

    /** Why this checkout cannot start a Cassandra, or null when it can (or when SMTPY_TEST_CASSANDRA names one). */
    public static String unavailableBecause(Path repository) {
        return given().isPresent() || Files.isRegularFile(repository.resolve(SCRIPT)) ? null
            : "neither " + VARIABLE + " is set nor " + repository.resolve(SCRIPT) + " exists";
    }

    /** The Cassandra of SMTPY_TEST_CASSANDRA, or one started in {@code directory} with the repository's script. */
    public static BenchCassandra start(Path repository, Path directory) throws IOException, InterruptedException {
        Optional<String> given = given();
        if (given.isPresent()) {
            return new BenchCassandra(null, null, given.get());
        }
        Path script = repository.resolve(SCRIPT);
        Files.createDirectories(directory);
        try {
            String output = run(script, "start", directory);
            for (String line : output.split("\n")) {
                if (line.startsWith(ADDRESS_PREFIX)) {
                    return new BenchCassandra(script, directory, line.substring(ADDRESS_PREFIX.length()).trim());
                }
            }
            throw new IOException(script + " start printed no address: " + output);
        } catch (IOException | InterruptedException e) {
            // A start cut short (a timeout, no address) may have left the server running.
            run(script, "stop", directory);
            throw e;
        }
    }

    private static Optional<String> given() {
        return Optional.ofNullable(System.getenv(VARIABLE)).map(String::trim).filter(value -> !value.isEmpty());
    }

    /** HOST:PORT of its native (CQL) port, as {@code cassandra.contactPoints} takes it. */
    public String contactPoint() {
        return contactPoint;
    }

    /** The pid of a Cassandra the bench started (its CPU is then read apart); empty for SMTPY_TEST_CASSANDRA's. */
    public OptionalLong pid() {
        if (directory == null) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(Files.readString(directory.resolve("cassandra.pid")).trim()));
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    public String describe() {
        return directory == null ? VARIABLE + "=" + contactPoint + " (not started by the bench, not stopped)"
            : contactPoint + ", started by the bench with " + SCRIPT + " in " + directory + " (heap "
            + Optional.ofNullable(System.getenv("CASSANDRA_HEAP")).orElse("1g, the script's default") + ")";
    }

    /** Stops the Cassandra the bench started (nothing for SMTPY_TEST_CASSANDRA's); safe to call twice. */
    @Override
    public synchronized void close() throws IOException, InterruptedException {
        if (directory == null || stopped) {
            return;
        }
        stopped = true;
        run(script, "stop", directory);
    }

    /** Runs the script; its standard output (in DIR/cassandra-script.out), its errors appended to DIR/cassandra-script.log. */
    private static String run(Path script, String command, Path directory) throws IOException, InterruptedException {
        Path output = directory.resolve("cassandra-script.out");
        ProcessBuilder builder = new ProcessBuilder("bash", script.toString(), command, directory.toString())
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
            .redirectOutput(output.toFile())
            .redirectError(ProcessBuilder.Redirect.appendTo(directory.resolve("cassandra-script.log").toFile()));
        builder.environment().putIfAbsent("CASSANDRA_READY_SECONDS", Long.toString(READY.toSeconds()));
        Process process = builder.start();
        if (!process.waitFor(SCRIPT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException(script + " " + command + " did not end within " + SCRIPT_TIMEOUT.toSeconds() + " s");
        }
        if (process.exitValue() != 0) {
            throw new IOException(script + " " + command + " failed (" + process.exitValue() + "); see " + directory.resolve("cassandra-script.log")
                + " and " + directory.resolve("cassandra.log"));
        }
        return Files.readString(output, StandardCharsets.UTF_8);
    }
}
