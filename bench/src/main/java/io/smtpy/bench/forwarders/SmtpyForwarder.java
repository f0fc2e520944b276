package io.smtpy.bench.forwarders;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * smtpy's embedded server as the product ships it, with the repository's {@code conf/} (and its JVM options), the
 * durable mail queue and the default SQLite store, relaying everything to the sink ({@code --gateway}).
 *
 * <p>Started with the command {@code ./smtpy run} ends in ({@code exec java $JAVA_OPTS -cp
 * server/target/smtpy-server-*.jar:server/target/lib/* io.smtpy.server.SmtpyServerMain}), not through the
 * launcher: the launcher rebuilds the product whenever any file under the repository is newer than its last
 * build, bench sources included, and that build would land inside the measured start. {@code bench/run.sh}
 * runs the launcher's build check itself beforehand.
 */
public final class SmtpyForwarder extends JvmForwarder {
    static final String DOMAIN = "smtpy-bench.example";

    private final Path repository;

    public SmtpyForwarder(Path repository, Path workDirectory, String javaOptions) {
        super(workDirectory, javaOptions);
        this.repository = repository;
    }

    @Override
    public String name() {
        return "smtpy";
    }

    /** Starts the server without any alias, for the import benchmark. */
    public void startEmpty(int sinkPort) throws IOException, InterruptedException {
        int smtpPort = Ports.free();
        int webAdminPort = Ports.free();
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(javaOptionList());
        command.addAll(List.of("-cp", serverClassPath(), "io.smtpy.server.SmtpyServerMain",
            "--data", workDirectory.resolve("data").toString(),
            "--conf", repository.resolve("conf").toString(),
            "--smtp-port", Integer.toString(smtpPort),
            "--webadmin-port", Integer.toString(webAdminPort),
            "--gateway", "127.0.0.1:" + sinkPort));
        launch(command, Map.of("MALLOC_ARENA_MAX", "2", "SMTPY_OPERATOR_KEY", WebAdmin.OPERATOR_KEY), repository, smtpPort, webAdminPort, "/smtpy/domains");
    }

    /**
     * The JVM options {@code ./smtpy run} uses when JAVA_OPTS is not set: the lines of {@code conf/jvm.options}
     * without comments (empty when the checkout has no such file).
     */
    public static String shippedJavaOptions(Path repository) throws IOException {
        Path file = repository.resolve("conf/jvm.options");
        if (!Files.isRegularFile(file)) {
            return "";
        }
        return Files.readAllLines(file).stream()
            .map(line -> line.replaceAll("#.*", "").trim())
            .filter(line -> !line.isEmpty())
            .collect(Collectors.joining(" "));
    }

    /** The launcher's class path: the server jar, then every jar of {@code server/target/lib}. */
    private String serverClassPath() throws IOException {
        Path target = repository.resolve("server/target");
        try (Stream<Path> files = Files.list(target)) {
            Path jar = files.filter(file -> {
                String name = file.getFileName().toString();
                return name.startsWith("smtpy-server-") && name.endsWith(".jar") && !name.contains("-tests") && !name.contains("-sources");
            }).findFirst().orElseThrow(() -> new IOException("no smtpy-server jar in " + target + "; run ./smtpy build"));
            return jar + File.pathSeparator + target.resolve("lib") + File.separator + "*";
        }
    }

    @Override
    public void start(int sinkPort) throws IOException, InterruptedException {
        startEmpty(sinkPort);
        webAdmin().put("/smtpy/domains/" + DOMAIN, null);
        for (int destinations : new int[] {ONE, THREE}) {
            String list = IntStream.rangeClosed(1, destinations)
                .mapToObj(i -> "\"" + Forwarder.destination(i) + "\"")
                .collect(Collectors.joining(","));
            webAdmin().put("/smtpy/domains/" + DOMAIN + "/aliases/" + localPart(destinations), "{\"destinations\":[" + list + "]}");
        }
    }

    @Override
    public String alias(int destinations) {
        return localPart(destinations) + "@" + DOMAIN;
    }

    private static String localPart(int destinations) {
        return "bench" + destinations;
    }
}
