package io.smtpy.bench.forwarders;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** A forwarder that is one JVM with SMTP and WebAdmin (smtpy, James): its CPU and memory are that process's. */
abstract class JvmForwarder implements Forwarder {
    /** The first node of a Cassandra keyspace creates its tables (some sixty schema changes): minutes on a loaded machine. */
    private static final Duration START_TIMEOUT = Duration.ofMinutes(5);
    private static final String PID_FILE = "server.pid";

    protected final Path workDirectory;
    protected final String javaOptions;
    private ChildProcess process;
    private int smtpPort;
    private WebAdmin webAdmin;

    JvmForwarder(Path workDirectory, String javaOptions) {
        this.workDirectory = workDirectory;
        this.javaOptions = javaOptions;
    }

    /**
     * Starts the JVM and waits until SMTP greets and {@code GET readyPath} on WebAdmin answers 200.
     */
    protected final void launch(List<String> command, Map<String, String> environment, Path directory, int smtpPort,
                                int webAdminPort, String readyPath) throws IOException, InterruptedException {
        this.smtpPort = smtpPort;
        this.webAdmin = new WebAdmin(webAdminPort);
        process = ChildProcess.start(command, environment, directory, workDirectory.resolve("console.log"));
        // For bench/run.sh, which stops what a killed harness left running.
        Files.writeString(workDirectory.resolve(PID_FILE), Long.toString(process.pid()));
        process.awaitReady(name(), START_TIMEOUT, () -> webAdmin.answers(readyPath) && Ports.smtpGreets(smtpPort));
    }

    /** The JVM options as the shell would split an unquoted $JAVA_OPTS. */
    protected final List<String> javaOptionList() {
        return Arrays.stream(javaOptions.trim().split("\\s+")).filter(option -> !option.isEmpty()).collect(Collectors.toList());
    }

    public final WebAdmin webAdmin() {
        return webAdmin;
    }

    /** Where the forwarder's files are: logs, data, configuration. */
    public final Path runDirectory() {
        return workDirectory;
    }

    public final long pid() {
        return process.pid();
    }

    @Override
    public final int smtpPort() {
        return smtpPort;
    }

    @Override
    public final long cpuTicks() {
        return ProcessStats.cpuTicks(pid());
    }

    @Override
    public final long residentKb() {
        return ProcessStats.residentKb(pid());
    }

    @Override
    public final long peakResidentKb() {
        return ProcessStats.peakResidentKb(pid());
    }

    @Override
    public final void close() {
        if (process != null) {
            process.close();
            try {
                Files.deleteIfExists(workDirectory.resolve(PID_FILE));
            } catch (IOException e) {
                System.err.println("bench: " + e);
            }
        }
        stopped();
    }

    /** After the JVM stopped (or never started): what else the forwarder started goes now. */
    protected void stopped() {
    }
}
