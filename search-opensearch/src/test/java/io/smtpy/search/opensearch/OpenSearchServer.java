package io.smtpy.search.opensearch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.apache.http.HttpHost;
import org.opensearch.client.RestClient;

/**
 * A real OpenSearch for tests, started by {@code services/opensearch/opensearch.sh} (the one way it starts, here, in
 * {@code ./smtpy test} and in {@code ./smtpy cluster}).
 * <ul>
 * <li>{@link #shared()}: one server for all the suites of a run. {@code ./smtpy test} starts it once and passes
 * {@code SMTPY_TEST_OPENSEARCH} (HOST:PORT, its HTTP address); without it the first call starts one for this JVM,
 * stopped when the JVM exits.</li>
 * <li>{@link #startPrivate(Path)}: a server of one's own, to stop and start again ("OpenSearch stopped").</li>
 * </ul>
 * Each suite takes an index prefix of its own on it, so suites never see each other's documents.
 */
public class OpenSearchServer {
    public static final String VARIABLE = "SMTPY_TEST_OPENSEARCH";
    private static final String SCRIPT = "services/opensearch/opensearch.sh";
    private static OpenSearchServer shared;

    private final HttpHost address;

    OpenSearchServer(HttpHost address) {
        this.address = address;
    }

    /** The server shared by every suite of this run. */
    public static synchronized OpenSearchServer shared() {
        if (shared == null) {
            shared = startShared();
        }
        return shared;
    }

    /** A server of one's own, its state in {@code dir}; {@link Private#close()} stops it. */
    public static Private startPrivate(Path dir) {
        return new Private(dir, address(run("start", dir)));
    }

    /** Its HTTP address. */
    public HttpHost address() {
        return address;
    }

    /** {@code host:port}, as the {@code opensearch.hosts} setting takes it. */
    public String hostAndPort() {
        return address.getHostName() + ":" + address.getPort();
    }

    /** A new client of this server; the caller closes it. */
    public RestClient client() {
        return RestClient.builder(address).build();
    }

    /** A server that a test may stop and start again; it starts again on its port with its data. */
    public static final class Private extends OpenSearchServer implements AutoCloseable {
        private final Path dir;

        private Private(Path dir, HttpHost address) {
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

    private static OpenSearchServer startShared() {
        Optional<String> given = Optional.ofNullable(System.getenv(VARIABLE)).filter(value -> !value.isBlank());
        if (given.isPresent()) {
            return new OpenSearchServer(parse(given.get().trim()));
        }
        Path dir;
        try {
            dir = Files.createTempDirectory("smtpy-opensearch-");
        } catch (IOException e) {
            throw new IllegalStateException("no temporary directory for OpenSearch", e);
        }
        Private started = startPrivate(dir);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            started.close();
            deleteQuietly(dir);
        }, "smtpy-opensearch-stop"));
        return started;
    }

    private static HttpHost address(String output) {
        for (String line : output.split("\n")) {
            if (line.startsWith("opensearch=")) {
                return parse(line.substring("opensearch=".length()).trim());
            }
        }
        throw new IllegalStateException("opensearch.sh printed no address: " + output);
    }

    private static HttpHost parse(String hostAndPort) {
        int colon = hostAndPort.lastIndexOf(':');
        return new HttpHost(hostAndPort.substring(0, colon), Integer.parseInt(hostAndPort.substring(colon + 1)), "http");
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
            Path errors = Files.createTempFile("opensearch-", ".err");
            try {
                Process process = new ProcessBuilder("bash", script().toString(), command, dir.toString())
                    .redirectError(errors.toFile()).start();
                process.getOutputStream().close();
                String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!process.waitFor(300, TimeUnit.SECONDS) || process.exitValue() != 0) {
                    process.destroyForcibly();
                    throw new IllegalStateException("opensearch.sh " + command + " failed: " + output
                        + Files.readString(errors, StandardCharsets.UTF_8));
                }
                return output;
            } finally {
                Files.deleteIfExists(errors);
            }
        } catch (IOException e) {
            throw new IllegalStateException("could not run opensearch.sh " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running opensearch.sh " + command, e);
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
