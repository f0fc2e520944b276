package io.smtpy.server.testing;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import io.smtpy.server.PemCertificate;
import io.smtpy.server.SmtpyServerMain;

/**
 * Runs {@link SmtpyServerMain} in a child JVM, as {@code ./smtpy run} does, so a test can do to it what an
 * operator or a crash does: SIGTERM ({@link #stop()}), SIGKILL ({@link #kill()}) and a restart on the same data
 * directory ({@link #start()} again, same ports).
 *
 * <p>The child uses the test JVM's java and class path. Ports are picked free by the harness and passed as flags,
 * or as environment variables with {@link Builder#portsThroughEnvironment()}. Its console output goes to
 * {@code <data>/forked-console.log}, which failure messages quote.
 */
public final class ForkedSmtpyServer implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

    public static Builder builder() {
        return new Builder();
    }

    /** What to start the server with; ports are picked at {@link #build()}. */
    public static final class Builder {
        private Path dataDirectory;
        private Path configurationDirectory = shippedConfiguration();
        private Optional<String> gateway = Optional.empty();
        private Optional<PemCertificate> tlsCertificate = Optional.empty();
        private boolean portsThroughEnvironment = false;
        private Duration startTimeout = START_TIMEOUT;

        private Builder() {
        }

        public Builder dataDirectory(Path dataDirectory) {
            this.dataDirectory = dataDirectory;
            return this;
        }

        public Builder configurationDirectory(Path configurationDirectory) {
            this.configurationDirectory = configurationDirectory;
            return this;
        }

        public Builder gateway(String hostAndPort) {
            this.gateway = Optional.of(hostAndPort);
            return this;
        }

        /** The submission servers' certificate, given as --tls-cert and --tls-key. */
        public Builder tlsCertificate(Path certificates, Path privateKey) {
            this.tlsCertificate = Optional.of(new PemCertificate(certificates, privateKey));
            return this;
        }

        /** Pass the ports as SMTPY_SMTP_PORT, SMTPY_SUBMISSION_PORT, SMTPY_SMTPS_PORT and SMTPY_WEBADMIN_PORT instead of flags. */
        public Builder portsThroughEnvironment() {
            this.portsThroughEnvironment = true;
            return this;
        }

        /** How long a start may take (2 minutes unless said): a first node on Cassandra creates its tables. */
        public Builder startTimeout(Duration startTimeout) {
            this.startTimeout = startTimeout;
            return this;
        }

        public ForkedSmtpyServer build() {
            if (dataDirectory == null) {
                throw new IllegalStateException("a data directory is required");
            }
            return new ForkedSmtpyServer(this, FreePorts.pick(), FreePorts.pick(), FreePorts.pick(), FreePorts.pick());
        }
    }

    /** The repository's conf/, as the build hands it to the tests. */
    public static Path shippedConfiguration() {
        String location = System.getProperty("smtpy.test.conf");
        if (location == null) {
            throw new IllegalStateException("system property smtpy.test.conf is not set (see server/pom.xml)");
        }
        return Paths.get(location).toAbsolutePath().normalize();
    }

    private final Builder settings;
    private final int smtpPort;
    private final int submissionPort;
    private final int smtpsPort;
    private final int webAdminPort;
    private final Path consoleLog;
    private Process process;

    private ForkedSmtpyServer(Builder settings, int smtpPort, int submissionPort, int smtpsPort, int webAdminPort) {
        this.settings = settings;
        this.smtpPort = smtpPort;
        this.submissionPort = submissionPort;
        this.smtpsPort = smtpsPort;
        this.webAdminPort = webAdminPort;
        this.consoleLog = settings.dataDirectory.resolve("forked-console.log");
    }

    /** Starts the child JVM and waits until SMTP greets and WebAdmin answers HTTP. */
    public ForkedSmtpyServer start() throws IOException, InterruptedException {
        if (isRunning()) {
            throw new IllegalStateException("already running, pid " + process.pid());
        }
        Files.createDirectories(settings.dataDirectory);
        List<String> command = new ArrayList<>(List.of(
            Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
            // Shorter start on small CI machines; this JVM is not measured for throughput.
            "-XX:TieredStopAtLevel=1",
            "-Xmx384m",
            "-cp", System.getProperty("java.class.path"),
            SmtpyServerMain.class.getName(),
            "--data", settings.dataDirectory.toString(),
            "--conf", settings.configurationDirectory.toString()));
        Map<String, String> environment = new HashMap<>();
        if (settings.portsThroughEnvironment) {
            environment.put("SMTPY_SMTP_PORT", String.valueOf(smtpPort));
            environment.put("SMTPY_SUBMISSION_PORT", String.valueOf(submissionPort));
            environment.put("SMTPY_SMTPS_PORT", String.valueOf(smtpsPort));
            environment.put("SMTPY_WEBADMIN_PORT", String.valueOf(webAdminPort));
        } else {
            command.addAll(List.of("--smtp-port", String.valueOf(smtpPort), "--submission-port", String.valueOf(submissionPort),
                "--smtps-port", String.valueOf(smtpsPort), "--webadmin-port", String.valueOf(webAdminPort)));
        }
        settings.gateway.ifPresent(gateway -> command.addAll(List.of("--gateway", gateway)));
        settings.tlsCertificate.ifPresent(pem -> command.addAll(List.of(
            "--tls-cert", pem.certificates().toString(), "--tls-key", pem.privateKey().toString())));

        ProcessBuilder processBuilder = new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(consoleLog.toFile()));
        // Do not let the test environment's SMTPY_* leak into the child.
        processBuilder.environment().keySet().removeIf(name -> name.startsWith("SMTPY_"));
        processBuilder.environment().putAll(environment);
        process = processBuilder.start();
        awaitReady();
        return this;
    }

    private void awaitReady() throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(settings.startTimeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("smtpy exited with " + process.exitValue() + " while starting:\n" + consoleTail());
            }
            if (smtpGreets() && webAdminAnswers()) {
                return;
            }
            Thread.sleep(250);
        }
        process.destroyForcibly().waitFor();
        throw new IllegalStateException("smtpy did not answer within " + settings.startTimeout + ":\n" + consoleTail());
    }

    private boolean smtpGreets() throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", smtpPort), 1_000);
            socket.setSoTimeout(5_000);
            byte[] greeting = new byte[3];
            int read = socket.getInputStream().readNBytes(greeting, 0, 3);
            return read == 3 && new String(greeting, StandardCharsets.US_ASCII).equals("220");
        } catch (ConnectException | SocketTimeoutException notYet) {
            return false;
        }
    }

    private boolean webAdminAnswers() throws InterruptedException {
        try {
            HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(webAdminUri("/healthcheck")).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.discarding());
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    /** SIGTERM, then waits for the exit; returns the exit code. */
    public int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new IllegalStateException("smtpy did not stop within " + STOP_TIMEOUT + " of SIGTERM:\n" + consoleTail());
        }
        return process.exitValue();
    }

    /** SIGKILL: the process gets no chance to close anything, as in a crash or an OOM kill. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    public int smtpPort() {
        return smtpPort;
    }

    /** The submission server's port (STARTTLS). */
    public int submissionPort() {
        return submissionPort;
    }

    /** The implicit-TLS submission server's port. */
    public int smtpsPort() {
        return smtpsPort;
    }

    public int webAdminPort() {
        return webAdminPort;
    }

    public URI webAdminUri(String path) {
        return URI.create("http://127.0.0.1:" + webAdminPort + path);
    }

    public Path dataDirectory() {
        return settings.dataDirectory;
    }

    /** The last lines the child printed, for failure messages. */
    public String consoleTail() {
        try {
            // Decoded leniently: a test failure message must not fail on a stray byte.
            List<String> lines = List.of(new String(Files.readAllBytes(consoleLog), StandardCharsets.UTF_8).split("\n"));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no console output: " + e.getMessage() + ")";
        }
    }

    /** Kills the child if it still runs, so a failed test leaves no server behind. */
    @Override
    public void close() {
        if (isRunning()) {
            process.destroyForcibly();
            try {
                process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
