package io.smtpy.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.smtpy.server.testing.ForkedSmtpyServer;
import io.smtpy.server.testing.FreePorts;
import io.smtpy.server.testing.SmtpSink;
import io.smtpy.server.testing.SmtpTestClient;

/**
 * {@code ./smtpy cluster --data DIR --gateway HOST:PORT} run as a mail admin runs it, as a process of its own: it
 * starts its own Cassandra and OpenSearch under DIR (that is the command's job; this test never touches the stores
 * {@code ./smtpy test} shares, and no {@code SMTPY_*} variable of the test run reaches it) and two smtpy nodes. An
 * alias made through node 1's WebAdmin forwards mail received by node 2 to the gateway (a local sink); SIGTERM stops
 * every process it started.
 *
 * <p>The nodes run on this test's class path ({@code SMTPY_CLASS_PATH}), so nothing is built (no {@code mvn install}
 * from inside a test). Needs Linux ({@code /proc}) and {@code /usr/bin/python3}, as the stores' scripts do.
 */
@Timeout(1200)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterCommandTest {
    private static final Pattern NODE_LINE = Pattern.compile("node (\\d+) smtp=(\\d+) webadmin=(\\d+)");
    /** A slow machine running the rest of the suite beside it: two stores and two nodes start on two cores. */
    private static final Duration START_TIMEOUT = Duration.ofMinutes(10);
    private static final Duration STOP_TIMEOUT = Duration.ofMinutes(3);
    private static final String OPERATOR_KEY = "cluster-operator-key-" + UUID.randomUUID();
    private static final String DOMAIN = "cluster.example";
    private static final String DESTINATION = "someone@dest.example";

    @TempDir
    static Path temporary;

    private static Path data;
    private static SmtpSink sink;
    private static int sinkPort;
    private static Cluster cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        assumeThat(Files.isDirectory(Paths.get("/proc/self"))).as("needs Linux /proc").isTrue();
        // As root, OpenSearch runs as smtpy-search, which must get through every parent of DIR.
        Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rwx--x--x"));
        data = temporary.resolve("cluster");
        sinkPort = FreePorts.pick();
        sink = SmtpSink.start(sinkPort);
        cluster = Cluster.start(data, "127.0.0.1:" + sinkPort, temporary.resolve("cluster-1.err"));
    }

    @AfterAll
    static void stopEverything() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
        if (sink != null) {
            sink.close();
        }
    }

    @Test
    @Order(1)
    void shouldPrintOneLinePerNodeWithItsPortsOnceItServes() throws Exception {
        assertThat(cluster.lines).hasSize(2);
        assertThat(cluster.lines).allMatch(line -> NODE_LINE.matcher(line).matches());
        assertThat(cluster.smtpPorts.keySet()).containsExactly(1, 2);
        Set<Integer> ports = new TreeSet<>(cluster.smtpPorts.values());
        ports.addAll(cluster.webAdminPorts.values());
        assertThat(ports).as("four distinct ports").hasSize(4);
        for (int node : List.of(1, 2)) {
            try (SmtpTestClient smtp = SmtpTestClient.connect("127.0.0.1", cluster.smtpPorts.get(node))) {
                assertThat(smtp.greeting().code()).isEqualTo(220);
            }
        }
    }

    @Test
    @Order(2)
    void theOperatorKeyShouldWorkOnBothNodesAndNoOtherKey() throws Exception {
        for (int node : List.of(1, 2)) {
            assertThat(cluster.call(node, "GET", "/smtpy/domains", OPERATOR_KEY).statusCode()).isEqualTo(200);
            assertThat(cluster.call(node, "GET", "/smtpy/domains", "not-the-" + OPERATOR_KEY).statusCode()).isEqualTo(401);
        }
    }

    @Test
    @Order(3)
    void anAliasCreatedThroughNode1ShouldForwardMailReceivedByNode2ThroughTheGateway() throws Exception {
        assertThat(cluster.call(1, "PUT", "/smtpy/domains/" + DOMAIN, OPERATOR_KEY).statusCode()).isEqualTo(201);
        HttpResponse<String> alias = cluster.call(1, "PUT", "/smtpy/domains/" + DOMAIN + "/aliases/info", OPERATOR_KEY,
            "{\"destinations\": [\"" + DESTINATION + "\"]}");
        assertThat(alias.statusCode()).as(alias.body()).isEqualTo(201);

        // Node 2 learns of the alias through the change feed (within a second; the wait allows for a loaded machine).
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
            .until(() -> rcptOnNode2("info@" + DOMAIN) == 250);
        try (SmtpTestClient smtp = SmtpTestClient.connect("127.0.0.1", cluster.smtpPorts.get(2))) {
            smtp.ehlo("client.sender.example");
            assertThat(smtp.mailFrom("jane@sender.example").code()).isEqualTo(250);
            assertThat(smtp.rcptTo("info@" + DOMAIN).code()).isEqualTo(250);
            assertThat(smtp.data("From: Jane <jane@sender.example>\r\n"
                + "To: info@" + DOMAIN + "\r\n"
                + "Subject: through node 2\r\n"
                + "Message-ID: <through-node-2@sender.example>\r\n"
                + "\r\n"
                + "Hello from the cluster test.\r\n").code()).isEqualTo(250);
        }

        SmtpSink.Delivery copy = sink.awaitCopy(DESTINATION, "through node 2");
        assertThat(copy.sender()).startsWith("SRS0=").endsWith("@" + DOMAIN);
        assertThat(copy.message()).contains("Hello from the cluster test.");
    }

    private static int rcptOnNode2(String recipient) throws IOException {
        try (SmtpTestClient smtp = SmtpTestClient.connect("127.0.0.1", cluster.smtpPorts.get(2))) {
            smtp.ehlo("client.sender.example");
            smtp.mailFrom("jane@sender.example");
            return smtp.rcptTo(recipient).code();
        }
    }

    @Test
    @Order(4)
    void sigtermShouldStopEveryProcessItStarted() throws Exception {
        Set<Long> started = cluster.processes();
        // The command itself, the two nodes, Cassandra and OpenSearch at least (a store's JVM is not its child:
        // the store scripts start it in the background and exit).
        assertThat(started).hasSizeGreaterThanOrEqualTo(5);
        assertThat(started).allMatch(ClusterCommandTest::isRunning);

        int exitCode = cluster.stop();

        assertThat(exitCode).as(cluster.stderrTail()).isZero();
        assertThat(started.stream().filter(ClusterCommandTest::isRunning).collect(Collectors.toList()))
            .as("still running after the stop").isEmpty();
        assertThat(processesNaming(data)).as("processes naming " + data).isEmpty();
    }

    /** Running and not a zombie waiting for its parent. */
    private static boolean isRunning(long pid) {
        try {
            String stat = Files.readString(Paths.get("/proc/" + pid + "/stat"), StandardCharsets.US_ASCII);
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException gone) {
            return false;
        }
    }

    /** The processes whose command line names {@code directory} (a store's config, a node's --data...). */
    private static Set<Long> processesNaming(Path directory) throws IOException {
        Set<Long> found = new TreeSet<>();
        long self = ProcessHandle.current().pid();
        try (Stream<Path> entries = Files.list(Paths.get("/proc"))) {
            for (Path entry : (Iterable<Path>) entries::iterator) {
                String name = entry.getFileName().toString();
                if (!name.matches("\\d+") || Long.parseLong(name) == self) {
                    continue;
                }
                try {
                    String commandLine = new String(Files.readAllBytes(entry.resolve("cmdline")), StandardCharsets.UTF_8);
                    if (commandLine.contains(directory.toString()) && isRunning(Long.parseLong(name))) {
                        found.add(Long.parseLong(name));
                    }
                } catch (IOException goneMeanwhile) {
                    // exited while we looked
                }
            }
        }
        return found;
    }

    /** One run of {@code ./smtpy cluster}: its stdout lines as they come, its stderr in a file. */
    private static final class Cluster implements AutoCloseable {
        private final Process process;
        private final Path data;
        private final Path stderr;
        private final List<String> lines = new CopyOnWriteArrayList<>();
        private final Map<Integer, Integer> smtpPorts = new TreeMap<>();
        private final Map<Integer, Integer> webAdminPorts = new TreeMap<>();
        private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

        private Cluster(Process process, Path data, Path stderr) {
            this.process = process;
            this.data = data;
            this.stderr = stderr;
        }

        static Cluster start(Path data, String gateway, Path stderr) throws Exception {
            Path root = ForkedSmtpyServer.shippedConfiguration().getParent();
            ProcessBuilder builder = new ProcessBuilder(root.resolve("smtpy").toString(), "cluster", "--data", data.toString(),
                "--gateway", gateway)
                .redirectError(ProcessBuilder.Redirect.to(stderr.toFile()));
            Map<String, String> environment = builder.environment();
            // Nothing of the test run (its shared stores included) reaches the command.
            environment.keySet().removeIf(name -> name.startsWith("SMTPY_"));
            environment.put("SMTPY_OPERATOR_KEY", OPERATOR_KEY);
            environment.put("SMTPY_CLASS_PATH", System.getProperty("java.class.path"));
            // The JDK running this test runs the nodes and the stores.
            String javaHome = System.getProperty("java.home");
            environment.put("JAVA_HOME", javaHome);
            environment.put("PATH", javaHome + "/bin:" + environment.getOrDefault("PATH", "/usr/bin:/bin"));
            Cluster cluster = new Cluster(builder.start(), data, stderr);
            cluster.readStdout();
            cluster.awaitNodes();
            return cluster;
        }

        private void readStdout() {
            Thread reader = new Thread(() -> {
                try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line = out.readLine(); line != null; line = out.readLine()) {
                        lines.add(line);
                    }
                } catch (IOException closed) {
                    // the process ended
                }
            }, "cluster-stdout");
            reader.setDaemon(true);
            reader.start();
        }

        private void awaitNodes() throws InterruptedException {
            Instant deadline = Instant.now().plus(START_TIMEOUT);
            while (lines.size() < 2) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("./smtpy cluster exited with " + process.exitValue()
                        + " before both nodes served; stdout " + lines + "\n" + stderrTail());
                }
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("both nodes did not serve within " + START_TIMEOUT + "; stdout " + lines
                        + "\n" + stderrTail());
                }
                Thread.sleep(250);
            }
            for (String line : lines) {
                Matcher matcher = NODE_LINE.matcher(line);
                if (matcher.matches()) {
                    smtpPorts.put(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)));
                    webAdminPorts.put(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(3)));
                }
            }
        }

        HttpResponse<String> call(int node, String method, String path, String key) throws Exception {
            return call(node, method, path, key, null);
        }

        HttpResponse<String> call(int node, String method, String path, String key, String json) throws Exception {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + webAdminPorts.get(node) + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + key);
            if (json == null) {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            } else {
                request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
            }
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }

        /** The command, its children (the nodes), and the stores' JVMs from their PID files. */
        Set<Long> processes() throws IOException {
            Set<Long> pids = new TreeSet<>();
            pids.add(process.pid());
            process.descendants().forEach(child -> pids.add(child.pid()));
            for (String pidFile : List.of("cassandra/cassandra.pid", "opensearch/opensearch.pid", "node1/cluster.pid", "node2/cluster.pid")) {
                pids.add(Long.parseLong(Files.readString(data.resolve(pidFile), StandardCharsets.US_ASCII).strip()));
            }
            pids.addAll(processesNaming(data));
            return pids;
        }

        /** SIGTERM, as a supervisor or Ctrl-C would; returns the exit code. */
        int stop() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                throw new IllegalStateException("./smtpy cluster did not exit within " + STOP_TIMEOUT + " of SIGTERM\n" + stderrTail());
            }
            return process.exitValue();
        }

        String stderrTail() {
            try {
                List<String> all = Files.readAllLines(stderr, StandardCharsets.UTF_8);
                return "stderr:\n" + String.join("\n", all.subList(Math.max(0, all.size() - 40), all.size()));
            } catch (IOException e) {
                return "(no stderr: " + e.getMessage() + ")";
            }
        }

        /** After a failure: SIGTERM lets the command stop its stores; only what is still running then is killed. */
        @Override
        public void close() throws Exception {
            if (process.isAlive()) {
                process.destroy();
                if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
            for (long pid : processesNaming(data)) {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }
}
